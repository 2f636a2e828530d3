/**
 * An image copied out of the registry with `skopeo copy … dir:` (blobs kept as served), and the
 * diff_id of each of its layers computed from the copied files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { uncompressedFileDigest } from './layer-content';
import { manifestLayerDigests } from './manifests';
import type { Skopeo } from './skopeo';

export interface CopiedOutLayer {
  /** digest of the blob as the registry served it */
  readonly digest: string;
  readonly file: string;
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
  const layers: CopiedOutLayer[] = [];
  for (const digest of manifestLayerDigests(manifestRaw)) {
    const file = blobFile(dir, digest);
    layers.push({ digest, file, diffId: await uncompressedFileDigest(file) });
  }
  return { dir, manifestRaw, layers };
}
