/**
 * The global content-addressed blob store and the per-repository links into it. A blob is
 * stored once whatever the number of repositories (and protocols) that reference it; a
 * repository may only read blobs linked into it.
 */
import type { Readable } from 'node:stream';
import type { StorageDriver } from '../storage/driver';
import { PathNotFoundError } from '../storage/errors';
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
    const size = info && !info.isDir ? info.size : (await this.external(digest))?.size;
    if (size === undefined) return undefined;
    this.rememberSize(digest.digest, size);
    return { digest: digest.digest, size };
  }

  async open(digest: ParsedDigest, range?: ByteRange): Promise<Readable> {
    const options = range && { offset: range.start, length: range.end - range.start + 1 };
    try {
      return await this.driver.reader(StoragePaths.blobData(digest), options);
    } catch (error) {
      const external = error instanceof PathNotFoundError ? await this.external(digest) : undefined;
      if (!external) throw error;
      return this.driver.reader(external.path, options);
    }
  }

  /**
   * Makes bytes that stay where they are (a docker-registry store served in place) readable as
   * a blob: a pointer, never a copy.
   */
  async registerExternal(digest: ParsedDigest, path: string, size: number): Promise<void> {
    if ((await this.stat(digest)) !== undefined) return;
    await this.driver.putContent(StoragePaths.externalBlob(digest), JSON.stringify({ path, size }));
    this.rememberSize(digest.digest, size);
  }

  private async external(digest: ParsedDigest): Promise<{ path: string; size: number } | undefined> {
    const pointer = await readIfExists(this.driver, StoragePaths.externalBlob(digest));
    return pointer ? (JSON.parse(pointer.toString('utf8')) as { path: string; size: number }) : undefined;
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
