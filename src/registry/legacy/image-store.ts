/**
 * V1 image records: the image JSON exactly as pushed, its ancestry, the in-progress marker and
 * a record of its layer, whose bytes live in the shared blob store (stored once, whichever
 * protocol pushed them).
 */
import type { StorageDriver } from '../../storage/driver';
import { StoragePaths } from '../paths';
import { deleteIfExists, readIfExists } from '../storage-access';

export const V1_IMAGE_ID_PATTERN = /^(?:[a-f0-9]{16}|[a-f0-9]{64})$/;

/** what was learned about a layer while it streamed in */
export interface LegacyLayerRecord {
  /** digest of the stored bytes (the blob) */
  readonly digest: string;
  readonly size: number;
  /** sha256 of the uncompressed tar: the V2 diff_id; missing when the layer could not be decompressed */
  readonly diffId?: string;
  /** compression of the stored bytes: tar, gzip, xz, bzip2, zstd */
  readonly format: string;
  /** sha256 of json + "\n" + layer bytes */
  readonly payloadChecksum: string;
  /** tarsum+sha256 (v0) of the layer with the json, when it could be computed */
  readonly tarsum?: string;
  /** a gzip copy of a layer stored in a format modern clients cannot read (xz, bzip2) */
  readonly gzipDigest?: string;
  readonly gzipSize?: number;
}

export interface LegacyImage {
  readonly id: string;
  /** the JSON bytes as the client sent them */
  readonly json: Buffer;
  readonly parent?: string;
  /** ids newest first, starting with this image */
  readonly ancestry: readonly string[];
  readonly inProgress: boolean;
  readonly layer?: LegacyLayerRecord;
}

export class LegacyImageStore {
  constructor(private readonly driver: StorageDriver) {}

  async get(id: string): Promise<LegacyImage | undefined> {
    const json = await readIfExists(this.driver, StoragePaths.legacyImageFile(id, 'json'));
    if (!json) return undefined;
    const [ancestry, marker, layer] = await Promise.all([
      readIfExists(this.driver, StoragePaths.legacyImageFile(id, 'ancestry')),
      readIfExists(this.driver, StoragePaths.legacyImageFile(id, '_inprogress')),
      readIfExists(this.driver, StoragePaths.legacyImageFile(id, 'layer')),
    ]);
    const parsed = JSON.parse(json.toString('utf8')) as { parent?: unknown };
    return {
      id,
      json,
      parent: typeof parsed.parent === 'string' && parsed.parent !== '' ? parsed.parent : undefined,
      ancestry: ancestry ? (JSON.parse(ancestry.toString('utf8')) as string[]) : [id],
      inProgress: marker !== undefined,
      layer: layer ? (JSON.parse(layer.toString('utf8')) as LegacyLayerRecord) : undefined,
    };
  }

  /** (re)starts an image: marker first, so a crash midway leaves an invisible image */
  async begin(id: string, json: Buffer, ancestry: readonly string[]): Promise<void> {
    await this.driver.putContent(StoragePaths.legacyImageFile(id, '_inprogress'), 'true');
    await deleteIfExists(this.driver, StoragePaths.legacyImageFile(id, 'layer'));
    await this.driver.putContent(StoragePaths.legacyImageFile(id, 'ancestry'), JSON.stringify(ancestry));
    await this.driver.putContent(StoragePaths.legacyImageFile(id, 'json'), json);
  }

  async recordLayer(id: string, layer: LegacyLayerRecord): Promise<void> {
    await this.driver.putContent(StoragePaths.legacyImageFile(id, 'layer'), JSON.stringify(layer));
  }

  async markComplete(id: string): Promise<void> {
    await deleteIfExists(this.driver, StoragePaths.legacyImageFile(id, '_inprogress'));
  }
}
