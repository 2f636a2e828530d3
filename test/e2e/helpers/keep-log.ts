/** When E2E_LOG_DIR is set, server logs are saved there on stop (temp folders are removed). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function keepLog(name: string, text: string): Promise<void> {
  const dir = process.env.E2E_LOG_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}-${Date.now()}.log`), text);
}
