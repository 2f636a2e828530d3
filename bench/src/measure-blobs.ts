/**
 * Raw blob transfer: monolithic and chunked uploads of the medium and large file (MiB/s, blob
 * deleted again after each round so every round really uploads), peak RSS during the large
 * uploads, and GET of the medium blob by curl.
 */
import { deleteBlob, pushChunked, pushMonolithic } from './blob-client';
import { alternate, seconds, type BenchContext } from './context';
import { curlDownload } from './curl-get';
import { runCommand } from './run-command';
import type { TestFile } from './random-file';
import { measurePeakRss } from './rss';
import type { RowId } from './rows';
import type { ServerKind } from './servers';
import { mibPerSecond, MiB } from './stats';

const REPO = 'bench/blobs';

type Upload = 'monolithic' | 'chunked';

export async function measureBlobs(ctx: BenchContext): Promise<void> {
  const peakRss: Record<ServerKind, number[]> = { janus: [], reference: [] };
  const uploads: [RowId, Upload, TestFile, number][] = [
    ['push-mono-small', 'monolithic', ctx.mediumFile, ctx.options.rounds],
    ['push-mono-big', 'monolithic', ctx.largeFile, ctx.options.bigRounds],
    ['push-chunked-small', 'chunked', ctx.mediumFile, ctx.options.rounds],
    ['push-chunked-big', 'chunked', ctx.largeFile, ctx.options.bigRounds],
  ];
  for (const [id, kind, file, rounds] of uploads) {
    ctx.log(`${id}: ${kind} upload of ${(file.size / MiB).toFixed(1)} MiB × ${rounds} rounds`);
    const large = file === ctx.largeFile;
    try {
      const samples = await alternate(ctx, rounds, async (server) => {
        let elapsed = 0;
        const upload = async (): Promise<void> => {
          const started = process.hrtime.bigint();
          if (kind === 'monolithic') await pushMonolithic(server.url, REPO, file);
          else await pushChunked(server.url, REPO, file, ctx.options.chunkBytes);
          elapsed = seconds(started);
        };
        if (large) peakRss[server.kind].push((await measurePeakRss(server.pid, upload)).peakMiB);
        else await upload();
        await deleteBlob(server.url, REPO, file.digest);
        return mibPerSecond(file.size, elapsed);
      });
      const chunkNote = kind === 'chunked' ? `, ${(ctx.options.chunkBytes / MiB).toFixed(2)} MiB chunks` : '';
      ctx.results.setSamples(id, samples.janus, samples.reference, `${(file.size / MiB).toFixed(1)} MiB${chunkNote}; MiB/s per round J ${list(samples.janus)} / ref ${list(samples.reference)}`);
    } catch (error) {
      ctx.results.fail([id], error);
    }
  }
  recordPeakRss(ctx, peakRss);
  await measurePull(ctx);
}

function list(values: readonly number[]): string {
  return values.map((v) => v.toFixed(0)).join(', ');
}

function recordPeakRss(ctx: BenchContext, peak: Record<ServerKind, number[]>): void {
  if (peak.janus.length === 0) {
    ctx.results.fail(['rss-push-big'], new Error('no large upload completed'));
    return;
  }
  const toMB = (mib: number): number => (mib * MiB) / 1e6;
  const janus = toMB(Math.max(...peak.janus));
  const reference = peak.reference.length > 0 ? toMB(Math.max(...peak.reference)) : undefined;
  ctx.results.set('rss-push-big', {
    janus,
    baseline: reference,
    detail: `max over all large uploads (monolithic and chunked); VmHWM reset before each, VmRSS sampled every 20 ms; MB = 10^6 bytes`,
  });
}

async function measurePull(ctx: BenchContext): Promise<void> {
  const file = ctx.mediumFile;
  ctx.log(`pull-small: GET of ${(file.size / MiB).toFixed(1)} MiB`);
  try {
    for (const server of [ctx.janus, ctx.reference]) await pushMonolithic(server.url, REPO, file);
    // the large uploads just before left gigabytes of dirty pages: let their writeback finish first
    await runCommand('sync', [], { timeoutMs: 300_000 });
    // a warm-up GET each, then 3 GETs per round (short transfers are noisy)
    for (const server of [ctx.janus, ctx.reference]) await curlDownload(`${server.url}/v2/${REPO}/blobs/${file.digest}`);
    const samples = await alternate(ctx, ctx.options.rounds * 3, async (server) => {
      const download = await curlDownload(`${server.url}/v2/${REPO}/blobs/${file.digest}`);
      if (download.bytes !== file.size) throw new Error(`${server.kind} sent ${download.bytes} bytes, expected ${file.size}`);
      return mibPerSecond(download.bytes, download.seconds);
    });
    ctx.results.setSamples('pull-small', samples.janus, samples.reference, `${(file.size / MiB).toFixed(1)} MiB from the page cache (after sync), ${samples.janus.length} GETs each`);
  } catch (error) {
    ctx.results.fail(['pull-small'], error);
  }
}
