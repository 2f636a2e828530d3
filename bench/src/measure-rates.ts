/**
 * Request rates under bounded load (32 connections, a few seconds each) on small, hot resources:
 * Janus (one process), Janus with 2 worker processes and the reference, in turn each round.
 */
import type { BenchContext } from './context';
import { runLoad } from './load';
import type { RowId } from './rows';
import { makeSmallImage, OCI_MANIFEST, pushSmallImage, type SmallImage } from './small-image';

const REPO = 'bench/rate';
const TAG = '1';
const RATE_ROUNDS_MAX = 3;

interface RateCase {
  readonly id: RowId;
  /** the row of Janus with 2 workers */
  readonly workersId: RowId;
  readonly method: 'GET' | 'HEAD';
  readonly path: (image: SmallImage) => string;
  readonly headers?: Record<string, string>;
}

const CASES: readonly RateCase[] = [
  { id: 'rate-manifest-get', workersId: 'rate-manifest-get-workers', method: 'GET', path: () => `/v2/${REPO}/manifests/${TAG}`, headers: { Accept: OCI_MANIFEST } },
  { id: 'rate-manifest-head', workersId: 'rate-manifest-head-workers', method: 'HEAD', path: () => `/v2/${REPO}/manifests/${TAG}`, headers: { Accept: OCI_MANIFEST } },
  { id: 'rate-v2-base', workersId: 'rate-v2-base-workers', method: 'GET', path: () => '/v2/' },
  { id: 'rate-small-blob', workersId: 'rate-small-blob-workers', method: 'GET', path: (image) => `/v2/${REPO}/blobs/${image.layerDigest}` },
  { id: 'rate-tags-list', workersId: 'rate-tags-list-workers', method: 'GET', path: () => `/v2/${REPO}/tags/list` },
];

export async function measureRates(ctx: BenchContext): Promise<void> {
  const image = makeSmallImage();
  try {
    for (const server of [ctx.janus, ctx.janusWorkers, ctx.reference]) await pushSmallImage(server.url, REPO, TAG, image);
  } catch (error) {
    ctx.results.fail(CASES.flatMap((c) => [c.id, c.workersId]), error);
    return;
  }
  const rounds = Math.min(ctx.options.rounds, RATE_ROUNDS_MAX);
  for (const rate of CASES) {
    ctx.log(`${rate.id}: ${rate.method} ${rate.path(image)} × ${rounds} rounds of ${ctx.options.loadSeconds} s`);
    try {
      const single: number[] = [];
      const workers: number[] = [];
      const reference: number[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const [server, samples] of [[ctx.janus, single], [ctx.janusWorkers, workers], [ctx.reference, reference]] as const) {
          const result = await runLoad({
            url: server.url + rate.path(image),
            method: rate.method,
            headers: rate.headers,
            connections: ctx.options.loadConnections,
            seconds: ctx.options.loadSeconds,
          });
          samples.push(result.requestsPerSecond);
        }
      }
      const tool = rate.method === 'HEAD' ? 'hey' : 'wrk';
      const perRound = (values: number[]): string => values.map(Math.round).join(', ');
      ctx.results.setSamples(rate.id, single, reference, `${tool}; req/s per round J ${perRound(single)} / ref ${perRound(reference)}`);
      ctx.results.setSamples(rate.workersId, workers, reference, `${tool}; req/s per round J×2 ${perRound(workers)} / ref ${perRound(reference)}`);
    } catch (error) {
      ctx.results.fail([rate.id, rate.workersId], error);
    }
  }
}
