/**
 * Builds test images offline as OCI layouts (a TypeScript port of mkimage.py from
 * docs/real-clients.md): deterministic for equal options, any number of layers, optional seeded
 * random bytes per layer, single images or multi-platform indexes.
 */
import { randomFile, textFile, writeLayerBlob } from './layer-blob';
import type { LayerFile, WrittenLayer } from './layer-blob';
import { OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST, ensureLayout, putJsonBlob, tagInIndex } from './oci-layout';
import type { Descriptor, Platform } from './oci-layout';

export type { Descriptor, Platform } from './oci-layout';

const CREATED = '2024-01-01T00:00:00Z';

export interface ImageContentOptions {
  /** number of layers (default 2) */
  readonly layers?: number;
  /** seeded random bytes added to every layer (default 0) */
  readonly randomBytesPerLayer?: number;
  /** changes every byte of the image; equal options and seed give equal digests */
  readonly seed?: string;
  /** default: the platform this test runs on */
  readonly platform?: Platform;
}

export interface ImageOptions extends ImageContentOptions {
  readonly tag: string;
}

export interface IndexOptions extends Omit<ImageContentOptions, 'platform'> {
  readonly tag: string;
  readonly platforms: readonly Platform[];
}

export interface BuiltLayer extends WrittenLayer {
  readonly mediaType: string;
}

export interface ImageContent {
  readonly manifest: Descriptor;
  readonly config: Descriptor;
  /** base layer first */
  readonly layers: readonly BuiltLayer[];
  /** sha256 of the uncompressed layer tars, as in the config's rootfs.diff_ids */
  readonly diffIds: readonly string[];
  readonly platform: Platform;
}

export interface BuiltImage extends ImageContent {
  readonly layoutDir: string;
  readonly tag: string;
  /** skopeo source reference, e.g. oci:/tmp/x/layout:tag */
  readonly reference: string;
}

export interface BuiltIndex {
  readonly layoutDir: string;
  readonly tag: string;
  readonly reference: string;
  readonly index: Descriptor;
  /** one image per platform, in the order given */
  readonly images: readonly ImageContent[];
}

const GO_ARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

export function hostPlatform(): Platform {
  return { architecture: GO_ARCH[process.arch] ?? process.arch, os: 'linux' };
}

function layerFiles(index: number, seed: string, randomBytes: number): LayerFile[] {
  const files = [textFile(`layer-${index}.txt`, `layer ${index} of the e2e test image "${seed}"\n`)];
  if (randomBytes > 0) files.push(randomFile(`random-${index}.bin`, randomBytes, `${seed}/layer-${index}`));
  return files;
}

async function writeImageContent(layoutDir: string, seed: string, options: ImageContentOptions): Promise<ImageContent> {
  const layerCount = options.layers ?? 2;
  const platform = options.platform ?? hostPlatform();
  const layers: BuiltLayer[] = [];
  for (let index = 0; index < layerCount; index++) {
    const written = await writeLayerBlob(layoutDir, layerFiles(index, seed, options.randomBytesPerLayer ?? 0));
    layers.push({ ...written, mediaType: OCI_LAYER_GZIP });
  }
  const diffIds = layers.map((layer) => layer.diffId);
  const config = await putJsonBlob(layoutDir, OCI_CONFIG, {
    created: CREATED,
    ...platform,
    config: { Cmd: ['/layer-0.txt'], Labels: { 'e2e.seed': seed } },
    rootfs: { type: 'layers', diff_ids: diffIds },
    // one history entry per layer: schema1 conversion needs them to line up
    history: layers.map((_, index) => ({ created: CREATED, created_by: `e2e images.ts layer ${index}` })),
  });
  const manifest = await putJsonBlob(layoutDir, OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size })),
  });
  return { manifest: { ...manifest, platform }, config, layers, diffIds, platform };
}

/** Adds a single-platform image tagged `options.tag` to the layout in `layoutDir` (created if needed). */
export async function buildImage(layoutDir: string, options: ImageOptions): Promise<BuiltImage> {
  await ensureLayout(layoutDir);
  const content = await writeImageContent(layoutDir, options.seed ?? options.tag, options);
  await tagInIndex(layoutDir, options.tag, content.manifest);
  return { ...content, layoutDir, tag: options.tag, reference: `oci:${layoutDir}:${options.tag}` };
}

/** Adds an OCI image index with one image per platform, tagged `options.tag`. */
export async function buildImageIndex(layoutDir: string, options: IndexOptions): Promise<BuiltIndex> {
  await ensureLayout(layoutDir);
  const seed = options.seed ?? options.tag;
  const images: ImageContent[] = [];
  for (const platform of options.platforms) {
    const platformSeed = `${seed}/${[platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')}`;
    images.push(await writeImageContent(layoutDir, platformSeed, { ...options, platform }));
  }
  const index = await putJsonBlob(layoutDir, OCI_INDEX, {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: images.map((image) => image.manifest),
  });
  await tagInIndex(layoutDir, options.tag, index);
  return { layoutDir, tag: options.tag, reference: `oci:${layoutDir}:${options.tag}`, index, images };
}

/** A platform other than the host's, for multi-platform indexes. */
export function foreignPlatform(): Platform {
  return hostPlatform().architecture === 'arm64' ? { architecture: 'amd64', os: 'linux' } : { architecture: 'arm64', os: 'linux', variant: 'v8' };
}
