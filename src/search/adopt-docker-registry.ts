/**
 * Takes over docker-registry's SQLAlchemy search index in place (the file its
 * `sqlalchemy_index_database` pointed at): its rows are kept, its own tables are dropped. This
 * is one-way; docker-registry cannot open the file afterwards (copy it first to keep it).
 */
import type { Database } from 'better-sqlite3';
import type { MigrationFile } from './migration-files';
import { ensureSchemaVersionTable, recordSchemaVersion } from './schema-version';

const LEGACY_TABLE = 'docker_registry_repository';

/** call inside a write transaction; `init` is migration 1, whose `repository` table receives the rows */
export function adoptDockerRegistryDatabase(db: Database, init: MigrationFile): void {
  db.exec(`ALTER TABLE repository RENAME TO ${LEGACY_TABLE}; DROP TABLE version;`);
  ensureSchemaVersionTable(db);
  db.exec(init.sql);
  db.exec(`INSERT OR IGNORE INTO repository (name, description)
           SELECT name, description FROM ${LEGACY_TABLE} WHERE name IS NOT NULL ORDER BY id;
           DROP TABLE ${LEGACY_TABLE};`);
  recordSchemaVersion(db, init.version, init.fileName, 'adopted a docker-registry search index');
}
