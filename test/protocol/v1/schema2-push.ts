/**
 * A docker-style schema2 image pushed over V2 with plain HTTP calls (monolithic blob POSTs with
 * ?digest=, then the manifest PUT), so V1 suites can check what V1 clients see of it. The config
 * has real history: one entry per layer, plus an empty_layer entry between them.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { blobOf, MediaTypes, serialize, type Blob } from '../helpers/content';
import { buildTar } from '../helpers/v1-images';
import type { GuardedHttp } from './guarded-http';

export interface PushedLayer {
  readonly blob: Blob;
  /** sha256 of the uncompressed tar */
  readonly diffId: string;
}

export interface PushedSchema2Image {
  readonly config: Blob;
  /** base first */
  readonly layers: readonly PushedLayer[];
  readonly manifest: Blob;
}

async function gzipLayer(index: number): Promise<PushedLayer> {
  const tar = await buildTar([
    { name: 'opt/', type: 'directory' },
    { name: `opt/v2-layer-${index}`, content: randomBytes(2000) },
  ]);
  return { blob: blobOf(gzipSync(tar)), diffId: blobOf(tar).digest };
}

export async function makeSchema2Image(layerCount = 2): Promise<PushedSchema2Image> {
  const layers: PushedLayer[] = [];
  for (let index = 0; index < layerCount; index++) layers.push(await gzipLayer(index));
  const history: Array<Record<string, unknown>> = [];
  layers.forEach((_, index) => {
    if (index > 0) history.push({ created: `2016-03-01T00:00:0${index}Z`, created_by: `/bin/sh -c #(nop) ENV STEP=${index}`, empty_layer: true });
    history.push({ created: `2016-03-01T00:01:0${index}Z`, created_by: `/bin/sh -c #(nop) ADD file:${index} in /opt` });
  });
  const config = blobOf(
    serialize(
      {
        architecture: 'amd64',
        os: 'linux',
        created: '2016-03-01T00:02:00Z',
        config: { Env: ['PATH=/usr/bin:/bin', `STEP=${layerCount - 1}`], Cmd: ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
        history,
      },
      0,
    ),
  );
  const manifest = blobOf(
    serialize(
      {
        schemaVersion: 2,
        mediaType: MediaTypes.dockerManifest,
        config: { mediaType: MediaTypes.dockerConfig, size: config.size, digest: config.digest },
        layers: layers.map((layer) => ({ mediaType: MediaTypes.dockerLayer, size: layer.blob.size, digest: layer.blob.digest })),
      },
      3,
    ),
  );
  return { config, layers, manifest };
}

/** pushes every blob with one POST ?digest= each, then the manifest under the tag */
export async function pushSchema2Image(http: GuardedHttp, repo: string, tag: string, image: PushedSchema2Image): Promise<void> {
  for (const blob of [...image.layers.map((layer) => layer.blob), image.config]) {
    const answer = await http.send('POST', `/v2/${repo}/blobs/uploads/?digest=${encodeURIComponent(blob.digest)}`, {
      headers: { 'Content-Type': MediaTypes.octetStream },
      body: blob.bytes,
    });
    if (answer.status !== 201) throw new Error(`blob upload of ${blob.digest} answered ${answer.status}: ${answer.text}`);
  }
  const answer = await http.send('PUT', `/v2/${repo}/manifests/${tag}`, {
    headers: { 'Content-Type': MediaTypes.dockerManifest },
    body: image.manifest.bytes,
  });
  if (answer.status !== 201) throw new Error(`manifest PUT answered ${answer.status}: ${answer.text}`);
}
