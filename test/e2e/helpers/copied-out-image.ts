/**
 * An image copied out of the registry with `skopeo copy … dir:` (blobs kept as served), and the
 * diff_id of each of its layers computed from the copied files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileCompression, uncompressedFileDigest } from './layer-content';
import type { LayerCompression } from './layer-content';
import { manifestLayerDigests, parseManifest } from './manifests';
import type { Skopeo } from './skopeo';

export interface CopiedOutLayer {
  /** digest of the blob as the registry served it */
  readonly digest: string;
  readonly file: string;
  /** the layer media type in the manifest (schema1 has none) */
  readonly mediaType?: string;
  /** sniffed from the copied bytes */
  readonly compression: LayerCompression;
  /** sha256 of its uncompressed tar */
  readonly diffId: string;
}

export interface CopiedOutImage {
  readonly dir: string;
  readonly manifestRaw: string;
  /** base layer first */
  readonly layers: readonly CopiedOutLayer[];
}

/** skopeo's dir: transport names each blob by the hex part of its digest */
function blobFile(dir: string, digest: string): string {
  return join(dir, digest.replace(/^sha256:/, ''));
}

export async function copyOutImage(skopeo: Skopeo, reference: string, dir: string): Promise<CopiedOutImage> {
  await skopeo.copy(reference, `dir:${dir}`);
  const manifestRaw = await readFile(join(dir, 'manifest.json'), 'utf8');
  const mediaTypes = (parseManifest(manifestRaw).layers ?? []).map((layer) => layer.mediaType);
  const layers: CopiedOutLayer[] = [];
  for (const [position, digest] of manifestLayerDigests(manifestRaw).entries()) {
    const file = blobFile(dir, digest);
    const [compression, diffId] = await Promise.all([fileCompression(file), uncompressedFileDigest(file)]);
    layers.push({ digest, file, mediaType: mediaTypes[position], compression, diffId });
  }
  return { dir, manifestRaw, layers };
}
