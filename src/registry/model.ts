/**
 * The registry model shared by the V1 and V2 protocols (Quay's registry_model idea): every
 * protocol handler goes through it, none touches a storage driver. It validates names,
 * references and manifests, and emits domain events that derived data follows.
 */
import type { Readable } from 'node:stream';
import type { StorageDriver } from '../storage/driver';
import { RegistryError } from '../errors/registry-error';
import { digestOf, parseDigest, type DigestAlgorithm, type ParsedDigest } from '../util/digest';
import { paginate, type PageOf } from '../util/pagination';
import { isValidRepositoryName, isValidTag } from '../util/reference';
import { BlobStore } from './blob-store';
import { RegistryEvents } from './events';
import { ManifestStore } from './manifest-store';
import { parseManifest } from './manifests/parse-manifest';
import { RepositoryCatalog } from './repository-catalog';
import { compareAscii, TagStore } from './tag-store';
import type { AppendOptions, CompleteOptions } from './upload-sessions';
import { UploadSessions } from './upload-sessions';
import type { BlobInfo, ByteRange, Descriptor, PutManifestResult, StoredManifest, UploadStatus } from './types';
import { LegacyImageStore } from './legacy/image-store';
import { InPlaceTags } from './legacy-store/in-place-tags';
import { LegacyStore } from './legacy-store/legacy-store';
import { LegacyImages } from './legacy/legacy-images';
import { LegacyRepositories } from './legacy/legacy-repositories';
import { ManifestV1View, type PlatformChoice } from './legacy/manifest-v1-view';
import { ManifestNegotiation } from './manifest-negotiation';
import { Schema1Conversion } from './schema1-conversion';
import { Schema1SigningKey } from './schema1-signing-key';
import { Schema2Conversion } from './schema2-conversion';

export interface RegistryModelOptions {
  /** DELETE of manifests, tags and blobs; false → UNSUPPORTED */
  readonly deleteEnabled: boolean;
  /** the entry of an index that V1 clients see (default linux/amd64) */
  readonly v1Platform?: PlatformChoice;
  /** a PEM key file for signing schema1 manifests; default: a key generated once and kept in storage */
  readonly schema1SigningKeyFile?: string;
}

/** the V1 protocol's view of the same data */
export interface LegacyFacet {
  readonly images: LegacyImages;
  readonly repositories: LegacyRepositories;
}

export interface InPlaceImportReport {
  readonly imported: readonly string[];
  readonly failed: ReadonlyArray<{ readonly tag: string; readonly error: string }>;
}

export type ManifestReference = { readonly kind: 'tag'; readonly tag: string } | { readonly kind: 'digest'; readonly digest: ParsedDigest };

export class RegistryModel {
  readonly events = new RegistryEvents();
  readonly legacy: LegacyFacet;
  private readonly blobs: BlobStore;
  private readonly uploads: UploadSessions;
  private readonly manifests: ManifestStore;
  private readonly tags: TagStore;
  private readonly catalog: RepositoryCatalog;
  private readonly negotiation: ManifestNegotiation;
  private readonly signingKey: Schema1SigningKey;
  /** repositories whose in-place (docker-registry store) tags were taken in by this process */
  private readonly inPlaceImported = new Map<string, Promise<InPlaceImportReport>>();

  constructor(
    driver: StorageDriver,
    private readonly options: RegistryModelOptions,
  ) {
    this.blobs = new BlobStore(driver);
    this.uploads = new UploadSessions(driver, this.blobs);
    this.manifests = new ManifestStore(driver, this.blobs);
    this.tags = new TagStore(driver);
    this.catalog = new RepositoryCatalog(driver);
    const view = new ManifestV1View(driver, this.blobs, this.manifests, options.v1Platform ?? { os: 'linux', architecture: 'amd64' });
    const inPlaceStore = new LegacyStore(driver);
    const images = new LegacyImages(driver, new LegacyImageStore(driver), this.blobs, this.uploads, view, inPlaceStore);
    this.signingKey = new Schema1SigningKey(driver, options.schema1SigningKeyFile);
    const conversion = new Schema1Conversion(driver, this.blobs, this.manifests, view, this.signingKey, (repository, tag, top) =>
      this.legacy.repositories.schema1PayloadOf(repository, tag, top),
    );
    const stores = { driver, blobs: this.blobs, manifests: this.manifests, tags: this.tags, catalog: this.catalog, events: this.events };
    this.legacy = { images, repositories: new LegacyRepositories(this, stores, images, view, conversion, new InPlaceTags(driver, inPlaceStore)) };
    this.negotiation = new ManifestNegotiation(view, conversion, new Schema2Conversion(driver, this.blobs, this.manifests, view));
  }

  /**
   * Loads (or creates and stores) the key that signs generated schema1 manifests. Lazy otherwise;
   * a process that starts others calls it first, so that they all find the same stored key.
   */
  async prepareSchema1SigningKey(): Promise<void> {
    await this.signingKey.get();
  }

  // ---- repositories

  async repositoryExists(repository: string): Promise<boolean> {
    requireName(repository);
    return this.legacy.repositories.exists(repository);
  }

  async listRepositories(n?: number, last?: string): Promise<PageOf<string>> {
    const names = new Set([...(await this.catalog.listAll()), ...(await this.legacy.repositories.inPlaceRepositories())]);
    return paginate([...names].sort(compareAscii), n, last);
  }

  /**
   * Takes the tags of a docker-registry store served in place into the model, once per
   * repository and process (V2 clients need real manifests; V1 clients are served meanwhile).
   */
  async importInPlace(repository: string): Promise<InPlaceImportReport> {
    let pending = this.inPlaceImported.get(repository);
    if (!pending) {
      // only repositories of the in-place store are remembered: any name can be asked for
      if (!(await this.legacy.repositories.isInPlace(repository))) return { imported: [], failed: [] };
      pending = this.legacy.repositories.importInPlace(repository);
      this.inPlaceImported.set(repository, pending);
      pending.catch(() => this.inPlaceImported.delete(repository));
    }
    return pending;
  }

  // ---- blobs

  async statBlob(repository: string, digest: ParsedDigest): Promise<BlobInfo> {
    requireName(repository);
    const info = await this.blobs.statInRepository(repository, digest);
    if (!info) throw new RegistryError('BLOB_UNKNOWN', undefined, { digest: digest.digest });
    return info;
  }

  async openBlob(digest: ParsedDigest, range?: ByteRange): Promise<Readable> {
    return this.blobs.open(digest, range);
  }

  async blobRedirectURL(digest: ParsedDigest, method: 'GET' | 'HEAD'): Promise<string | undefined> {
    return this.blobs.redirectURL(digest, method);
  }

  /** links a blob of `from` into `to`; undefined when `from` does not hold it */
  async mountBlob(from: string, to: string, digest: ParsedDigest): Promise<BlobInfo | undefined> {
    requireName(to);
    if (!isValidRepositoryName(from)) return undefined;
    const info = await this.blobs.statInRepository(from, digest);
    if (!info) return undefined;
    await this.blobs.link(to, digest);
    return info;
  }

  async deleteBlob(repository: string, digest: ParsedDigest): Promise<void> {
    requireName(repository);
    this.requireDelete();
    if (!(await this.blobs.unlink(repository, digest))) {
      throw new RegistryError('BLOB_UNKNOWN', undefined, { digest: digest.digest });
    }
  }

  // ---- uploads

  async startUpload(repository: string, algorithm?: DigestAlgorithm): Promise<UploadStatus> {
    requireName(repository);
    return this.uploads.start(repository, algorithm);
  }

  async uploadStatus(repository: string, uuid: string): Promise<UploadStatus> {
    requireName(repository);
    return this.uploads.status(repository, uuid);
  }

  async appendUpload(repository: string, uuid: string, body: Readable, options?: AppendOptions): Promise<UploadStatus> {
    requireName(repository);
    return this.uploads.append(repository, uuid, body, options);
  }

  async completeUpload(repository: string, uuid: string, options?: CompleteOptions): Promise<BlobInfo> {
    requireName(repository);
    return this.uploads.complete(repository, uuid, options);
  }

  async cancelUpload(repository: string, uuid: string): Promise<void> {
    requireName(repository);
    return this.uploads.cancel(repository, uuid);
  }

  // ---- manifests and tags

  async getManifest(repository: string, reference: ManifestReference): Promise<StoredManifest> {
    requireName(repository);
    if (reference.kind === 'tag') await this.importInPlace(repository);
    const digest = reference.kind === 'digest' ? reference.digest : await this.tags.resolve(repository, reference.tag);
    const stored = digest && (await this.manifests.get(repository, digest));
    if (!stored) throw manifestUnknown(reference);
    return stored;
  }

  /** the manifest for a client that reads `accepted` media types (see manifest-negotiation.ts) */
  async getManifestFor(repository: string, reference: ManifestReference, accepted: readonly string[]): Promise<StoredManifest> {
    const stored = await this.getManifest(repository, reference);
    if (reference.kind === 'digest') return stored;
    return this.negotiation.forTag(repository, reference.tag, stored, accepted);
  }

  async putManifest(repository: string, reference: ManifestReference, bytes: Buffer, contentType: string | undefined): Promise<PutManifestResult> {
    requireName(repository);
    const parsed = parseManifest(bytes, contentType);
    const algorithm = reference.kind === 'digest' ? reference.digest.algorithm : 'sha256';
    const digest = parseDigest(digestOf(algorithm, parsed.digestedBytes)) as ParsedDigest;
    if (reference.kind === 'digest' && reference.digest.digest !== digest.digest) {
      throw new RegistryError('DIGEST_INVALID', 'manifest digest did not match', { expected: reference.digest.digest, actual: digest.digest });
    }
    if (parsed.schema1) {
      if (parsed.schema1.name !== repository) {
        throw new RegistryError('NAME_INVALID', 'manifest name did not match URI', { name: parsed.schema1.name, repository });
      }
      if (reference.kind === 'tag' && parsed.schema1.tag !== reference.tag) {
        throw new RegistryError('TAG_INVALID', undefined, { tag: parsed.schema1.tag, reference: reference.tag });
      }
    }
    await this.manifests.checkReferences(repository, parsed);
    await this.manifests.store(repository, digest, bytes, parsed);
    this.events.emit('manifest.pushed', { repository, digest: digest.digest, mediaType: parsed.mediaType });
    if (reference.kind === 'tag') await this.setTag(repository, reference.tag, digest);
    return { digest: digest.digest, mediaType: parsed.mediaType, subject: parsed.subject?.digest };
  }

  async deleteManifest(repository: string, reference: ManifestReference): Promise<void> {
    requireName(repository);
    this.requireDelete();
    if (reference.kind === 'tag') {
      await this.importInPlace(repository);
      if (!(await this.tags.delete(repository, reference.tag))) throw manifestUnknown(reference);
      this.events.emit('tag.deleted', { repository, tag: reference.tag });
      return;
    }
    const tagsToRemove = await this.tags.tagsPointingAt(repository, reference.digest);
    if (!(await this.manifests.delete(repository, reference.digest))) throw manifestUnknown(reference);
    for (const tag of tagsToRemove) {
      await this.tags.delete(repository, tag);
      this.events.emit('tag.deleted', { repository, tag });
    }
    this.events.emit('manifest.deleted', { repository, digest: reference.digest.digest });
  }

  async resolveTag(repository: string, tag: string): Promise<ParsedDigest | undefined> {
    requireName(repository);
    return this.tags.resolve(repository, tag);
  }

  async setTag(repository: string, tag: string, digest: ParsedDigest): Promise<void> {
    requireName(repository);
    if (!isValidTag(tag)) throw new RegistryError('TAG_INVALID', 'invalid tag', { tag });
    if (!(await this.manifests.exists(repository, digest))) throw new RegistryError('MANIFEST_UNKNOWN', undefined, { digest: digest.digest });
    await this.tags.set(repository, tag, digest);
    this.events.emit('tag.set', { repository, tag, digest: digest.digest });
  }

  async listTags(repository: string, n?: number, last?: string): Promise<PageOf<string>> {
    requireName(repository);
    await this.importInPlace(repository);
    if (!(await this.catalog.exists(repository))) throw new RegistryError('NAME_UNKNOWN', undefined, { name: repository });
    return paginate(await this.tags.list(repository), n, last);
  }

  async referrers(repository: string, subject: ParsedDigest, artifactType?: string): Promise<Descriptor[]> {
    requireName(repository);
    const all = await this.manifests.referrers(repository, subject);
    return artifactType === undefined ? all : all.filter((d) => d.artifactType === artifactType);
  }

  private requireDelete(): void {
    if (!this.options.deleteEnabled) throw new RegistryError('UNSUPPORTED', 'deletion is disabled on this registry');
  }
}

export function createRegistryModel(driver: StorageDriver, options: RegistryModelOptions): RegistryModel {
  return new RegistryModel(driver, options);
}

/** parses the <reference> of a manifest URL: a digest if it looks like one, else a tag */
export function parseManifestReference(reference: string): ManifestReference {
  if (reference.includes(':')) {
    const digest = parseDigest(reference);
    if (!digest) throw new RegistryError('DIGEST_INVALID', 'invalid digest', { digest: reference });
    return { kind: 'digest', digest };
  }
  if (!isValidTag(reference)) throw new RegistryError('TAG_INVALID', 'invalid tag', { tag: reference });
  return { kind: 'tag', tag: reference };
}

function requireName(repository: string): void {
  if (!isValidRepositoryName(repository)) throw new RegistryError('NAME_INVALID', undefined, { name: repository });
}

function manifestUnknown(reference: ManifestReference): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', undefined, reference.kind === 'tag' ? { tag: reference.tag } : { digest: reference.digest.digest });
}
