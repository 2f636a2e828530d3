/**
 * Signed schema1 manifests for clients that read nothing newer (docker 1.6–1.9), made once per
 * tag and kept as a manifest revision, so the bytes and the digest are the same on every request,
 * after a restart and on every replica (deterministic signatures, fixed signing time):
 * - for a tag built from a V1 push: the original V1 chain, so history keeps the client's V1 ids;
 * - for a schema2/OCI image pushed over V2: distribution's conversion (derived V1 ids).
 */
import type { StorageDriver } from '../storage/driver';
import { digestOf, parseDigest, type ParsedDigest } from '../util/digest';
import { MediaTypes } from '../util/media-types';
import type { BlobStore } from './blob-store';
import { buildSchema1FromDerived } from './legacy/manifest-builder';
import type { ManifestV1View } from './legacy/manifest-v1-view';
import type { ManifestStore } from './manifest-store';
import { StoragePaths } from './paths';
import { signSchema1 } from './schema1';
import type { Schema1SigningKey } from './schema1-signing-key';
import { readIfExists } from './storage-access';
import type { StoredManifest } from './types';

interface Schema1Record {
  readonly source: string;
  readonly schema1: string;
}

/** the unsigned payload for a tag whose manifest was built from a V1 push (top image id given) */
export type BuiltPayloadProvider = (repository: string, tag: string, topImageId: string) => Promise<Buffer>;

export class Schema1Conversion {
  constructor(
    private readonly driver: StorageDriver,
    private readonly blobs: BlobStore,
    private readonly manifests: ManifestStore,
    private readonly view: ManifestV1View,
    private readonly signingKey: Schema1SigningKey,
    private readonly builtPayload: BuiltPayloadProvider,
  ) {}

  /** the signed schema1 of `source` (an image manifest the tag resolves to); undefined when it has no schema1 form */
  async forTag(repository: string, tag: string, source: StoredManifest): Promise<StoredManifest | undefined> {
    const recorded = await this.recorded(repository, tag, source.digest);
    if (recorded) return recorded;
    const payload = await this.payloadFor(repository, tag, source);
    if (!payload) return undefined;
    return this.store(repository, tag, source.digest, payload);
  }

  /** signs and keeps a payload as the tag's schema1 for `sourceDigest` */
  async store(repository: string, tag: string, sourceDigest: string, payload: Buffer): Promise<StoredManifest> {
    const digest = parseDigest(digestOf('sha256', payload))!;
    const signed = signSchema1(payload, await this.signingKey.get(), signingTime(payload));
    await this.blobs.putSmall(digest, signed);
    await this.driver.putContent(StoragePaths.manifestRevisionLink(repository, digest), digest.digest);
    const record: Schema1Record = { source: sourceDigest, schema1: digest.digest };
    await this.driver.putContent(StoragePaths.schema1ForTag(repository, tag), JSON.stringify(record));
    return { digest: digest.digest, mediaType: MediaTypes.schema1Signed, bytes: (await this.blobs.readSmall(digest)) ?? signed };
  }

  private async recorded(repository: string, tag: string, sourceDigest: string): Promise<StoredManifest | undefined> {
    const raw = await readIfExists(this.driver, StoragePaths.schema1ForTag(repository, tag));
    if (!raw) return undefined;
    const record = JSON.parse(raw.toString('utf8')) as Schema1Record;
    if (record.source !== sourceDigest) return undefined;
    const digest = parseDigest(record.schema1);
    return digest && this.manifests.get(repository, digest);
  }

  private async payloadFor(repository: string, tag: string, source: StoredManifest): Promise<Buffer | undefined> {
    const sourceDigest: ParsedDigest = parseDigest(source.digest)!;
    const builtFrom = await this.view.builtFrom(sourceDigest);
    if (builtFrom) return this.builtPayload(repository, tag, builtFrom);
    const images = await this.view.derivedImages(repository, source);
    if (!images || images.length === 0) return undefined;
    const config = JSON.parse(images[images.length - 1]!.json.toString('utf8')) as { architecture?: unknown };
    return buildSchema1FromDerived(images, repository, tag, typeof config.architecture === 'string' ? config.architecture : 'amd64');
  }
}

/** a signing time taken from the document itself (the top image's creation), so signing is reproducible */
function signingTime(payload: Buffer): Date {
  const manifest = JSON.parse(payload.toString('utf8')) as { history?: Array<{ v1Compatibility?: string }> };
  const top = manifest.history?.[0]?.v1Compatibility;
  const created = top ? (JSON.parse(top) as { created?: unknown }).created : undefined;
  const time = typeof created === 'string' ? new Date(created) : new Date(0);
  return Number.isNaN(time.getTime()) ? new Date(0) : time;
}
