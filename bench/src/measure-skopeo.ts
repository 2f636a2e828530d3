/**
 * skopeo push and pull of a one-layer image (~100 MiB gzip of random bytes). Before each push the
 * blobs and manifest are deleted from the target and skopeo's blob-info cache is removed, so
 * every push really uploads (no "already exists", no cross-repo mount).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { deleteBlob, send } from './blob-client';
import { alternate, type BenchContext } from './context';
import { writeOciLayout, type OciImage } from './oci-layout';
import { runCommand } from './run-command';
import type { BenchServer } from './servers';
import { MiB } from './stats';

const REPO = 'bench/skopeo';
const BLOB_INFO_CACHE = '/var/lib/containers/cache/blob-info-cache-v1.boltdb';
const SKOPEO_TIMEOUT_MS = 300_000;

function reference(server: BenchServer): string {
  return `docker://${new URL(server.url).host}/${REPO}:1`;
}

async function clearTarget(server: BenchServer, image: OciImage): Promise<void> {
  const answer = await send('DELETE', `${server.url}/v2/${REPO}/manifests/${image.manifestDigest}`);
  if (answer.status !== 202 && answer.status !== 404) throw new Error(`DELETE manifest on ${server.kind}: HTTP ${answer.status}`);
  for (const digest of image.blobDigests) await deleteBlob(server.url, REPO, digest);
  rmSync(BLOB_INFO_CACHE, { force: true });
}

async function push(server: BenchServer, image: OciImage): Promise<number> {
  const args = ['copy', '-q', '--dest-tls-verify=false', `oci:${image.layout}:${image.tag}`, reference(server)];
  return (await runCommand('skopeo', args, { timeoutMs: SKOPEO_TIMEOUT_MS })).seconds;
}

async function pull(server: BenchServer, into: string): Promise<number> {
  rmSync(into, { recursive: true, force: true });
  const args = ['copy', '-q', '--src-tls-verify=false', reference(server), `dir:${into}`];
  const { seconds } = await runCommand('skopeo', args, { timeoutMs: SKOPEO_TIMEOUT_MS });
  rmSync(into, { recursive: true, force: true });
  return seconds;
}

export async function measureSkopeo(ctx: BenchContext): Promise<void> {
  let image: OciImage;
  try {
    image = await writeOciLayout(join(ctx.workDir, 'skopeo-layout'), ctx.options.skopeoLayerBytes);
  } catch (error) {
    ctx.results.fail(['skopeo-push', 'skopeo-pull'], error);
    return;
  }
  const size = `${(image.layerBytes / MiB).toFixed(1)} MiB layer`;
  ctx.log(`skopeo-push: ${size} × ${ctx.options.rounds} rounds`);
  try {
    const samples = await alternate(ctx, ctx.options.rounds, async (server) => {
      await clearTarget(server, image);
      return push(server, image);
    });
    ctx.results.setSamples('skopeo-push', samples.janus, samples.reference, `${size}; blobs, manifest and blob-info cache removed before each push; wall time of skopeo`);
  } catch (error) {
    ctx.results.fail(['skopeo-push'], error);
  }
  ctx.log(`skopeo-pull: ${size} × ${ctx.options.rounds} rounds`);
  try {
    const into = join(ctx.workDir, 'skopeo-pulled');
    const samples = await alternate(ctx, ctx.options.rounds, (server) => pull(server, into));
    ctx.results.setSamples('skopeo-pull', samples.janus, samples.reference, `${size}, into dir:; wall time of skopeo`);
  } catch (error) {
    ctx.results.fail(['skopeo-pull'], error);
  }
}
