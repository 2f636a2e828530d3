/** The numbered schema files under <package root>/migrations: `0001_init.sql`, `0002_….sql`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  readonly version: number;
  readonly fileName: string;
  readonly sql: string;
}

const MIGRATION_NAME = /^(\d+)_[A-Za-z0-9_.-]+\.sql$/;

/**
 * The migrations folder next to the package.json above this module: found from src/search
 * (ts-jest) as well as from dist/search (compiled).
 */
export function defaultMigrationsDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'migrations');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no migrations folder found above ${__dirname}`);
  }
}

/** all migrations in version order; versions must run 1, 2, 3… without gaps or duplicates */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((fileName) => {
      const match = MIGRATION_NAME.exec(fileName);
      if (!match) throw new Error(`${path.join(dir, fileName)}: migration files are named <number>_<name>.sql`);
      return { version: Number(match[1]), fileName, sql: readFileSync(path.join(dir, fileName), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  files.forEach((file, index) => {
    if (file.version !== index + 1) {
      throw new Error(`${path.join(dir, file.fileName)}: expected migration version ${index + 1}, migrations must be numbered 1, 2, 3… without gaps`);
    }
  });
  if (files.length === 0) throw new Error(`${dir} holds no migrations`);
  return files;
}
