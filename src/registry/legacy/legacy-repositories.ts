/**
 * V1 tags, repositories and the index emulation's image lists, over the one tag namespace of
 * the model: a V1 tag PUT builds (once) a real schema2 manifest from the V1 image chain and
 * tags it, so V2 clients pull it; a V1 tag list shows every tag, V2-pushed ones with their
 * derived V1 ids.
 */
import type { StorageDriver } from '../../storage/driver';
import { RegistryError } from '../../errors/registry-error';
import { parseDigest, type ParsedDigest } from '../../util/digest';
import { MediaTypes } from '../../util/media-types';
import type { BlobStore } from '../blob-store';
import type { RegistryEvents } from '../events';
import type { ManifestStore } from '../manifest-store';
import type { RegistryModel } from '../model';
import { StoragePaths } from '../paths';
import type { RepositoryCatalog } from '../repository-catalog';
import { deleteIfExists, readIfExists } from '../storage-access';
import type { TagStore } from '../tag-store';
import type { LegacyImage } from './image-store';
import type { LegacyImages, V1Image } from './legacy-images';
import { buildSchema1Payload, buildSchema2 } from './manifest-builder';
import type { Schema1Conversion } from '../schema1-conversion';
import type { InPlaceTags } from '../legacy-store/in-place-tags';
import type { ManifestV1View } from './manifest-v1-view';

export interface LegacyStores {
  readonly driver: StorageDriver;
  readonly blobs: BlobStore;
  readonly manifests: ManifestStore;
  readonly tags: TagStore;
  readonly catalog: RepositoryCatalog;
  readonly events: RegistryEvents;
}

export class LegacyRepositories {
  constructor(
    private readonly model: RegistryModel,
    private readonly stores: LegacyStores,
    private readonly images: LegacyImages,
    private readonly view: ManifestV1View,
    private readonly schema1: Schema1Conversion,
    private readonly inPlace: InPlaceTags,
  ) {}

  async exists(repository: string): Promise<boolean> {
    return (await this.stores.catalog.exists(repository)) || (await this.inPlace.hasRepository(repository));
  }

  /** tag → V1 image id (the in-place store's tags included); NAME_UNKNOWN when the repository does not exist */
  async listTags(repository: string): Promise<Record<string, string>> {
    if (!(await this.exists(repository))) throw new RegistryError('NAME_UNKNOWN');
    const result: Record<string, string> = Object.fromEntries(await this.inPlace.pending(repository));
    for (const tag of await this.stores.tags.list(repository)) {
      const id = await this.imageIdOfTag(repository, tag);
      if (id !== undefined) result[tag] = id;
    }
    return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * Takes the pending tags of the in-place store into the model (a manifest and a tag each, as a
   * V1 tag PUT would make them). Tags whose images are broken stay out and are reported.
   */
  async importInPlace(repository: string): Promise<{ imported: string[]; failed: Array<{ tag: string; error: string }> }> {
    const report = { imported: [] as string[], failed: [] as Array<{ tag: string; error: string }> };
    for (const [tag, id] of await this.inPlace.pending(repository)) {
      try {
        await this.setTag(repository, tag, id, (await this.inPlace.tagJson(repository, tag)) ?? DEFAULT_TAG_JSON);
        await this.inPlace.markImported(repository, tag, id);
        report.imported.push(tag);
      } catch (error) {
        report.failed.push({ tag, error: error instanceof RegistryError ? `${error.code}: ${error.descriptor.v1Message}` : String(error) });
      }
    }
    return report;
  }

  /** whether the repository is one of the in-place store's */
  async isInPlace(repository: string): Promise<boolean> {
    return this.inPlace.hasRepository(repository);
  }

  /** model names of the in-place store's repositories */
  async inPlaceRepositories(): Promise<string[]> {
    return this.inPlace.repositoryNames();
  }

  /** names of in-place repositories no Janus repository name can carry */
  async unservableInPlaceRepositories(): Promise<string[]> {
    return this.inPlace.unservableNames();
  }

  async getTag(repository: string, tag: string): Promise<string> {
    const id = await this.imageIdOfTag(repository, tag);
    if (id === undefined) throw new RegistryError('TAG_UNKNOWN');
    return id;
  }

  /** the V1 id a tag shows, undefined when the tag is absent or has no V1 form */
  async imageIdOfTag(repository: string, tag: string): Promise<string | undefined> {
    const digest = await this.stores.tags.resolve(repository, tag);
    const stored = digest && (await this.stores.manifests.get(repository, digest));
    if (!stored) return (await this.inPlace.pending(repository)).get(tag);
    const built = await this.view.builtFrom(parseDigest(stored.digest)!);
    if (built) return built;
    const image = await this.view.imageManifest(repository, stored);
    if (!image) return undefined;
    const builtChild = await this.view.builtFrom(parseDigest(image.digest)!);
    if (builtChild) return builtChild;
    const derived = await this.view.derivedImages(repository, image);
    return derived?.[derived.length - 1]?.id;
  }

  async setTag(repository: string, tag: string, imageId: string, metadata: Record<string, unknown>): Promise<void> {
    const top = await this.images.findAny(imageId);
    if (!top) throw new RegistryError('IMAGE_UNKNOWN');
    const derived = await this.derivedManifestOf(repository, top);
    if (derived) await this.model.setTag(repository, tag, derived);
    else await this.tagChain(repository, tag, top);
    await this.stores.driver.putContent(StoragePaths.legacyTagJson(repository, tag), JSON.stringify(metadata));
  }

  /** builds the schema2 manifest of the image's chain and tags it; for a V1 push also the schema1, from the same chain */
  private async tagChain(repository: string, tag: string, top: V1Image): Promise<void> {
    const chain = await this.chainOf(top);
    const digest = await this.buildManifest(repository, top, chain);
    await this.model.setTag(repository, tag, digest);
    if (top.legacy) {
      // docker 1.6–1.9 pull this tag as schema1: made now, with the client's original V1 ids
      await this.schema1.store(repository, tag, digest.digest, buildSchema1Payload(chain, repository, tag));
    }
  }

  /** the unsigned schema1 of a V1 chain for a tag */
  async schema1PayloadOf(repository: string, tag: string, topImageId: string): Promise<Buffer> {
    const top = await this.images.findAny(topImageId);
    if (!top) throw new RegistryError('IMAGE_UNKNOWN', undefined, { id: topImageId });
    return buildSchema1Payload(await this.chainOf(top), repository, tag);
  }

  async deleteTag(repository: string, tag: string): Promise<void> {
    const pending = (await this.inPlace.pending(repository)).has(tag);
    if (pending) await this.inPlace.markDeleted(repository, tag);
    if (!(await this.stores.tags.delete(repository, tag)) && !pending) {
      throw new RegistryError('TAG_UNKNOWN', undefined, undefined, { v1Message: `Tag not found: ${tag}` });
    }
    await deleteIfExists(this.stores.driver, StoragePaths.legacyTagJson(repository, tag));
    this.stores.events.emit('tag.deleted', { repository, tag });
  }

  /** docker-registry's tag<tag>_json, or its default object */
  async tagJson(repository: string, tag: string): Promise<Record<string, unknown>> {
    const raw = await readIfExists(this.stores.driver, StoragePaths.legacyTagJson(repository, tag));
    if (raw) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    return (await this.inPlace.tagJson(repository, tag)) ?? DEFAULT_TAG_JSON;
  }

  /** deletes every tag, then the repository; images (blobs) stay, and so do the in-place store's files */
  async deleteRepository(repository: string): Promise<void> {
    if (!(await this.exists(repository))) throw new RegistryError('NAME_UNKNOWN');
    for (const tag of await this.stores.tags.list(repository)) {
      await this.stores.tags.delete(repository, tag);
      this.stores.events.emit('tag.deleted', { repository, tag });
    }
    await this.inPlace.markRepositoryDeleted(repository);
    await deleteIfExists(this.stores.driver, StoragePaths.repository(repository));
    this.stores.events.emit('repository.deleted', { repository });
  }

  /**
   * Merges an image list into the repository's `_index_images`: the first write keeps the raw
   * body (docker-registry did, Tag keys included), later ones merge by id. Returns whether the
   * repository was created by this call.
   */
  async putIndexImages(repository: string, body: Buffer): Promise<boolean> {
    const incoming = parseImageList(body);
    const path = StoragePaths.legacyIndexImages(repository);
    const existing = await readIfExists(this.stores.driver, path);
    const created = !(await this.exists(repository));
    if (!existing) {
      await this.stores.driver.putContent(path, body);
    } else {
      const merged = new Map<string, { id: string; checksum?: string }>();
      for (const entry of [...incoming, ...parseImageList(existing)]) {
        const previous = merged.get(entry.id);
        if (!previous || (!previous.checksum && entry.checksum)) {
          merged.set(entry.id, entry.checksum ? { id: entry.id, checksum: entry.checksum } : { id: entry.id });
        }
      }
      await this.stores.driver.putContent(path, JSON.stringify([...merged.values()]));
    }
    if (created) this.stores.events.emit('repository.created', { repository });
    return created;
  }

  /**
   * docker-registry's repository properties. Only an index acted on `access`; Janus keeps and
   * reports it (every repository is readable by whoever may read the registry).
   */
  async properties(repository: string): Promise<{ access: 'public' | 'private' }> {
    if (!(await this.exists(repository))) throw new RegistryError('NAME_UNKNOWN');
    const raw = await readIfExists(this.stores.driver, StoragePaths.legacyProperties(repository));
    return raw ? (JSON.parse(raw.toString('utf8')) as { access: 'public' | 'private' }) : { access: 'public' };
  }

  async setProperties(repository: string, body: Buffer): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw new RegistryError('JSON_UNDECODABLE');
    }
    const access = (value as { access?: unknown } | null)?.access;
    if (access !== 'public' && access !== 'private') throw new RegistryError('DATA_INVALID');
    if (!(await this.exists(repository))) throw new RegistryError('NAME_UNKNOWN');
    await this.stores.driver.putContent(StoragePaths.legacyProperties(repository), JSON.stringify({ access }));
  }

  /** keeps a migrated repository's image list as it was (raw), unless the repository has its own already */
  async adoptIndexImages(repository: string, raw: Buffer): Promise<void> {
    const path = StoragePaths.legacyIndexImages(repository);
    if ((await readIfExists(this.stores.driver, path)) === undefined) await this.stores.driver.putContent(path, raw);
  }

  /** the stored image list, or one made from the tags for repositories pushed over V2 */
  async getIndexImages(repository: string): Promise<Buffer> {
    const raw = (await readIfExists(this.stores.driver, StoragePaths.legacyIndexImages(repository))) ?? (await this.inPlace.indexImages(repository));
    if (raw) return raw;
    const tags = (await this.exists(repository)) ? await this.listTags(repository) : {};
    const ids = new Set<string>();
    for (const id of Object.values(tags)) {
      for (const ancestor of (await this.images.findAny(id))?.ancestry ?? [id]) ids.add(ancestor);
    }
    if (ids.size === 0) throw new RegistryError('INDEX_IMAGES_UNKNOWN');
    return Buffer.from(JSON.stringify([...ids].map((id) => ({ id }))));
  }

  /** the existing manifest of a V2 image tagged in its own repository, which a V1 tag PUT points the tag at */
  private async derivedManifestOf(repository: string, top: V1Image): Promise<ParsedDigest | undefined> {
    if (!top.derived || top.derived.repository !== repository) return undefined;
    const derived = await this.view.lookupDerived(top.id);
    return derived && derived.record.position === derived.images.length - 1 ? parseDigest(derived.record.manifest)! : undefined;
  }

  /** the schema2 manifest built from the chain, its layers linked and its config stored */
  private async buildManifest(repository: string, top: V1Image, chain: readonly LegacyImage[]): Promise<ParsedDigest> {
    const built = buildSchema2(chain);
    const storeConfig = async (): Promise<void> => {
      await this.stores.blobs.putSmall(built.configDigest, built.config);
      await this.stores.blobs.link(repository, built.configDigest);
    };
    await Promise.all([...built.layers.map((layer) => this.stores.blobs.link(repository, layer.digest)), storeConfig()]);
    await this.model.putManifest(repository, { kind: 'digest', digest: built.manifestDigest }, built.manifest, MediaTypes.schema2);
    if (top.legacy) await this.view.recordBuiltFrom(built.manifestDigest, top.id);
    return built.manifestDigest;
  }

  /** base first, every image complete, as image-store records */
  private async chainOf(top: V1Image): Promise<LegacyImage[]> {
    const chain: LegacyImage[] = [];
    for (const id of [...top.ancestry].reverse()) {
      const image = id === top.id ? top : await this.images.findAny(id);
      if (!image) throw new RegistryError('IMAGE_UNKNOWN', undefined, { id });
      if (image.legacy) {
        if (image.legacy.inProgress) throw new RegistryError('IMAGE_UPLOADING', undefined, { id });
        const withFacts = await this.images.withLayerFacts(image);
        if (!withFacts.layer) throw new RegistryError('IMAGE_UPLOADING', undefined, { id });
        chain.push(withFacts);
        continue;
      }
      const view = image.derived!.view;
      if (!view.diffId) throw new RegistryError('IMAGE_UNKNOWN', 'image has no uncompressed digest', { id });
      const gzip = view.blob.mediaType === undefined || /gzip/.test(view.blob.mediaType);
      chain.push({
        id,
        json: image.json,
        ancestry: image.ancestry,
        inProgress: false,
        layer: { digest: view.blob.digest.digest, size: image.layer.size, diffId: view.diffId, format: gzip ? 'gzip' : 'tar', payloadChecksum: '' },
      });
    }
    return chain;
  }
}

const DEFAULT_TAG_JSON = { arch: 'amd64', docker_go_version: null, docker_version: null, kernel: null, last_update: null, os: 'linux' };

interface ImageListEntry {
  readonly id: string;
  readonly checksum?: string;
}

function parseImageList(body: Buffer): ImageListEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('JSON_UNDECODABLE');
  }
  if (!Array.isArray(json)) throw new RegistryError('DATA_INVALID');
  const entries: ImageListEntry[] = [];
  for (const item of json) {
    if (item === null || typeof item !== 'object' || typeof (item as { id?: unknown }).id !== 'string') throw new RegistryError('DATA_INVALID');
    const { id, checksum } = item as { id: string; checksum?: unknown };
    entries.push(typeof checksum === 'string' ? { id, checksum } : { id });
  }
  return entries;
}
