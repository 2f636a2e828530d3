/**
 * V1 image operations (json, layer, checksum, ancestry) over the shared store. Images pushed
 * over V1 live in the image store; images pushed over V2 are found through their derived ids.
 * Errors carry docker-registry's exact V1 statuses and texts.
 */
import type { Readable } from 'node:stream';
import { RegistryError } from '../../errors/registry-error';
import { parseDigest, type ParsedDigest } from '../../util/digest';
import type { BlobStore } from '../blob-store';
import type { ByteRange } from '../types';
import type { UploadSessions } from '../upload-sessions';
import { V1_IMAGE_ID_PATTERN, type LegacyImage, type LegacyImageStore, type LegacyLayerRecord } from './image-store';
import type { StorageDriver } from '../../storage/driver';
import type { LegacyStore, LegacyStoreImage } from '../legacy-store/legacy-store';
import { StoragePaths } from '../paths';
import { readIfExists } from '../storage-access';
import { listLayerFiles } from './layer-files';
import { checksumMatches, gzipCopyOf, inspectLayer, inspectStoredLayer, needsGzipCopy } from './layer-inspection';
import type { ManifestV1View, V1ImageView } from './manifest-v1-view';

/** an image as a V1 client sees it, whichever protocol pushed it */
export interface V1Image {
  readonly id: string;
  readonly json: Buffer;
  readonly ancestry: readonly string[];
  /** where the layer bytes are: a blob, or a file of a docker-registry store served in place; size -1 before the layer PUT */
  readonly layer: { readonly digest?: ParsedDigest; readonly path?: string; readonly size: number };
  readonly checksums: readonly string[];
  /** set for images pushed over V1 (to Janus, or to the docker-registry store served in place) */
  readonly legacy?: LegacyImage;
  /** set for images of a docker-registry store served in place */
  readonly inPlace?: LegacyStoreImage;
  /** set for images derived from a V2 manifest */
  readonly derived?: { readonly repository: string; readonly view: V1ImageView };
}

export interface ChecksumHeaders {
  /** X-Docker-Checksum-Payload; undefined when absent */
  readonly payload?: string;
  /** X-Docker-Checksum (tarsum), sent alone by docker ≤ 0.8.1 */
  readonly tarsum?: string;
}

export class LegacyImages {
  constructor(
    private readonly driver: StorageDriver,
    private readonly store: LegacyImageStore,
    private readonly blobs: BlobStore,
    private readonly uploads: UploadSessions,
    private readonly view: ManifestV1View,
    private readonly inPlace: LegacyStore,
  ) {}

  async putJson(id: string, body: Buffer): Promise<void> {
    requireId(id);
    const json = parseImageJson(body);
    if (json.id !== id) throw v1('IMAGE_JSON_INVALID', 'JSON data contains invalid id');
    const parentId = typeof json.parent === 'string' && json.parent !== '' ? json.parent : undefined;
    let ancestry = [id];
    if (parentId !== undefined) {
      const parent = await this.findAny(parentId);
      if (!parent) throw new RegistryError('IMAGE_PARENT_UNKNOWN');
      ancestry = [id, ...parent.ancestry];
    }
    const existing = await this.store.get(id);
    if ((existing && !existing.inProgress) || (!existing && (await this.view.lookupDerived(id)))) {
      throw new RegistryError('IMAGE_EXISTS');
    }
    await this.store.begin(id, body, ancestry);
  }

  /** `tarsum: false` when the client will send the payload checksum (docker ≥ 0.10): one hash pass less */
  async putLayer(id: string, body: Readable, options: { tarsum?: boolean } = {}): Promise<void> {
    requireId(id);
    const image = await this.store.get(id);
    if (!image) throw new RegistryError('IMAGE_UNKNOWN');
    if (!image.inProgress && image.layer) throw new RegistryError('IMAGE_EXISTS');
    const inspection = inspectLayer(image.json, options);
    const session = await this.uploads.start(undefined);
    await this.uploads.append(undefined, session.uuid, body, { taps: [inspection.tap] });
    const blob = await this.uploads.complete(undefined, session.uuid);
    const facts = inspection.facts();
    const gzipCopy = facts.diffId !== undefined && needsGzipCopy(facts.format) ? await this.storeGzipCopy(blob.digest, facts.format) : undefined;
    await this.store.recordLayer(id, { digest: blob.digest, size: blob.size, ...facts, ...gzipCopy });
  }

  /** docker 0.4/0.5 pushed xz layers: V2 clients get a deterministic gzip copy, made once */
  private async storeGzipCopy(digest: string, format: string): Promise<{ gzipDigest: string; gzipSize: number }> {
    const stored = await this.blobs.open(parseDigest(digest)!);
    const session = await this.uploads.start(undefined);
    await this.uploads.append(undefined, session.uuid, gzipCopyOf(stored, format));
    const copy = await this.uploads.complete(undefined, session.uuid);
    return { gzipDigest: copy.digest, gzipSize: copy.size };
  }

  async putChecksum(id: string, headers: ChecksumHeaders): Promise<void> {
    requireId(id);
    if (headers.payload === undefined && headers.tarsum === undefined) throw new RegistryError('CHECKSUM_PAYLOAD_MISSING');
    if (headers.payload === '' || (headers.payload === undefined && headers.tarsum === '')) throw new RegistryError('CHECKSUM_EMPTY');
    const image = await this.store.get(id);
    if (!image) throw new RegistryError('IMAGE_UNKNOWN');
    if (!image.inProgress) throw new RegistryError('CHECKSUM_NOT_SETTABLE');
    if (!image.layer) throw new RegistryError('LAYER_MISSING');
    if (!checksumMatches(headers, image.layer)) throw new RegistryError('CHECKSUM_MISMATCH');
    await this.store.markComplete(id);
  }

  /** a complete image (V1-pushed or derived); IMAGE_UPLOADING while in progress */
  async get(id: string): Promise<V1Image> {
    requireId(id);
    const image = await this.findAny(id);
    if (!image) throw new RegistryError('IMAGE_UNKNOWN');
    if (image.legacy?.inProgress) throw new RegistryError('IMAGE_UPLOADING');
    return image;
  }

  /** the layer's file list (docker-registry's /files), computed once and cached */
  async files(id: string): Promise<Buffer> {
    const image = await this.get(id);
    const cached =
      (image.inPlace && (await readIfExists(this.driver, image.inPlace.filesPath))) ||
      (await readIfExists(this.driver, StoragePaths.legacyImageFile(id, '_files')));
    if (cached) return cached;
    const files = Buffer.from(JSON.stringify(await listLayerFiles(await this.openLayer(image))));
    await this.driver.putContent(StoragePaths.legacyImageFile(id, '_files'), files);
    return files;
  }

  async openLayer(image: V1Image, range?: ByteRange): Promise<Readable> {
    if (image.layer.digest) return this.blobs.open(image.layer.digest, range);
    if (!image.layer.path) throw new RegistryError('IMAGE_UNKNOWN');
    return this.driver.reader(image.layer.path, range && { offset: range.start, length: range.end - range.start + 1 });
  }

  /**
   * The image as a V1 push record with its layer facts (digest, diff id, format), which building
   * a V2 manifest needs. An in-place image's layer is read once for them and registered as a
   * blob where it lies (never copied); the facts are remembered.
   */
  async withLayerFacts(image: V1Image): Promise<LegacyImage> {
    if (!image.legacy) throw new Error(`image ${image.id} is not a V1 push`);
    if (image.legacy.layer || !image.inPlace || image.inPlace.layerSize === undefined) return image.legacy;
    const source = image.inPlace;
    const inspected = await inspectStoredLayer(await this.driver.reader(source.layerPath), source.json);
    const facts = { format: inspected.format, diffId: inspected.diffId, payloadChecksum: inspected.payloadChecksum!, tarsum: inspected.tarsum };
    const digest = parseDigest(inspected.digest)!;
    await this.blobs.registerExternal(digest, source.layerPath, source.layerSize!);
    const gzipCopy = facts.diffId !== undefined && needsGzipCopy(facts.format) ? await this.storeGzipCopy(digest.digest, facts.format) : undefined;
    const layer: LegacyLayerRecord = { digest: digest.digest, size: source.layerSize!, ...facts, ...gzipCopy };
    await this.driver.putContent(StoragePaths.inPlaceLayerRecord(image.id), JSON.stringify(layer));
    return { ...image.legacy, layer };
  }

  /** the V1 image behind an id, complete or not; undefined when unknown */
  async findAny(id: string): Promise<V1Image | undefined> {
    const legacy = await this.store.get(id);
    if (legacy) {
      return {
        id,
        json: legacy.json,
        ancestry: legacy.ancestry,
        layer: legacy.layer ? { digest: parseDigest(legacy.layer.digest)!, size: legacy.layer.size } : { size: -1 },
        checksums: legacy.layer ? [legacy.layer.payloadChecksum] : [],
        legacy,
      };
    }
    const inPlace = V1_IMAGE_ID_PATTERN.test(id) ? await this.inPlace.image(id) : undefined;
    if (inPlace) return this.inPlaceImage(inPlace);
    const derived = await this.view.lookupDerived(id);
    if (!derived) return undefined;
    const { position, repository } = derived.record;
    const view = derived.images[position]!;
    const ancestry = derived.images
      .slice(0, position + 1)
      .map((image) => image.id)
      .reverse();
    const size = view.blob.size >= 0 ? view.blob.size : ((await this.blobs.stat(view.blob.digest))?.size ?? 0);
    return { id, json: view.json, ancestry, layer: { digest: view.blob.digest, size }, checksums: [], derived: { repository, view } };
  }

  private async inPlaceImage(source: LegacyStoreImage): Promise<V1Image> {
    const recorded = await readIfExists(this.driver, StoragePaths.inPlaceLayerRecord(source.id));
    const layer = recorded ? (JSON.parse(recorded.toString('utf8')) as LegacyLayerRecord) : undefined;
    const parsed = JSON.parse(source.json.toString('utf8')) as { parent?: unknown };
    const legacy: LegacyImage = {
      id: source.id,
      json: source.json,
      parent: typeof parsed.parent === 'string' && parsed.parent !== '' ? parsed.parent : undefined,
      ancestry: source.ancestry,
      inProgress: source.inProgress || source.layerSize === undefined,
      layer,
    };
    return {
      id: source.id,
      json: source.json,
      ancestry: source.ancestry,
      layer: { path: source.layerPath, size: source.layerSize ?? -1 },
      checksums: source.checksums,
      legacy,
      inPlace: source,
    };
  }
}

function requireId(id: string): void {
  if (!V1_IMAGE_ID_PATTERN.test(id)) throw new RegistryError('IMAGE_ID_INVALID');
}

function parseImageJson(body: Buffer): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('IMAGE_JSON_INVALID');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || Object.keys(json).length === 0) {
    throw new RegistryError('IMAGE_JSON_INVALID');
  }
  if (!('id' in json)) throw v1('IMAGE_JSON_INVALID', "Missing key `id' in JSON");
  return json as Record<string, unknown>;
}

function v1(code: 'IMAGE_JSON_INVALID', message: string): RegistryError {
  return new RegistryError(code, message, undefined, { v1Message: message });
}
