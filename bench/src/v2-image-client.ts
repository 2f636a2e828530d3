/** Push and pull of a whole image over V2 (schema2 manifest), as a V2 client does it, bodies in memory. */
import { createHash } from 'node:crypto';
import { expectStatus, pushBuffer, send } from './blob-client';

const SCHEMA2 = 'application/vnd.docker.distribution.manifest.v2+json';

export interface V2Layer {
  readonly layer: Buffer;
  readonly digest: string;
  /** sha256 of the uncompressed tar */
  readonly diffId: string;
}

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** POST + PUT per blob (always uploaded, even when the store has it), then the manifest */
export async function pushV2Image(base: string, repo: string, tag: string, layers: readonly V2Layer[]): Promise<void> {
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }),
  );
  const blobs = [...layers.map((l) => ({ bytes: l.layer, digest: l.digest })), { bytes: config, digest: digestOf(config) }];
  for (const blob of blobs) await pushBuffer(base, repo, blob.bytes, blob.digest);
  const manifest = {
    schemaVersion: 2,
    mediaType: SCHEMA2,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: digestOf(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: l.digest, size: l.layer.length })),
  };
  const answer = await send('PUT', `${base}/v2/${repo}/manifests/${tag}`, { headers: { 'Content-Type': SCHEMA2 }, body: Buffer.from(JSON.stringify(manifest)) });
  expectStatus(answer, 201, `PUT manifest ${repo}:${tag}`);
}

/** GET manifest, config and every layer into memory (like the V1 client does); returns bytes read */
export async function pullV2Image(base: string, repo: string, tag: string): Promise<number> {
  const manifestAnswer = expectStatus(await send('GET', `${base}/v2/${repo}/manifests/${tag}`, { headers: { Accept: SCHEMA2 } }), 200, `GET manifest ${repo}:${tag}`);
  const manifest = JSON.parse(manifestAnswer.body.toString('utf8')) as { config: { digest: string }; layers: { digest: string }[] };
  let bytes = manifestAnswer.body.length;
  for (const digest of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
    bytes += expectStatus(await send('GET', `${base}/v2/${repo}/blobs/${digest}`), 200, `GET blob ${digest}`).body.length;
  }
  return bytes;
}
