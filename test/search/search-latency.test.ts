/**
 * Searches an index of 100,000 repositories and prints the latency per query (p50/p99 over
 * repeated runs). Only the answers are asserted, against a plain in-memory filter, so that both
 * ways of reading a page (trigram hits sorted, or the name index walked) are checked.
 */
import { openSearchIndex, type SqliteSearchIndex } from '../../src/search/sqlite-search-index';

const REPOSITORIES = 100_000;
const RUNS = 40;

function repositoryName(i: number): string {
  return `team${i % 700}/${['api', 'web', 'db', 'Worker', 'cache_v2'][i % 5]}-${i.toString(36)}`;
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

describe(`search over ${REPOSITORIES} repositories`, () => {
  let index: SqliteSearchIndex;
  const names: string[] = [];
  const description = (i: number): string | undefined => (i % 1000 === 0 ? `Milestone ${i} build` : undefined);

  beforeAll(() => {
    index = openSearchIndex(':memory:');
    for (let i = 0; i < REPOSITORIES; i++) names.push(repositoryName(i));
    index.replaceAll(names);
    for (let i = 0; i < REPOSITORIES; i += 1000) index.upsertRepository(names[i]!, description(i));
    names.sort();
  });
  afterAll(() => index.close());

  function expected(q: string, n: number, page: number): { total: number; page: string[] } {
    const term = asciiLower(q);
    const matches = names.filter((name) => {
      const i = parseInt(name.slice(name.lastIndexOf('-') + 1), 36);
      return asciiLower(name).includes(term) || asciiLower(description(i) ?? '').includes(term);
    });
    return { total: matches.length, page: matches.slice((page - 1) * n, page * n) };
  }

  const queries: [q: string, n: number, page: number][] = [
    ['', 25, 1],
    ['', 25, 4000],
    ['web', 25, 1], // a fifth of all rows: walks the name index
    ['web', 25, 700],
    ['worker-2', 25, 1],
    ['team42/', 25, 1], // selective: sorts the trigram hits
    ['team42/', 100, 2],
    ['cache_v2-1z', 25, 1],
    ['milestone', 25, 1],
    ['no-such-repository', 25, 1],
    ['library', 25, 1],
    ['db', 25, 1], // two characters: LIKE scan
    ['zz', 25, 1],
    ['9z', 25, 2],
  ];

  test.each(queries)('q=%j n=%i page=%i answers like a plain filter', (q, n, page) => {
    const want = expected(q, n, page);
    const timings: number[] = [];
    let response = index.search({ q, n, page });
    for (let run = 0; run < RUNS; run++) {
      const started = process.hrtime.bigint();
      response = index.search({ q, n, page });
      timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    timings.sort((a, b) => a - b);
    const p50 = timings[Math.floor(RUNS * 0.5)]!;
    const p99 = timings[Math.min(RUNS - 1, Math.ceil(RUNS * 0.99) - 1)]!;
    process.stdout.write(`search q=${JSON.stringify(q)} n=${n} page=${page}: ${want.total} matches, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms\n`);
    expect(response.num_results).toBe(want.total);
    expect(response.results.map((r) => r.name)).toEqual(want.page);
  });
});
