import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { defaultMigrationsDir, readMigrationFiles } from '../../src/search/migration-files';
import { SearchIndexDatabaseError } from '../../src/search/search-index-error';
import { openSearchIndex } from '../../src/search/sqlite-search-index';

const latest = readMigrationFiles(defaultMigrationsDir()).at(-1)!;

describe('search index migrations', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'janus-search-'));
    file = path.join(dir, 'index.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function schemaVersions(): { version: number; file: string; note: string | null }[] {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return db.prepare('SELECT version, file, note FROM schema_version ORDER BY version').all() as { version: number; file: string; note: string | null }[];
    } finally {
      db.close();
    }
  }

  test('the migrations folder is found from the package root and numbered from 1', () => {
    expect(path.relative(path.resolve(__dirname, '..', '..'), defaultMigrationsDir())).toBe('migrations');
    const files = readMigrationFiles(defaultMigrationsDir());
    expect(files[0]!.fileName).toBe('0001_init.sql');
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
  });

  test('a new file gets every migration, recorded in schema_version', () => {
    const index = openSearchIndex(file);
    expect(index.migration).toEqual({
      previousVersion: 0,
      version: latest.version,
      applied: readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql')).sort(),
      created: true,
      adoptedDockerRegistry: false,
    });
    expect(index.isEmpty()).toBe(true);
    index.close();
    expect(schemaVersions().map((row) => row.version)).toEqual(readMigrationFiles(defaultMigrationsDir()).map((f) => f.version));
  });

  test('reopening applies nothing and keeps the rows', () => {
    const first = openSearchIndex(file);
    first.upsertRepository('library/busybox', 'a small image');
    first.close();
    const again = openSearchIndex(file);
    expect(again.migration).toEqual({ previousVersion: latest.version, version: latest.version, applied: [], created: false, adoptedDockerRegistry: false });
    expect(again.search({ q: 'busy' }).results.map((r) => [r.name, r.description])).toEqual([['library/busybox', 'a small image']]);
    again.close();
  });

  test('a later migration file is applied to an existing database in its own step', () => {
    const migrations = path.join(dir, 'migrations');
    mkdirSync(migrations);
    copyFileSync(path.join(defaultMigrationsDir(), '0001_init.sql'), path.join(migrations, '0001_init.sql'));
    openSearchIndex(file, { migrationsDir: migrations }).close();
    writeFileSync(path.join(migrations, '0002_star_count.sql'), 'ALTER TABLE repository ADD COLUMN star_count INTEGER NOT NULL DEFAULT 0;');
    const index = openSearchIndex(file, { migrationsDir: migrations });
    expect(index.migration).toMatchObject({ previousVersion: 1, version: 2, applied: ['0002_star_count.sql'], created: false });
    index.close();
    expect(schemaVersions().map((row) => [row.version, row.file])).toEqual([
      [1, '0001_init.sql'],
      [2, '0002_star_count.sql'],
    ]);
  });

  test('a failing migration is rolled back and named', () => {
    const migrations = path.join(dir, 'migrations');
    mkdirSync(migrations);
    copyFileSync(path.join(defaultMigrationsDir(), '0001_init.sql'), path.join(migrations, '0001_init.sql'));
    writeFileSync(path.join(migrations, '0002_broken.sql'), 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;');
    expect(() => openSearchIndex(file, { migrationsDir: migrations })).toThrow(/0002_broken\.sql failed: no such table: no_such_table/);
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
    expect(schemaVersions().map((row) => row.version)).toEqual([1]);
  });

  test('a database written by a newer Janus is refused, naming the file and both versions', () => {
    openSearchIndex(file).close();
    const db = new BetterSqlite3(file);
    db.prepare(`INSERT INTO schema_version (version, file, applied_at) VALUES (?, '9999_future.sql', 'now')`).run(latest.version + 5);
    db.close();
    let error: unknown;
    try {
      openSearchIndex(file).close();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SearchIndexDatabaseError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain(`schema version ${latest.version + 5}`);
    expect(message).toContain(`version ${latest.version}, ${latest.fileName}`);
  });

  describe('a docker-registry (SQLAlchemy) index file', () => {
    function writeDockerRegistryDatabase(version: number, rows: [string, string | null][]): void {
      // the schema SQLAlchemy creates for docker_registry/lib/index/db.py
      const db = new BetterSqlite3(file);
      db.exec(`CREATE TABLE version (id INTEGER NOT NULL, PRIMARY KEY (id));
               CREATE TABLE repository (id INTEGER NOT NULL, name VARCHAR(95) NOT NULL, description VARCHAR(100), PRIMARY KEY (id), UNIQUE (name));`);
      db.prepare('INSERT INTO version (id) VALUES (?)').run(version);
      const insert = db.prepare('INSERT INTO repository (name, description) VALUES (?, ?)');
      for (const [name, description] of rows) insert.run(name, description);
      db.close();
    }

    test('is adopted in place, keeping its rows', () => {
      writeDockerRegistryDatabase(1, [
        ['library/busybox', ''],
        ['acme/web', null],
        ['acme/100%_real', 'Described'],
      ]);
      const index = openSearchIndex(file);
      expect(index.migration).toMatchObject({ previousVersion: 0, version: latest.version, created: false, adoptedDockerRegistry: true });
      expect(index.migration.applied[0]).toBe('0001_init.sql');
      expect(index.search({}).results.map((r) => [r.name, r.description])).toEqual([
        ['acme/100%_real', 'Described'],
        ['acme/web', null],
        ['library/busybox', ''],
      ]);
      expect(index.search({ q: 'DESCRIBED' }).num_results).toBe(1);
      index.close();

      const db = new BetterSqlite3(file, { readonly: true });
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      db.close();
      expect(tables).not.toContain('version');
      expect(tables).not.toContain('docker_registry_repository');
      expect(schemaVersions()[0]).toMatchObject({ version: 1, note: 'adopted a docker-registry search index' });

      const reopened = openSearchIndex(file);
      expect(reopened.migration).toMatchObject({ applied: [], adoptedDockerRegistry: false });
      expect(reopened.search({}).num_results).toBe(3);
      reopened.close();
    });

    test('at a version docker-registry itself would refuse, it is refused', () => {
      writeDockerRegistryDatabase(2, [['library/busybox', '']]);
      expect(() => openSearchIndex(file)).toThrow(SearchIndexDatabaseError);
      expect(() => openSearchIndex(file)).toThrow(/docker-registry index at version 2; Janus adopts only version 1/);
    });
  });

  test('an unrelated SQLite database is refused untouched', () => {
    const db = new BetterSqlite3(file);
    db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    db.close();
    expect(() => openSearchIndex(file)).toThrow(/neither a Janus nor a docker-registry search index \(it has the tables users/);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.prepare(`SELECT count(*) AS n FROM sqlite_master`).get()).toEqual({ n: 1 });
    check.close();
  });

  test('a file that is not a database is refused with its name', () => {
    writeFileSync(file, 'this is not sqlite, but long enough to have a header of one hundred bytes or so. '.repeat(3));
    expect(() => openSearchIndex(file)).toThrow(new RegExp(`"${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" cannot be read`));
  });

  test('the parent folder is created', () => {
    const nested = path.join(dir, 'a', 'b', 'index.db');
    const index = openSearchIndex(nested);
    expect(index.isEmpty()).toBe(true);
    index.close();
  });
});
