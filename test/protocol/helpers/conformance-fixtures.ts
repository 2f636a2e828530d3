/**
 * The test data of the released OCI conformance suite (distribution-spec v1.1.1
 * conformance/setup.go), rebuilt in TypeScript: configs, the fixed gzip layer, manifests whose
 * config descriptors carry `data` and an unknown field, chunked blob B, and the referrers set.
 */
import { randomBytes } from 'node:crypto';
import { MediaTypes, blobOf, digestOf, emptyJsonBlob, serialize, type Blob } from './content';

/** setup.go layerBase64String: a tar.gz of test.txt */
const LAYER_BASE64 =
  'H4sIAAAAAAAAA+3OQQrCMBCF4a49xXgBSUnaHMCTRBptQRNpp6i3t0UEV7oqIv7fYgbmzeJpHHSjVy0' +
  'WZCa1c/MufWVe94N3RWlrZ72x3k/30nhbFWKWLPU0Dhp6keJ8im//PuU/6pZH2WVtYx8b0Sz7LjWSR5VLG6YRBumSzOlGtjkd+qD' +
  'jMWiX07Befbs7AAAAAAAAAAAAAAAAAPyzO34MnqoAKAAA';

export const NUM_WORKFLOWS = 4;
export const TEST_TAG_NAME = 'tagtest0';
export const EMPTY_LAYER_TEST_TAG = 'emptylayer';
export const NONEXISTENT_MANIFEST = '.INVALID_MANIFEST_NAME';
export const INVALID_MANIFEST_CONTENT = Buffer.from('blablabla');
export const ARTIFACT_TYPE_A = 'application/vnd.nhl.peanut.butter.bagel';
export const ARTIFACT_TYPE_B = 'application/vnd.nba.strawberry.jam.croissant';
export const ARTIFACT_TYPE_INDEX = 'application/vnd.food.stand';
export const ANNOTATION_KEY = 'org.opencontainers.conformance.test';

export interface ConformanceManifest {
  readonly bytes: Buffer;
  readonly digest: string;
  readonly mediaType: string;
}

export interface ChunkedBlob extends Blob {
  readonly chunk1: Buffer;
  readonly chunk2: Buffer;
  readonly chunk1Range: string;
  readonly chunk2Range: string;
}

export interface ConformanceFixtures {
  /** one config per workflow, plus one (index 4) for the referrers subject */
  readonly configs: readonly Blob[];
  readonly layer: Blob;
  readonly manifests: readonly ConformanceManifest[];
  readonly emptyLayerManifest: ConformanceManifest;
  readonly testBlobA: Blob;
  readonly testBlobB: ChunkedBlob;
  readonly dummyDigest: string;
  readonly refBlobA: Blob;
  readonly refBlobB: Blob;
  readonly referrers: {
    readonly manifestAConfig: ConformanceManifest;
    readonly manifestALayer: ConformanceManifest;
    readonly manifestBConfig: ConformanceManifest;
    readonly manifestBLayer: ConformanceManifest;
    readonly manifestCLayer: ConformanceManifest;
    readonly index: ConformanceManifest;
    /** expected annotation value per referrer digest */
    readonly annotations: ReadonlyMap<string, string>;
  };
}

interface GoDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  data?: string;
  artifactType?: string;
  /** conformance descriptors always carry this unknown member ([]byte, no omitempty) */
  newUnspecifiedField: string | null;
}

const descriptor = (blob: Blob, mediaType: string, extra: Partial<GoDescriptor> = {}): GoDescriptor => ({
  mediaType,
  digest: blob.digest,
  size: blob.size,
  ...extra,
  newUnspecifiedField: extra.newUnspecifiedField ?? null,
});

function manifestOf(body: Record<string, unknown>, mediaType: string = MediaTypes.ociManifest): ConformanceManifest {
  const bytes = serialize(body);
  return { bytes, digest: digestOf(bytes), mediaType };
}

function randomString(length: number): string {
  const letters = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-';
  return Array.from(randomBytes(length), (byte) => letters[byte % letters.length]).join('');
}

/** setupChunkedBlob: chunk 1 is the first size/2+1 bytes */
export function chunkedBlob(size: number): ChunkedBlob {
  const blob = blobOf(randomBytes(size));
  const split = Math.floor(size / 2) + 1;
  return {
    ...blob,
    chunk1: blob.bytes.subarray(0, split),
    chunk2: blob.bytes.subarray(split),
    chunk1Range: `0-${split - 1}`,
    chunk2Range: `${split}-${size - 1}`,
  };
}

export function makeConformanceFixtures(): ConformanceFixtures {
  const configs = Array.from({ length: NUM_WORKFLOWS + 1 }, () =>
    blobOf(serialize({ author: randomString(16), architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } })),
  );
  const layer = blobOf(Buffer.from(LAYER_BASE64, 'base64'));
  const helloWorld = Buffer.from('hello world').toString('base64');
  const configDescriptor = (config: Blob) =>
    descriptor(config, MediaTypes.ociConfig, { data: config.bytes.toString('base64'), newUnspecifiedField: helloWorld });
  const manifests = configs.map((config) =>
    manifestOf({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      config: configDescriptor(config),
      layers: [descriptor(layer, MediaTypes.ociLayerGzip)],
    }),
  );
  const emptyLayerManifest = manifestOf({ schemaVersion: 2, config: configDescriptor(configs[1]!), layers: [] });

  const refBlobA = blobOf('NHL Peanut Butter on my NHL bagel');
  const refBlobB = blobOf('NBA Strawberry Jam on my NBA croissant');
  const subjectOf = (manifest: ConformanceManifest) => ({ mediaType: MediaTypes.ociManifest, digest: manifest.digest, size: manifest.bytes.length, newUnspecifiedField: null });
  const subject = subjectOf(manifests[4]!);
  const emptyDescriptor = descriptor(emptyJsonBlob, MediaTypes.ociEmpty);
  const annotations = new Map<string, string>();
  const annotated = (manifest: ConformanceManifest, value: string) => {
    annotations.set(manifest.digest, value);
    return manifest;
  };
  const configArtifact = (blob: Blob, artifactType: string, value: string) =>
    annotated(
      manifestOf({
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: descriptor(blob, artifactType),
        layers: [emptyDescriptor],
        subject,
        annotations: { [ANNOTATION_KEY]: value },
      }),
      value,
    );
  const layerArtifact = (blob: Blob, artifactType: string, subjectDescriptor: GoDescriptor, value?: string) => {
    const manifest = manifestOf({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      artifactType,
      config: emptyDescriptor,
      layers: [descriptor(blob, artifactType)],
      subject: subjectDescriptor,
      ...(value ? { annotations: { [ANNOTATION_KEY]: value } } : {}),
    });
    return value ? annotated(manifest, value) : manifest;
  };
  const manifestAConfig = configArtifact(refBlobA, ARTIFACT_TYPE_A, 'test config a');
  const manifestBConfig = configArtifact(refBlobB, ARTIFACT_TYPE_B, 'test config b');
  const manifestALayer = layerArtifact(refBlobA, ARTIFACT_TYPE_A, subject, 'test layer a');
  const manifestBLayer = layerArtifact(refBlobB, ARTIFACT_TYPE_B, subject, 'test layer b');
  const manifestCLayer = layerArtifact(refBlobB, ARTIFACT_TYPE_B, subjectOf(manifests[3]!));
  const index = annotated(
    manifestOf(
      {
        schemaVersion: 2,
        mediaType: MediaTypes.ociIndex,
        artifactType: ARTIFACT_TYPE_INDEX,
        manifests: [manifestAConfig, manifestALayer].map((m) => ({ mediaType: MediaTypes.ociManifest, digest: m.digest, size: m.bytes.length, newUnspecifiedField: null })),
        subject,
        annotations: { [ANNOTATION_KEY]: 'test index' },
      },
      MediaTypes.ociIndex,
    ),
    'test index',
  );

  return {
    configs,
    layer,
    manifests,
    emptyLayerManifest,
    testBlobA: blobOf(randomBytes(42)),
    testBlobB: chunkedBlob(42),
    dummyDigest: digestOf('hello world'),
    refBlobA,
    refBlobB,
    referrers: { manifestAConfig, manifestALayer, manifestBConfig, manifestBLayer, manifestCLayer, index, annotations },
  };
}
