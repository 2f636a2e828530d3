/**
 * The search index on SQLite (better-sqlite3, synchronous). Matching uses a trigram FTS5 index
 * (migrations/0001_init.sql) for terms of 3+ characters and a LIKE scan otherwise; a page is read
 * either by sorting the trigram hits or by walking the name index, whichever touches fewer rows.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { LIKE_ESCAPE, likeContainsPattern, trigramPhrase, trigramSearchable } from './match-pattern';
import { migrateSearchDatabase, type MigrationOutcome } from './migrate';
import type { SearchIndex, SearchQuery, SearchResponse, SearchResult } from './search-index';
import { normalizeSearchPaging, pageCount } from './search-paging';

export interface OpenSearchIndexOptions {
  /** defaults to <package root>/migrations */
  readonly migrationsDir?: string;
}

interface RepositoryRow {
  readonly name: string;
  readonly description: string | null;
}

interface Page {
  readonly limit: number;
  readonly offset: number;
}

/**
 * Reading a page from the trigram hits (match again, fetch, sort) costs about as much as walking
 * this many rows of the name index per hit (measured at 100,000 repositories).
 */
const WALKED_ROWS_PER_TRIGRAM_HIT = 4;

const LIKE_MATCH = `(name LIKE @pattern ESCAPE '${LIKE_ESCAPE}' OR description LIKE @pattern ESCAPE '${LIKE_ESCAPE}')`;

export function openSearchIndex(file: string, options: OpenSearchIndexOptions = {}): SqliteSearchIndex {
  return new SqliteSearchIndex(file, options);
}

export class SqliteSearchIndex implements SearchIndex {
  /** what opening did to the schema (rebuild decisions look at it) */
  readonly migration: MigrationOutcome;
  private readonly db: Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** count and page read in one snapshot */
  private readonly readMatches: (term: string, page: Page) => { total: number; page: RepositoryRow[] };

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
      this.readMatches = this.db.transaction((term: string, page: Page) => this.matching(term, page));
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  upsertRepository(name: string, description?: string): void {
    if (description === undefined) this.statements.insertName.run({ name });
    else this.statements.upsertWithDescription.run({ name, description });
  }

  deleteRepository(name: string): void {
    this.statements.deleteByName.run({ name });
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
  }

  search(query: SearchQuery): SearchResponse {
    const term = query.q ?? '';
    const { pageSize, page, offset } = normalizeSearchPaging(query);
    const rows = this.readMatches(term, { limit: pageSize, offset });
    return {
      query: term,
      num_results: rows.total,
      num_pages: pageCount(rows.total, pageSize),
      page,
      page_size: pageSize,
      results: Array.from(rows.page, toResult),
    };
  }

  isEmpty(): boolean {
    return this.statements.countAll.get() === 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private matching(term: string, page: Page): { total: number; page: RepositoryRow[] } {
    const s = this.statements;
    if (term === '') {
      const total = s.countAll.get() as number;
      return { total, page: page.offset < total ? (s.pageAll.all(page) as RepositoryRow[]) : [] };
    }
    // SQLite ends LIKE patterns and FTS strings at NUL; no stored name or description holds one
    if (term.includes('\0')) return { total: 0, page: [] };
    const pattern = likeContainsPattern(term);
    if (!trigramSearchable(term)) {
      const total = s.countLike.get({ pattern }) as number;
      // a walk stops once the page is full, so it never reads more than a table scan would
      return { total, page: page.offset < total ? (s.pageLikeByName.all({ pattern, ...page }) as RepositoryRow[]) : [] };
    }
    const phrase = trigramPhrase(term);
    const total = s.countTrigram.get({ phrase }) as number;
    if (page.offset >= total) return { total, page: [] };
    const rowsInIndex = s.countAll.get() as number;
    const walk = rowsWalkedForPage(page, rowsInIndex, total) < WALKED_ROWS_PER_TRIGRAM_HIT * total;
    return { total, page: (walk ? s.pageLikeByName.all({ pattern, ...page }) : s.pageTrigram.all({ phrase, ...page })) as RepositoryRow[] };
  }
}

/** walking names in order until the page is full reads about (offset+limit) × rows/matches rows */
function rowsWalkedForPage(page: Page, rowsInIndex: number, matches: number): number {
  return ((page.offset + page.limit) * rowsInIndex) / matches;
}

function prepareStatements(db: Database) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  const prepareCount = (sql: string): Statement => db.prepare(sql).pluck();
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
    countAll: prepareCount('SELECT count(*) FROM repository'),
    pageAll: prepare('SELECT name, description FROM repository ORDER BY name LIMIT @limit OFFSET @offset'),
    countLike: prepareCount(`SELECT count(*) FROM repository WHERE ${LIKE_MATCH}`),
    pageLikeByName: prepare(
      `SELECT name, description FROM repository WHERE ${LIKE_MATCH} ORDER BY name LIMIT @limit OFFSET @offset`,
    ),
    countTrigram: prepareCount('SELECT count(*) FROM repository_text WHERE repository_text MATCH @phrase'),
    pageTrigram: prepare(
      `SELECT r.name, r.description FROM repository_text t JOIN repository r ON r.id = t.rowid
       WHERE repository_text MATCH @phrase ORDER BY r.name LIMIT @limit OFFSET @offset`,
    ),
  };
}

function toResult(row: RepositoryRow): SearchResult {
  return { name: row.name, description: row.description, star_count: 0, is_official: false, is_trusted: false, is_automated: false };
}
