/**
 * Finds client binaries on PATH. Missing tools never pass silently: with CI set the test file
 * fails; locally its tests are skipped with a visible warning.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function hasTool(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function missingTools(names: readonly string[]): string[] {
  return names.filter((name) => !hasTool(name));
}

/** CI=true (or any value but "" / "0" / "false") */
export function isCi(): boolean {
  const value = (process.env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * `describe` when every tool is present; otherwise throws under CI and returns `describe.skip`
 * (after a console.warn) locally.
 */
export function describeWithTools(names: readonly string[]): jest.Describe {
  const missing = missingTools(names);
  if (missing.length === 0) return describe;
  const message = `e2e: missing ${missing.join(', ')} on PATH; install with: sudo bash scripts/install-test-deps.sh`;
  if (isCi()) throw new Error(`${message} (CI is set, so this is a failure, not a skip)`);
  console.warn(`${message}. SKIPPING these tests.`);
  return describe.skip;
}
