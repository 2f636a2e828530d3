/**
 * Manifest revisions of a repository. The bytes live in the blob store under the manifest
 * digest, stored exactly as pushed; a revision link makes a digest visible in a repository;
 * manifests with a subject are indexed for the referrers API.
 */
import type { StorageDriver } from '../storage/driver';
import { RegistryError } from '../errors/registry-error';
import type { ParsedDigest } from '../util/digest';
import { parseLink, type BlobStore } from './blob-store';
import { parseManifest, storedManifestMediaType, type ParsedManifest } from './manifests/parse-manifest';
import { StoragePaths } from './paths';
import { baseName, deleteIfExists, listIfExists, readIfExists } from './storage-access';
import type { Descriptor, StoredManifest } from './types';

export class ManifestStore {
  constructor(
    private readonly driver: StorageDriver,
    private readonly blobs: BlobStore,
  ) {}

  async exists(repository: string, digest: ParsedDigest): Promise<boolean> {
    return (await readIfExists(this.driver, StoragePaths.manifestRevisionLink(repository, digest))) !== undefined;
  }

  async get(repository: string, digest: ParsedDigest): Promise<StoredManifest | undefined> {
    if (!(await this.exists(repository, digest))) return undefined;
    const bytes = await this.blobs.readSmall(digest);
    if (!bytes) return undefined;
    return { digest: digest.digest, mediaType: storedManifestMediaType(bytes), bytes };
  }

  /** checks that everything the manifest references is present in the repository */
  async checkReferences(repository: string, parsed: ParsedManifest): Promise<void> {
    const missing: string[] = [];
    for (const blob of parsed.blobReferences) {
      if (!(await this.blobs.isLinked(repository, blob))) missing.push(blob.digest);
    }
    for (const manifest of parsed.manifestReferences) {
      if (!(await this.exists(repository, manifest))) missing.push(manifest.digest);
    }
    if (missing.length > 0) {
      throw new RegistryError('MANIFEST_BLOB_UNKNOWN', undefined, { digests: missing });
    }
  }

  /** stores validated manifest bytes under `digest` and links the revision (and its subject) */
  async store(repository: string, digest: ParsedDigest, bytes: Buffer, parsed: ParsedManifest): Promise<void> {
    await this.blobs.putSmall(digest, bytes);
    await this.driver.putContent(StoragePaths.manifestRevisionLink(repository, digest), digest.digest);
    if (parsed.subject) {
      await this.driver.putContent(StoragePaths.referrerLink(repository, parsed.subject, digest), digest.digest);
    }
  }

  /** unlinks the revision and its referrer entry; false when it was not there */
  async delete(repository: string, digest: ParsedDigest): Promise<boolean> {
    const stored = await this.get(repository, digest);
    if (!stored) return false;
    const parsed = tryParse(stored);
    if (parsed?.subject) {
      await deleteIfExists(this.driver, StoragePaths.referrerEntryDir(repository, parsed.subject, digest));
    }
    await deleteIfExists(this.driver, StoragePaths.manifestRevisionDir(repository, digest));
    return true;
  }

  /** descriptors of the manifests in the repository whose subject is `subject` */
  async referrers(repository: string, subject: ParsedDigest): Promise<Descriptor[]> {
    const result: Descriptor[] = [];
    const root = StoragePaths.referrersDir(repository, subject);
    for (const algorithmDir of await listIfExists(this.driver, root)) {
      for (const entry of await listIfExists(this.driver, algorithmDir)) {
        const digest = parseLink(await readIfExists(this.driver, `${entry}/link`));
        if (!digest || baseName(entry) !== digest.hex) continue;
        const stored = await this.get(repository, digest);
        const parsed = stored && tryParse(stored);
        if (!stored || !parsed) continue;
        result.push({
          mediaType: stored.mediaType,
          digest: stored.digest,
          size: stored.bytes.length,
          ...(parsed.artifactType !== undefined && { artifactType: parsed.artifactType }),
          ...(parsed.annotations !== undefined && { annotations: parsed.annotations }),
        });
      }
    }
    return result.sort((a, b) => (a.digest < b.digest ? -1 : 1));
  }
}

function tryParse(stored: StoredManifest): ParsedManifest | undefined {
  try {
    return parseManifest(stored.bytes, stored.mediaType);
  } catch {
    return undefined;
  }
}
