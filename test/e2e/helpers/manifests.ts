/** Reading manifests the way the tests need them, whatever their schema. */
import { createHash } from 'node:crypto';

export const MEDIA_TYPES = {
  dockerV2: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerV1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

interface AnyManifest {
  schemaVersion: number;
  mediaType?: string;
  signatures?: unknown[];
  fsLayers?: Array<{ blobSum: string }>;
  layers?: Array<{ digest: string; mediaType: string }>;
  manifests?: Array<{ digest: string; mediaType: string; platform?: { architecture: string; os: string } }>;
}

export function parseManifest(raw: string): AnyManifest {
  return JSON.parse(raw) as AnyManifest;
}

/** the media type a manifest declares; signed schema1 has none in its body */
export function manifestMediaType(raw: string): string | undefined {
  const manifest = parseManifest(raw);
  if (manifest.schemaVersion === 1) return manifest.signatures ? MEDIA_TYPES.dockerV1Signed : 'application/vnd.docker.distribution.manifest.v1+json';
  return manifest.mediaType;
}

/** layer digests, base layer first (schema1 lists them top layer first) */
export function manifestLayerDigests(raw: string): string[] {
  const manifest = parseManifest(raw);
  if (manifest.schemaVersion === 1) return (manifest.fsLayers ?? []).map((layer) => layer.blobSum).reverse();
  return (manifest.layers ?? []).map((layer) => layer.digest);
}

export function bytesDigest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
