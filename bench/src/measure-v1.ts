/**
 * Janus only: V1 push and pull of a 3-layer image (the scripted docker 1.3 client) against V2
 * push and pull of the same layer bytes, and a V1 layer GET against the V2 blob GET of the same
 * bytes (curl). Each round uses fresh repositories and fresh V1 image ids.
 */
import { createHash } from 'node:crypto';
import { V1Client } from '../../test/protocol/helpers/v1-client';
import { seconds, type BenchContext } from './context';
import { curlDownload } from './curl-get';
import { mibPerSecond, MiB } from './stats';
import { buildV1Layers, v1ImagesOf } from './v1-image';
import { pullV2Image, pushV2Image, type V2Layer } from './v2-image-client';

const VARIANT = 'docker-1.3';

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return seconds(started);
}

export async function measureV1(ctx: BenchContext): Promise<void> {
  const base = ctx.janus.url;
  const rounds = ctx.options.rounds;
  const push = { v1: [] as number[], v2: [] as number[] };
  const pull = { v1: [] as number[], v2: [] as number[] };
  let baseLayer: { v1Id: string; v2Repo: string; digest: string; size: number } | undefined;
  try {
    ctx.log(`v1: building ${ctx.options.v1LayerBytes.length} gzip layers`);
    const layers = await buildV1Layers(ctx.options.v1LayerBytes);
    const v2Layers: V2Layer[] = layers.map((l) => ({ layer: l.layer, digest: l.digest, diffId: `sha256:${createHash('sha256').update(l.tar).digest('hex')}` }));
    const totalMiB = layers.reduce((sum, l) => sum + l.layer.length, 0) / MiB;
    ctx.log(`v1-push / v1-pull: ${totalMiB.toFixed(1)} MiB in 3 layers × ${rounds} rounds`);
    for (let round = 0; round < rounds; round++) {
      const images = await v1ImagesOf(layers);
      const v1Repo = `bench/v1-${round}`;
      const v2Repo = `bench/v2-${round}`;
      push.v1.push(await timed(() => new V1Client(base, VARIANT).push(v1Repo, images)));
      push.v2.push(await timed(() => pushV2Image(base, v2Repo, 'latest', v2Layers)));
      pull.v1.push(
        await timed(async () => {
          const pulled = await new V1Client(base, VARIANT).pull(v1Repo);
          if (pulled.ids.length !== images.length) throw new Error(`V1 pull returned ${pulled.ids.length} images`);
        }),
      );
      pull.v2.push(await timed(() => pullV2Image(base, v2Repo, 'latest')));
      baseLayer = { v1Id: images[0]!.id, v2Repo, digest: layers[0]!.digest, size: layers[0]!.layer.length };
    }
    const note = `${totalMiB.toFixed(1)} MiB gzip in 3 layers, scripted ${VARIANT} client vs POST+PUT per blob + schema2 manifest`;
    ctx.results.setSamples('v1-push', push.v1, push.v2, `${note}; s per round V1 ${list(push.v1)} / V2 ${list(push.v2)}`);
    ctx.results.setSamples('v1-pull', pull.v1, pull.v2, `${note}; layers read into memory by both clients`);
  } catch (error) {
    ctx.results.fail(['v1-push', 'v1-pull'], error);
  }
  await measureLayerGet(ctx, baseLayer);
}

function list(values: readonly number[]): string {
  return values.map((v) => v.toFixed(3)).join(', ');
}

async function measureLayerGet(ctx: BenchContext, layer: { v1Id: string; v2Repo: string; digest: string; size: number } | undefined): Promise<void> {
  if (!layer) {
    ctx.results.fail(['v1-layer-get'], new Error('no V1 image was pushed'));
    return;
  }
  const v1Url = `${ctx.janus.url}/v1/images/${layer.v1Id}/layer`;
  const v2Url = `${ctx.janus.url}/v2/${layer.v2Repo}/blobs/${layer.digest}`;
  try {
    const v1: number[] = [];
    const v2: number[] = [];
    await curlDownload(v1Url);
    await curlDownload(v2Url);
    for (let round = 0; round < ctx.options.rounds * 3; round++) {
      for (const [url, samples] of [[v1Url, v1], [v2Url, v2]] as const) {
        const download = await curlDownload(url);
        if (download.bytes !== layer.size) throw new Error(`GET ${url}: ${download.bytes} bytes, expected ${layer.size}`);
        samples.push(mibPerSecond(download.bytes, download.seconds));
      }
    }
    ctx.results.setSamples('v1-layer-get', v1, v2, `base layer, ${(layer.size / MiB).toFixed(1)} MiB, ${v1.length} GETs each, alternating`);
  } catch (error) {
    ctx.results.fail(['v1-layer-get'], error);
  }
}
