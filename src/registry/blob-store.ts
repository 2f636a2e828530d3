/**
 * The global content-addressed blob store and the per-repository links into it. A blob is
 * stored once whatever the number of repositories (and protocols) that reference it; a
 * repository may only read blobs linked into it.
 */
import type { Readable } from 'node:stream';
import type { StorageDriver } from '../storage/driver';
import { parseDigest, type ParsedDigest } from '../util/digest';
import { StoragePaths } from './paths';
import { deleteIfExists, readIfExists, statIfExists } from './storage-access';
import type { BlobInfo, ByteRange } from './types';

/** blob sizes never change once stored: remember them (bounded) to save a stat per request */
const SIZE_CACHE_LIMIT = 50_000;

export class BlobStore {
  private readonly sizeCache = new Map<string, number>();

  constructor(private readonly driver: StorageDriver) {}

  async stat(digest: ParsedDigest): Promise<BlobInfo | undefined> {
    const cached = this.sizeCache.get(digest.digest);
    if (cached !== undefined) return { digest: digest.digest, size: cached };
    const info = await statIfExists(this.driver, StoragePaths.blobData(digest));
    if (!info || info.isDir) return undefined;
    this.rememberSize(digest.digest, info.size);
    return { digest: digest.digest, size: info.size };
  }

  async open(digest: ParsedDigest, range?: ByteRange): Promise<Readable> {
    const path = StoragePaths.blobData(digest);
    if (!range) return this.driver.reader(path);
    return this.driver.reader(path, { offset: range.start, length: range.end - range.start + 1 });
  }

  async redirectURL(digest: ParsedDigest, method: 'GET' | 'HEAD'): Promise<string | undefined> {
    if (!this.driver.redirectURL) return undefined;
    return this.driver.redirectURL(StoragePaths.blobData(digest), { method });
  }

  /** whole content of a small blob (manifests, configs); undefined when absent */
  async readSmall(digest: ParsedDigest): Promise<Buffer | undefined> {
    return readIfExists(this.driver, StoragePaths.blobData(digest));
  }

  /** stores small content under a digest the caller computed over it */
  async putSmall(digest: ParsedDigest, content: Buffer): Promise<void> {
    if ((await this.stat(digest)) === undefined) {
      await this.driver.putContent(StoragePaths.blobData(digest), content);
    }
    this.rememberSize(digest.digest, content.length);
  }

  /** moves committed upload data into the store; if the blob already exists the upload data is dropped */
  async adoptUploadedData(digest: ParsedDigest, uploadDataPath: string, size: number): Promise<void> {
    if ((await this.stat(digest)) !== undefined) {
      await deleteIfExists(this.driver, uploadDataPath);
      return;
    }
    await this.driver.move(uploadDataPath, StoragePaths.blobData(digest));
    this.rememberSize(digest.digest, size);
  }

  async isLinked(repository: string, digest: ParsedDigest): Promise<boolean> {
    const link = await readIfExists(this.driver, StoragePaths.layerLink(repository, digest));
    return link !== undefined;
  }

  async link(repository: string, digest: ParsedDigest): Promise<void> {
    await this.driver.putContent(StoragePaths.layerLink(repository, digest), digest.digest);
  }

  async unlink(repository: string, digest: ParsedDigest): Promise<boolean> {
    return deleteIfExists(this.driver, StoragePaths.layerLinkDir(repository, digest));
  }

  /** stat of a blob as seen from a repository: undefined unless linked there and present */
  async statInRepository(repository: string, digest: ParsedDigest): Promise<BlobInfo | undefined> {
    if (!(await this.isLinked(repository, digest))) return undefined;
    return this.stat(digest);
  }

  private rememberSize(digest: string, size: number): void {
    if (this.sizeCache.size >= SIZE_CACHE_LIMIT) {
      const oldest = this.sizeCache.keys().next().value;
      if (oldest !== undefined) this.sizeCache.delete(oldest);
    }
    this.sizeCache.set(digest, size);
  }
}

/** reads a link file (content: a digest) */
export function parseLink(content: Buffer | undefined): ParsedDigest | undefined {
  if (!content) return undefined;
  return parseDigest(content.toString('utf8').trim());
}
