/**
 * The V1 images a V2 manifest stands for, base first, and the index that lets V1 image
 * requests find them again:
 * - a manifest built from a V1 push → the original V1 images (recorded when it was built);
 * - schema1 → the ids inside its history (the client's original V1 ids);
 * - schema2 / OCI → ids derived from content (derived-images.ts);
 * - an index / manifest list → its entry for the configured platform (linux/amd64 by default).
 */
import type { StorageDriver } from '../../storage/driver';
import { parseDigest, type ParsedDigest } from '../../util/digest';
import { isIndexMediaType, isSchema1MediaType, MediaTypes } from '../../util/media-types';
import type { BlobStore } from '../blob-store';
import type { ManifestStore } from '../manifest-store';
import { StoragePaths } from '../paths';
import { readIfExists } from '../storage-access';
import type { StoredManifest } from '../types';
import { deriveV1Images, GZIPPED_EMPTY_TAR, GZIPPED_EMPTY_TAR_DIGEST, type DerivedLayerBlob } from './derived-images';

/** derived images are a pure function of stored content: remember the recent ones (bounded) */
const DERIVED_CACHE_LIMIT = 10_000;

export interface V1ImageView {
  readonly id: string;
  readonly parent?: string;
  readonly json: Buffer;
  readonly blob: DerivedLayerBlob;
  readonly diffId?: string;
}

/** where a V1 id that does not belong to a V1 push comes from */
export interface DerivedImageRecord {
  readonly repository: string;
  readonly manifest: string;
  readonly position: number;
}

export interface PlatformChoice {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export class ManifestV1View {
  private readonly cache = new Map<string, readonly V1ImageView[]>();

  constructor(
    private readonly driver: StorageDriver,
    private readonly blobs: BlobStore,
    private readonly manifests: ManifestStore,
    private readonly platform: PlatformChoice,
  ) {}

  /** the top V1 id a manifest was built from by a V1 push, if it was */
  async builtFrom(digest: ParsedDigest): Promise<string | undefined> {
    return (await readIfExists(this.driver, StoragePaths.builtFromLegacy(digest)))?.toString('utf8');
  }

  async recordBuiltFrom(digest: ParsedDigest, topImageId: string): Promise<void> {
    await this.driver.putContent(StoragePaths.builtFromLegacy(digest), topImageId);
  }

  /** the manifest a V1 client sees for a tag: indexes resolve to the configured platform */
  async imageManifest(repository: string, stored: StoredManifest): Promise<StoredManifest | undefined> {
    if (!isIndexMediaType(stored.mediaType)) return stored;
    const index = JSON.parse(stored.bytes.toString('utf8')) as { manifests?: Array<{ digest: string; platform?: PlatformChoice }> };
    const entry = (index.manifests ?? []).find(
      (m) =>
        m.platform?.os === this.platform.os &&
        m.platform.architecture === this.platform.architecture &&
        (this.platform.variant === undefined || m.platform.variant === this.platform.variant),
    );
    const digest = entry && parseDigest(entry.digest);
    const child = digest && (await this.manifests.get(repository, digest));
    return child ? this.imageManifest(repository, child) : undefined;
  }

  /**
   * Derived V1 images of a manifest that was not built from a V1 push (base first), indexed so
   * that /v1/images/<id>/… finds them; undefined when the manifest has no V1 form.
   */
  async derivedImages(repository: string, stored: StoredManifest): Promise<readonly V1ImageView[] | undefined> {
    const cached = this.cache.get(`${repository}@${stored.digest}`);
    if (cached) return cached;
    const images = await this.computeImages(stored);
    if (!images) return undefined;
    if (images.some((image) => image.blob.digest.digest === GZIPPED_EMPTY_TAR_DIGEST.digest)) {
      await this.blobs.putSmall(GZIPPED_EMPTY_TAR_DIGEST, GZIPPED_EMPTY_TAR);
      await this.blobs.link(repository, GZIPPED_EMPTY_TAR_DIGEST);
    }
    for (const [position, image] of images.entries()) {
      const path = StoragePaths.derivedImage(image.id);
      if ((await readIfExists(this.driver, path)) === undefined) {
        const record: DerivedImageRecord = { repository, manifest: stored.digest, position };
        await this.driver.putContent(path, JSON.stringify(record));
      }
    }
    if (this.cache.size >= DERIVED_CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(`${repository}@${stored.digest}`, images);
    return images;
  }

  async lookupDerived(id: string): Promise<{ record: DerivedImageRecord; images: readonly V1ImageView[] } | undefined> {
    const raw = await readIfExists(this.driver, StoragePaths.derivedImage(id));
    if (!raw) return undefined;
    const record = JSON.parse(raw.toString('utf8')) as DerivedImageRecord;
    const digest = parseDigest(record.manifest);
    const stored = digest && (await this.manifests.get(record.repository, digest));
    const images = stored && (await this.derivedImages(record.repository, stored));
    if (!images || images[record.position]?.id !== id) return undefined;
    return { record, images };
  }

  private async computeImages(stored: StoredManifest): Promise<V1ImageView[] | undefined> {
    const manifest = JSON.parse(stored.bytes.toString('utf8')) as Record<string, unknown>;
    if (isSchema1MediaType(stored.mediaType)) return schema1Images(manifest);
    if (stored.mediaType !== MediaTypes.schema2 && stored.mediaType !== MediaTypes.ociManifest) return undefined;
    const config = manifest.config as { digest: string };
    const configDigest = parseDigest(config.digest);
    const configBytes = configDigest && (await this.blobs.readSmall(configDigest));
    if (!configBytes) return undefined;
    const layers = (manifest.layers as Array<{ digest: string; size: number; mediaType: string }>).map((layer) => ({
      digest: parseDigest(layer.digest)!,
      size: layer.size,
      mediaType: layer.mediaType,
    }));
    try {
      return deriveV1Images(configBytes, layers);
    } catch {
      return undefined;
    }
  }
}

function schema1Images(manifest: Record<string, unknown>): V1ImageView[] | undefined {
  const fsLayers = manifest.fsLayers as Array<{ blobSum: string }>;
  const history = manifest.history as Array<{ v1Compatibility: string }>;
  const images: V1ImageView[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const json = Buffer.from(history[i]!.v1Compatibility);
    const parsed = JSON.parse(json.toString('utf8')) as { id?: string; parent?: string };
    const digest = parseDigest(fsLayers[i]!.blobSum);
    if (!parsed.id || !digest) return undefined;
    if (images.length > 0 && images[images.length - 1]!.id === parsed.id) continue;
    images.push({ id: parsed.id, parent: parsed.parent || undefined, json, blob: { digest, size: -1 } });
  }
  return images;
}
