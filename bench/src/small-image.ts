/** A tiny OCI image (config + one 1 KiB blob) pushed over V2, for the request-rate runs. */
import { createHash, randomBytes } from 'node:crypto';
import { expectStatus, pushBuffer, send } from './blob-client';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export interface SmallImage {
  readonly layer: Buffer;
  readonly layerDigest: string;
  readonly config: Buffer;
  readonly configDigest: string;
  readonly manifest: Buffer;
}

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function makeSmallImage(): SmallImage {
  const layer = randomBytes(1024);
  const layerDigest = digestOf(layer);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layerDigest] }, config: {} }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
    }),
  );
  return { layer, layerDigest, config, configDigest: digestOf(config), manifest };
}

export async function pushSmallImage(base: string, repo: string, tag: string, image: SmallImage): Promise<void> {
  await pushBuffer(base, repo, image.layer, image.layerDigest);
  await pushBuffer(base, repo, image.config, image.configDigest);
  const answer = await send('PUT', `${base}/v2/${repo}/manifests/${tag}`, { headers: { 'Content-Type': OCI_MANIFEST }, body: image.manifest });
  expectStatus(answer, 201, `PUT manifest ${repo}:${tag}`);
}
