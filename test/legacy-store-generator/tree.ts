/** Reading a generated store back in tests. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** relative path → content of every file under root */
export function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(root, relative)).sort()) {
      const path = relative ? `${relative}/${name}` : name;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else files.set(path, readFileSync(join(root, path)));
    }
  };
  walk('');
  return files;
}

export function readText(root: string, relative: string): string {
  return readFileSync(join(root, relative), 'utf8');
}

/** a temp directory per test file, removed afterwards */
export function useTempDirectory(): () => string {
  let directory: string | undefined;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'legacy-store-'));
  });
  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });
  return () => directory!;
}
