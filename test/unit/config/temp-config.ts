import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes config files into a private temp directory; call cleanup() in afterAll. */
export function createTempConfigDir(): { dir: string; write(name: string, text: string): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janus-config-'));
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const FIXTURES = path.resolve(__dirname, '../../fixtures/config');
export const SAMPLE = path.resolve(__dirname, '../../../config_sample.yml');
