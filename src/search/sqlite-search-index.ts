/**
 * The search index on SQLite (better-sqlite3, synchronous), answered from an in-memory copy of
 * its rows (search-mirror.ts) that every write keeps in step: a query touches no disk and takes
 * about a millisecond at 100,000 repositories whatever the term's length or the page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { migrateSearchDatabase, type MigrationOutcome } from './migrate';
import type { SearchIndex, SearchQuery, SearchResponse, SearchResult } from './search-index';
import { SearchMirror, type RepositoryRow } from './search-mirror';
import { normalizeSearchPaging, pageCount } from './search-paging';

/** a write to the index: one repository's row, or all of them (a rebuild) */
export type SearchIndexChange = { readonly repository: string } | { readonly everything: true };

export interface OpenSearchIndexOptions {
  /** defaults to <package root>/migrations */
  readonly migrationsDir?: string;
}


export function openSearchIndex(file: string, options: OpenSearchIndexOptions = {}): SqliteSearchIndex {
  return new SqliteSearchIndex(file, options);
}

export class SqliteSearchIndex implements SearchIndex {
  /** what opening did to the schema (rebuild decisions look at it) */
  readonly migration: MigrationOutcome;
  private readonly db: Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly mirror = new SearchMirror();
  private changeListener: ((change: SearchIndexChange) => void) | undefined;

  constructor(
    readonly file: string,
    options: OpenSearchIndexOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new BetterSqlite3(file, { timeout: 5000 });
    try {
      this.migration = migrateSearchDatabase(this.db, { databaseFile: file, migrationsDir: options.migrationsDir });
      // only now: a refused file is left as it was
      if (file !== ':memory:') {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
      }
      this.db.exec('CREATE TEMP TABLE replacement_name (name TEXT PRIMARY KEY)');
      this.statements = prepareStatements(this.db);
      this.loadMirror();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  upsertRepository(name: string, description?: string): void {
    if (description === undefined) this.statements.insertName.run({ name });
    else this.statements.upsertWithDescription.run({ name, description });
    this.mirror.upsert(name, description);
    this.changeListener?.({ repository: name });
  }

  deleteRepository(name: string): void {
    this.statements.deleteByName.run({ name });
    this.mirror.delete(name);
    this.changeListener?.({ repository: name });
  }

  replaceAll(names: Iterable<string>): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        s.clearReplacement.run();
        for (const name of names) s.addReplacement.run({ name });
        s.deleteNotReplaced.run();
        s.insertReplacement.run();
        s.clearReplacement.run();
      })
      .immediate();
    this.loadMirror();
    this.changeListener?.({ everything: true });
  }

  /**
   * `listener` hears of every write this process makes once it is committed, so that other
   * processes serving from the same database can refresh their copy (see refresh)
   */
  onChange(listener: (change: SearchIndexChange) => void): void {
    this.changeListener = listener;
  }

  /** re-reads from the database what another process changed */
  refresh(change: SearchIndexChange): void {
    if (!('repository' in change)) {
      this.loadMirror();
      return;
    }
    const row = this.statements.rowByName.get({ name: change.repository }) as RepositoryRow | undefined;
    if (row) this.mirror.upsert(row.name, row.description);
    else this.mirror.delete(change.repository);
  }

  search(query: SearchQuery): SearchResponse {
    const term = query.q ?? '';
    const { pageSize, page, offset } = normalizeSearchPaging(query);
    const rows = this.mirror.match(term, offset, pageSize);
    return {
      query: term,
      num_results: rows.total,
      num_pages: pageCount(rows.total, pageSize),
      page,
      page_size: pageSize,
      results: Array.from(rows.page, toResult),
    };
  }

  private loadMirror(): void {
    this.mirror.load(this.statements.allNames.all() as string[], this.statements.describedRows.iterate() as Iterable<[string, string | null]>);
  }

  isEmpty(): boolean {
    return this.mirror.size === 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function prepareStatements(db: Database) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    insertName: prepare('INSERT INTO repository (name) VALUES (@name) ON CONFLICT (name) DO NOTHING'),
    upsertWithDescription: prepare(
      `INSERT INTO repository (name, description) VALUES (@name, @description)
       ON CONFLICT (name) DO UPDATE SET description = excluded.description WHERE description IS NOT excluded.description`,
    ),
    deleteByName: prepare('DELETE FROM repository WHERE name = @name'),
    clearReplacement: prepare('DELETE FROM temp.replacement_name'),
    addReplacement: prepare('INSERT OR IGNORE INTO temp.replacement_name (name) VALUES (@name)'),
    deleteNotReplaced: prepare('DELETE FROM repository WHERE name NOT IN (SELECT name FROM temp.replacement_name)'),
    insertReplacement: prepare(
      'INSERT INTO repository (name) SELECT name FROM temp.replacement_name WHERE true ORDER BY name ON CONFLICT (name) DO NOTHING',
    ),
    allNames: prepare('SELECT name FROM repository ORDER BY name').pluck(),
    rowByName: prepare('SELECT name, description FROM repository WHERE name = @name'),
    describedRows: prepare('SELECT name, description FROM repository WHERE description IS NOT NULL').raw(),
  };
}

function toResult(row: RepositoryRow): SearchResult {
  return { name: row.name, description: row.description, star_count: 0, is_official: false, is_trusted: false, is_automated: false };
}
