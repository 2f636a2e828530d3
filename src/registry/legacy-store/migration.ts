/**
 * Copies a docker-registry 0.6–0.9 store into Janus's native store (the same storage or
 * another): every complete image (json, layer, ancestry) into the V1 image store and the blob
 * store, every layer verified against its `_checksum` (payload sha256, or tarsum for entries
 * written for old clients), then every tag, built exactly as when served in place (same V1 ids,
 * same V2 digests). Idempotent and resumable: what is already migrated is skipped.
 */
import type { StorageDriver } from '../../storage/driver';
import { RegistryError } from '../../errors/registry-error';
import { checksumMatches, inspectStoredLayer } from '../legacy/layer-inspection';
import type { RegistryModel } from '../model';
import { LegacyStore, type LegacyStoreImage } from './legacy-store';

export interface MigrationProgress {
  /** called once the totals are known */
  start(totals: { images: number; bytes: number; tags: number }): void;
  image(id: string, bytes: number): void;
  tag(repository: string, tag: string): void;
}

export interface MigrationReport {
  /** repositories whose names Janus cannot serve (no registry client could name them either) */
  readonly repositories: { skipped: Array<{ name: string; reason: string }> };
  readonly images: { migrated: number; skipped: number; broken: Array<{ id: string; reason: string }> };
  readonly tags: { migrated: number; broken: Array<{ repository: string; tag: string; reason: string }> };
  bytes: number;
}

export interface MigrationOptions {
  readonly dryRun?: boolean;
  readonly progress?: MigrationProgress;
}

export async function migrateLegacyStore(source: StorageDriver, target: RegistryModel, options: MigrationOptions = {}): Promise<MigrationReport> {
  const store = new LegacyStore(source);
  const scan = await store.scanned();
  const report: MigrationReport = {
    repositories: { skipped: scan.unservable.map(({ name }) => ({ name, reason: 'not a valid repository name' })) },
    images: { migrated: 0, skipped: 0, broken: [] }, tags: { migrated: 0, broken: [] }, bytes: 0 };
  const repositories = [...scan.servable.values()];
  const tagged: Array<{ repository: string; tag: string; id: string }> = [];
  const needed = new Map<string, LegacyStoreImage>();
  for (const repository of repositories) {
    for (const [tag, id] of await store.tags(repository)) {
      tagged.push({ repository: repository.name, tag, id });
      const chain = await chainOf(store, id);
      if (typeof chain === 'string') {
        report.tags.broken.push({ repository: repository.name, tag, reason: chain });
        continue;
      }
      for (const image of chain) needed.set(image.id, image);
    }
  }
  const images = [...needed.values()].sort((a, b) => a.ancestry.length - b.ancestry.length);
  options.progress?.start({ images: images.length, bytes: images.reduce((sum, image) => sum + (image.layerSize ?? 0), 0), tags: tagged.length });

  const brokenImages = new Set<string>();
  for (const image of images) {
    const outcome = await migrateImage(source, target, image, options.dryRun === true).catch((error: unknown) => describe(error));
    if (outcome === 'migrated' || outcome === 'verified') report.images.migrated++;
    else if (outcome === 'skipped') report.images.skipped++;
    else {
      report.images.broken.push({ id: image.id, reason: outcome });
      brokenImages.add(image.id);
    }
    report.bytes += image.layerSize ?? 0;
    options.progress?.image(image.id, image.layerSize ?? 0);
  }

  for (const { repository, tag, id } of tagged) {
    if (report.tags.broken.some((broken) => broken.repository === repository && broken.tag === tag)) continue;
    const brokenAncestor = needed.get(id)?.ancestry.find((ancestor) => brokenImages.has(ancestor));
    if (brokenAncestor) {
      report.tags.broken.push({ repository, tag, reason: `image ${brokenAncestor} is broken` });
      continue;
    }
    if (!options.dryRun) {
      const legacyRepository = (await store.repository(repository))!;
      const metadata = (await store.tagJson(legacyRepository, tag)) ?? {};
      try {
        await target.legacy.repositories.setTag(repository, tag, id, metadata);
        const list = await store.indexImages(legacyRepository);
        if (list) await target.legacy.repositories.adoptIndexImages(repository, list);
      } catch (error) {
        report.tags.broken.push({ repository, tag, reason: describe(error) });
        continue;
      }
    }
    report.tags.migrated++;
    options.progress?.tag(repository, tag);
  }
  return report;
}

/** the chain of a tagged image, base first, or why it cannot be migrated */
async function chainOf(store: LegacyStore, id: string): Promise<LegacyStoreImage[] | string> {
  const top = await store.image(id);
  if (!top) return `image ${id} is missing`;
  const chain: LegacyStoreImage[] = [];
  for (const ancestorId of [...top.ancestry].reverse()) {
    const image = ancestorId === id ? top : await store.image(ancestorId);
    if (!image) return `broken ancestry: image ${ancestorId} is missing`;
    if (image.inProgress) return `image ${ancestorId} is still being uploaded`;
    if (image.layerSize === undefined) return `image ${ancestorId} has no layer`;
    chain.push(image);
  }
  return chain;
}

async function migrateImage(source: StorageDriver, target: RegistryModel, image: LegacyStoreImage, dryRun: boolean): Promise<string> {
  if (dryRun) return verifyOnly(source, image);
  const existing = await target.legacy.images.findAny(image.id);
  if (existing?.legacy && !existing.inPlace && !existing.legacy.inProgress && existing.legacy.layer) return 'skipped';
  await target.legacy.images.putJson(image.id, image.json);
  await target.legacy.images.putLayer(image.id, await source.reader(image.layerPath));
  const expected = expectedChecksum(image);
  if (expected) {
    await target.legacy.images.putChecksum(image.id, expected);
    return 'migrated';
  }
  // no checksum was ever recorded for it: accept the layer as it is, with its computed payload checksum
  const uploaded = await target.legacy.images.findAny(image.id);
  await target.legacy.images.putChecksum(image.id, { payload: uploaded?.legacy?.layer?.payloadChecksum });
  return 'migrated';
}

/** the dry run reads every layer and checks it, writing nothing */
async function verifyOnly(source: StorageDriver, image: LegacyStoreImage): Promise<string> {
  const facts = await inspectStoredLayer(await source.reader(image.layerPath), image.json);
  const expected = expectedChecksum(image);
  if (!expected) return 'verified';
  return checksumMatches(expected, facts) ? 'verified' : 'Checksum mismatch';
}

/** what `_checksum` says the layer must hash to: the payload sha256 when recorded, else the tarsum */
function expectedChecksum(image: LegacyStoreImage): { payload?: string; tarsum?: string } | undefined {
  const payload = image.checksums.find((checksum) => checksum.startsWith('sha256:'));
  if (payload) return { payload };
  const tarsum = image.checksums.find((checksum) => checksum.startsWith('tarsum'));
  return tarsum ? { tarsum } : undefined;
}

function describe(error: unknown): string {
  if (error instanceof RegistryError) return error.descriptor.v1Message;
  return error instanceof Error ? error.message : String(error);
}
