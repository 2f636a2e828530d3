/** What an opened SQLite file holds before migration: nothing, a Janus index, or docker-registry's index. */
import type { Database } from 'better-sqlite3';
import { SearchIndexDatabaseError } from './search-index-error';
import { recordedSchemaVersion } from './schema-version';

export type DatabaseKind =
  | { readonly kind: 'empty' }
  | { readonly kind: 'janus'; readonly version: number }
  /** docker-registry 0.6-0.9 (`search_backend: sqlalchemy`): tables `version` (id 1) and `repository` */
  | { readonly kind: 'docker-registry' };

/** docker-registry's SQLAlchemy index declares this version; it refuses any other */
const DOCKER_REGISTRY_INDEX_VERSION = 1;

export function inspectDatabase(db: Database, file: string): DatabaseKind {
  const tables = tableNames(db, file);
  if (tables.has('schema_version')) return { kind: 'janus', version: recordedSchemaVersion(db) };
  if (tables.size === 0) return { kind: 'empty' };
  if (tables.has('version') && tables.has('repository')) {
    checkDockerRegistryDatabase(db, file);
    return { kind: 'docker-registry' };
  }
  throw new SearchIndexDatabaseError(
    `search index database "${file}" is neither a Janus nor a docker-registry search index ` +
      `(it has the tables ${[...tables].sort().join(', ')} and no schema_version); point the search index at another file`,
  );
}

function tableNames(db: Database, file: string): Set<string> {
  try {
    const rows = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).all() as { name: string }[];
    return new Set(rows.map((row) => row.name));
  } catch (error) {
    throw new SearchIndexDatabaseError(`search index database "${file}" cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

function checkDockerRegistryDatabase(db: Database, file: string): void {
  const versions = (db.prepare('SELECT id FROM version').all() as { id: unknown }[]).map((row) => row.id);
  if (versions.length !== 1 || versions[0] !== DOCKER_REGISTRY_INDEX_VERSION) {
    throw new SearchIndexDatabaseError(
      `search index database "${file}" is a docker-registry index at version ${versions.join(', ') || '(none)'}; ` +
        `Janus adopts only version ${DOCKER_REGISTRY_INDEX_VERSION}. Delete the file to rebuild the index from storage`,
    );
  }
  const columns = new Set((db.prepare('SELECT name FROM pragma_table_info(?)').all('repository') as { name: string }[]).map((c) => c.name));
  if (!columns.has('name') || !columns.has('description')) {
    throw new SearchIndexDatabaseError(`search index database "${file}": its docker-registry table "repository" has no name/description columns`);
  }
}
