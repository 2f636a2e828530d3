/**
 * Brings a search index database to the newest schema: applies migrations/NNNN_*.sql in order,
 * each in its own transaction, recording each in `schema_version`. A database written by a newer
 * Janus is refused; docker-registry's own index file is adopted in place (adopt-docker-registry.ts).
 */
import type { Database } from 'better-sqlite3';
import { adoptDockerRegistryDatabase } from './adopt-docker-registry';
import { inspectDatabase } from './database-kind';
import { defaultMigrationsDir, readMigrationFiles, type MigrationFile } from './migration-files';
import { SearchIndexDatabaseError } from './search-index-error';
import { ensureSchemaVersionTable, recordedSchemaVersion, recordSchemaVersion } from './schema-version';

export interface MigrateOptions {
  /** the database file, for messages */
  readonly databaseFile: string;
  /** defaults to <package root>/migrations */
  readonly migrationsDir?: string;
}

export interface MigrationOutcome {
  /** schema version found on opening; 0 for an empty database or a docker-registry one */
  readonly previousVersion: number;
  readonly version: number;
  /** migration files applied now, in order */
  readonly applied: readonly string[];
  /** the database had no tables at all */
  readonly created: boolean;
  /** the database was docker-registry's search index and was taken over */
  readonly adoptedDockerRegistry: boolean;
}

export function migrateSearchDatabase(db: Database, options: MigrateOptions): MigrationOutcome {
  const file = options.databaseFile;
  const migrations = readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir());
  const found = inspectDatabase(db, file);
  const previousVersion = found.kind === 'janus' ? found.version : 0;
  refuseIfNewer(previousVersion, migrations, file);

  const applied: string[] = [];
  let adoptedDockerRegistry = false;
  if (found.kind === 'docker-registry') {
    db.transaction(() => {
      // another process may have adopted it between the inspection and the lock
      if (inspectDatabase(db, file).kind !== 'docker-registry') return;
      adoptDockerRegistryDatabase(db, migrations[0]!);
      adoptedDockerRegistry = true;
      applied.push(migrations[0]!.fileName);
    }).immediate();
  }
  for (const migration of migrations) {
    db.transaction(() => {
      const current = recordedSchemaVersion(db);
      refuseIfNewer(current, migrations, file);
      if (current >= migration.version) return;
      ensureSchemaVersionTable(db);
      applySql(db, migration, file);
      recordSchemaVersion(db, migration.version, migration.fileName);
      applied.push(migration.fileName);
    }).immediate();
  }
  return {
    previousVersion,
    version: recordedSchemaVersion(db),
    applied,
    created: found.kind === 'empty',
    adoptedDockerRegistry,
  };
}

function applySql(db: Database, migration: MigrationFile, file: string): void {
  try {
    db.exec(migration.sql);
  } catch (error) {
    throw new SearchIndexDatabaseError(`search index database "${file}": ${migration.fileName} failed: ${(error as Error).message}`, { cause: error });
  }
}

function refuseIfNewer(version: number, migrations: readonly MigrationFile[], file: string): void {
  const latest = migrations[migrations.length - 1]!;
  if (version <= latest.version) return;
  throw new SearchIndexDatabaseError(
    `search index database "${file}" has schema version ${version}, newer than this Janus knows ` +
      `(version ${latest.version}, ${latest.fileName}). It was written by a newer Janus: run that, ` +
      `or delete the file so that the index is rebuilt from storage`,
  );
}
