/** Request rates under bounded load (32 connections, a few seconds each) on small, hot resources. */
import { alternate, type BenchContext } from './context';
import { runLoad } from './load';
import type { RowId } from './rows';
import { makeSmallImage, OCI_MANIFEST, pushSmallImage, type SmallImage } from './small-image';

const REPO = 'bench/rate';
const TAG = '1';
const RATE_ROUNDS_MAX = 3;

interface RateCase {
  readonly id: RowId;
  readonly method: 'GET' | 'HEAD';
  readonly path: (image: SmallImage) => string;
  readonly headers?: Record<string, string>;
}

const CASES: readonly RateCase[] = [
  { id: 'rate-manifest-get', method: 'GET', path: () => `/v2/${REPO}/manifests/${TAG}`, headers: { Accept: OCI_MANIFEST } },
  { id: 'rate-manifest-head', method: 'HEAD', path: () => `/v2/${REPO}/manifests/${TAG}`, headers: { Accept: OCI_MANIFEST } },
  { id: 'rate-v2-base', method: 'GET', path: () => '/v2/' },
  { id: 'rate-small-blob', method: 'GET', path: (image) => `/v2/${REPO}/blobs/${image.layerDigest}` },
  { id: 'rate-tags-list', method: 'GET', path: () => `/v2/${REPO}/tags/list` },
];

export async function measureRates(ctx: BenchContext): Promise<void> {
  const image = makeSmallImage();
  try {
    for (const server of [ctx.janus, ctx.reference]) await pushSmallImage(server.url, REPO, TAG, image);
  } catch (error) {
    ctx.results.fail(CASES.map((c) => c.id), error);
    return;
  }
  const rounds = Math.min(ctx.options.rounds, RATE_ROUNDS_MAX);
  for (const rate of CASES) {
    ctx.log(`${rate.id}: ${rate.method} ${rate.path(image)} × ${rounds} rounds of ${ctx.options.loadSeconds} s`);
    try {
      const samples = await alternate(ctx, rounds, async (server) => {
        const result = await runLoad({
          url: server.url + rate.path(image),
          method: rate.method,
          headers: rate.headers,
          connections: ctx.options.loadConnections,
          seconds: ctx.options.loadSeconds,
        });
        return result.requestsPerSecond;
      });
      const tool = rate.method === 'HEAD' ? 'hey' : 'wrk';
      ctx.results.setSamples(rate.id, samples.janus, samples.reference, `${tool}; req/s per round J ${samples.janus.map(Math.round).join(', ')} / ref ${samples.reference.map(Math.round).join(', ')}`);
    } catch (error) {
      ctx.results.fail([rate.id], error);
    }
  }
}
