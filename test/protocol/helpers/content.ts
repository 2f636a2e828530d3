/**
 * Test content: blobs with their digests, and image / index / artifact manifests built from
 * random configs and layers, serialized once so tests can check byte identity.
 */
import { createHash, randomBytes } from 'node:crypto';

export type DigestAlgorithm = 'sha256' | 'sha512';

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  octetStream: 'application/octet-stream',
} as const;

export interface Blob {
  readonly bytes: Buffer;
  readonly digest: string;
  readonly size: number;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  [extra: string]: unknown;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
}

/** A manifest or index exactly as it will be pushed. */
export interface ManifestDocument {
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly digest: string;
  readonly size: number;
  /** blobs the manifest references (push them first) */
  readonly blobs: readonly Blob[];
  /** manifests an index references (push them first, in order) */
  readonly children: readonly ManifestDocument[];
  readonly descriptor: Descriptor;
}

export function digestOf(bytes: Buffer | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export function blobOf(bytes: Buffer | string, algorithm: DigestAlgorithm = 'sha256'): Blob {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return { bytes: buffer, digest: digestOf(buffer, algorithm), size: buffer.length };
}

export function randomBlob(size = 1024, algorithm: DigestAlgorithm = 'sha256'): Blob {
  return blobOf(randomBytes(size), algorithm);
}

/** a digest of content that was never pushed */
export function unknownDigest(algorithm: DigestAlgorithm = 'sha256'): string {
  return digestOf(randomBytes(32), algorithm);
}

export const emptyJsonBlob: Blob = blobOf('{}');

export function descriptorOf(blob: Blob, mediaType: string, extra: Record<string, unknown> = {}): Descriptor {
  return { mediaType, digest: blob.digest, size: blob.size, ...extra };
}

/** JSON as Go's MarshalIndent with tabs would write it: registries must not re-serialize. */
export function serialize(value: unknown, indent: string | number = '\t'): Buffer {
  return Buffer.from(JSON.stringify(value, null, indent), 'utf8');
}

export function documentOf(
  mediaType: string,
  body: Record<string, unknown>,
  blobs: readonly Blob[],
  children: readonly ManifestDocument[] = [],
  algorithm: DigestAlgorithm = 'sha256',
  indent: string | number = '\t',
): ManifestDocument {
  const bytes = serialize(body, indent);
  const digest = digestOf(bytes, algorithm);
  return {
    mediaType,
    bytes,
    digest,
    size: bytes.length,
    blobs,
    children,
    descriptor: { mediaType, digest, size: bytes.length },
  };
}

export interface ImageOptions {
  readonly format?: 'oci' | 'schema2';
  readonly layerCount?: number;
  readonly layerSize?: number;
  readonly platform?: Platform;
  readonly annotations?: Record<string, string>;
  readonly artifactType?: string;
  readonly subject?: Descriptor;
  /** extra top-level members (unknown fields must be kept byte for byte) */
  readonly extraFields?: Record<string, unknown>;
  /** put each descriptor's content in its `data` field */
  readonly dataField?: boolean;
  readonly algorithm?: DigestAlgorithm;
  /** omit the top-level mediaType member (allowed for OCI manifests) */
  readonly omitMediaType?: boolean;
}

export function makeConfig(platform: Platform = { os: 'linux', architecture: 'amd64' }, layers: readonly Blob[] = [], algorithm: DigestAlgorithm = 'sha256'): Blob {
  const config = {
    architecture: platform.architecture,
    os: platform.os,
    author: `protocol-suite-${randomBytes(8).toString('hex')}`,
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => digestOf(layer.bytes, algorithm)) },
  };
  return blobOf(serialize(config), algorithm);
}

export function makeImage(options: ImageOptions = {}): ManifestDocument {
  const algorithm = options.algorithm ?? 'sha256';
  const oci = (options.format ?? 'oci') === 'oci';
  const layers = Array.from({ length: options.layerCount ?? 1 }, () => randomBlob(options.layerSize ?? 512, algorithm));
  const config = makeConfig(options.platform, layers, algorithm);
  const withData = (blob: Blob, mediaType: string) =>
    descriptorOf(blob, mediaType, options.dataField ? { data: blob.bytes.toString('base64') } : {});
  const mediaType = oci ? MediaTypes.ociManifest : MediaTypes.dockerManifest;
  const body: Record<string, unknown> = { schemaVersion: 2 };
  if (!options.omitMediaType || !oci) body.mediaType = mediaType;
  if (options.artifactType) body.artifactType = options.artifactType;
  body.config = withData(config, oci ? MediaTypes.ociConfig : MediaTypes.dockerConfig);
  body.layers = layers.map((layer) => withData(layer, oci ? MediaTypes.ociLayerGzip : MediaTypes.dockerLayer));
  if (options.subject) body.subject = options.subject;
  if (options.annotations) body.annotations = options.annotations;
  Object.assign(body, options.extraFields ?? {});
  return documentOf(mediaType, body, [config, ...layers], [], algorithm);
}

export interface IndexOptions {
  readonly format?: 'oci' | 'list';
  readonly artifactType?: string;
  readonly subject?: Descriptor;
  readonly annotations?: Record<string, string>;
  readonly extraFields?: Record<string, unknown>;
  readonly algorithm?: DigestAlgorithm;
}

export interface IndexEntry {
  readonly manifest: ManifestDocument;
  readonly platform?: Platform;
}

export function makeIndex(entries: readonly IndexEntry[], options: IndexOptions = {}): ManifestDocument {
  const oci = (options.format ?? 'oci') === 'oci';
  const mediaType = oci ? MediaTypes.ociIndex : MediaTypes.dockerManifestList;
  const body: Record<string, unknown> = { schemaVersion: 2, mediaType };
  if (options.artifactType) body.artifactType = options.artifactType;
  body.manifests = entries.map(({ manifest, platform }) => ({ ...manifest.descriptor, ...(platform ? { platform } : {}) }));
  if (options.subject) body.subject = options.subject;
  if (options.annotations) body.annotations = options.annotations;
  Object.assign(body, options.extraFields ?? {});
  return documentOf(mediaType, body, [], entries.map((entry) => entry.manifest), options.algorithm ?? 'sha256');
}

/** a multi-platform index (or Docker manifest list) of freshly made images */
export function makePlatformIndex(format: 'oci' | 'list' = 'oci', options: IndexOptions = {}): ManifestDocument {
  const imageFormat = format === 'oci' ? 'oci' : 'schema2';
  const platforms: Platform[] = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ];
  const algorithm = options.algorithm ?? 'sha256';
  return makeIndex(
    platforms.map((platform) => ({ manifest: makeImage({ format: imageFormat, platform, algorithm }), platform })),
    { ...options, format },
  );
}

export interface ArtifactOptions {
  readonly subject?: Descriptor;
  readonly artifactType: string;
  readonly annotations?: Record<string, string>;
  /** 'artifactType' sets the manifest's artifactType over an empty config (OCI 1.1 style);
   *  'config' puts the type in config.mediaType instead (OCI 1.0 style) */
  readonly style?: 'artifactType' | 'config';
  readonly payload?: Blob;
}

export function makeArtifact(options: ArtifactOptions): ManifestDocument {
  const payload = options.payload ?? randomBlob(64);
  const body: Record<string, unknown> = { schemaVersion: 2, mediaType: MediaTypes.ociManifest };
  let blobs: Blob[];
  if ((options.style ?? 'artifactType') === 'artifactType') {
    body.artifactType = options.artifactType;
    body.config = descriptorOf(emptyJsonBlob, MediaTypes.ociEmpty);
    body.layers = [descriptorOf(payload, options.artifactType)];
    blobs = [emptyJsonBlob, payload];
  } else {
    body.config = descriptorOf(payload, options.artifactType);
    body.layers = [descriptorOf(emptyJsonBlob, MediaTypes.ociEmpty)];
    blobs = [payload, emptyJsonBlob];
  }
  if (options.subject) body.subject = options.subject;
  if (options.annotations) body.annotations = options.annotations;
  return documentOf(MediaTypes.ociManifest, body, blobs);
}
