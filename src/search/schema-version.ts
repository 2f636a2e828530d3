/** The `schema_version` table: one row per applied migration; the highest row is the version. */
import type { Database } from 'better-sqlite3';

export function ensureSchemaVersionTable(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    note TEXT
  )`);
}

/** 0 when no migration was applied (or the table does not exist yet) */
export function recordedSchemaVersion(db: Database): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

export function recordSchemaVersion(db: Database, version: number, file: string, note?: string): void {
  db.prepare('INSERT INTO schema_version (version, file, applied_at, note) VALUES (?, ?, ?, ?)').run(version, file, new Date().toISOString(), note ?? null);
}
