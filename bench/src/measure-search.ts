/**
 * /v1/search latency with a large index: the SQLite file is filled through the compiled
 * src/search (openSearchIndex + replaceAll) before Janus starts on it. Each query shape is first
 * asked sequentially by the bench's Node client (answers checked, per-shape p99 noted); the
 * figures of the table come from wrk cycling through all shapes on one keep-alive connection.
 */
import { join } from 'node:path';
import { expectStatus, send } from './blob-client';
import { seconds, type BenchContext } from './context';
import { measureLatency } from './latency';
import { PROJECT_ROOT } from './options';
import { percentile } from './stats';

type SearchModule = typeof import('../../src/search');

function repositoryName(i: number): string {
  return `team${i % 700}/${['api', 'web', 'db', 'Worker', 'cache_v2'][i % 5]}-${i.toString(36)}`;
}

/** writes `count` repositories (every 1000th with a description) into a new index file */
export function populateSearchIndex(file: string, count: number): number {
  const started = process.hrtime.bigint();
  // the same compiled code Janus runs, so the schema matches
  const search = require(join(PROJECT_ROOT, 'dist', 'search')) as SearchModule;
  const index = search.openSearchIndex(file);
  try {
    const names = Array.from({ length: count }, (_, i) => repositoryName(i));
    index.replaceAll(names);
    for (let i = 0; i < count; i += 1000) index.upsertRepository(names[i]!, `Milestone ${i} build`);
  } finally {
    index.close();
  }
  return seconds(started);
}

/** the query mix of test/search/search-latency.test.ts: trigram hits sorted, name index walked, LIKE scans */
const QUERIES: readonly [q: string, n: number, page: number][] = [
  ['', 25, 1],
  ['', 25, 4000],
  ['web', 25, 1],
  ['web', 25, 700],
  ['worker-2', 25, 1],
  ['team42/', 25, 1],
  ['team42/', 100, 2],
  ['cache_v2-1z', 25, 1],
  ['milestone', 25, 1],
  ['no-such-repository', 25, 1],
  ['library', 25, 1],
  ['db', 25, 1],
  ['zz', 25, 1],
  ['9z', 25, 2],
];

export async function measureSearch(ctx: BenchContext, populateSeconds: number): Promise<void> {
  const runs = ctx.options.searchRuns;
  ctx.log(`search: ${QUERIES.length} query shapes against ${ctx.options.searchRepositories} repositories: ${runs} runs each (Node client), then wrk for ${ctx.options.searchSeconds} s`);
  try {
    const paths = QUERIES.map(([q, n, page]) => `/v1/search?${new URLSearchParams({ q, n: String(n), page: String(page) })}`);
    const all: number[] = [];
    const perQuery: [string, number][] = [];
    for (const [index, [q, n, page]] of QUERIES.entries()) {
      const url = ctx.janus.url + paths[index]!;
      expectStatus(await send('GET', url), 200, `GET ${url}`); // warm-up
      const timings: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = process.hrtime.bigint();
        const answer = expectStatus(await send('GET', url), 200, `GET ${url}`);
        timings.push(seconds(started) * 1000);
        JSON.parse(answer.body.toString('utf8'));
      }
      all.push(...timings);
      perQuery.push([`q=${JSON.stringify(q)} n=${n} page=${page}`, percentile(timings, 99)]);
    }
    const slowest = [...perQuery].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([what, ms]) => `${what} ${ms.toFixed(2)} ms`);
    const measured = await measureLatency(ctx.janus.url, paths, ctx.options.searchSeconds, ctx.workDir);
    const detail =
      `wrk on one connection for ${ctx.options.searchSeconds} s, cycling through ${QUERIES.length} query shapes: ${measured.requests} requests, slowest ${measured.maxMs.toFixed(1)} ms; ` +
      `index of ${ctx.options.searchRepositories.toLocaleString('en-US')} filled in ${populateSeconds.toFixed(1)} s. ` +
      `The bench's own Node client, ${all.length} sequential requests: p50 ${percentile(all, 50).toFixed(2)} ms, p99 ${percentile(all, 99).toFixed(2)} ms (slowest shapes: ${slowest.join('; ')})`;
    ctx.results.set('search-p50', { janus: measured.p50Ms });
    ctx.results.set('search-p99', { janus: measured.p99Ms, detail });
  } catch (error) {
    ctx.results.fail(['search-p50', 'search-p99'], error);
  }
}
