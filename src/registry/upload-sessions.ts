/**
 * Resumable blob upload sessions, shared by V2 (POST/PATCH/PUT) and V1 (layer PUT).
 *
 * Bytes go straight from the request into a driver writer that stays suspended between
 * requests, hashed on the way (never buffered). The running hash lives in memory; when it is
 * missing (after a restart, or when another process took a request of the session) the upload's
 * bytes are re-read from storage at completion, so a session survives restarts. A blob becomes
 * visible only after its digest checks; a mismatch or an aborted request discards the session.
 *
 * A session belongs to a repository (V2), or to no repository (`undefined`: V1 layers, which
 * are global in the V1 protocol and linked into repositories when tagged).
 */
import { randomUUID } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileWriter, StorageDriver } from '../storage/driver';
import { RegistryError } from '../errors/registry-error';
import type { DigestAlgorithm, ParsedDigest } from '../util/digest';
import { parseDigest } from '../util/digest';
import type { BlobStore } from './blob-store';
import { DigestingStream } from './digesting-stream';
import { KeyedLock } from './keyed-lock';
import { StoragePaths } from './paths';
import { deleteIfExists, readIfExists } from './storage-access';
import type { BlobInfo, UploadStatus } from './types';

interface LiveHash {
  readonly algorithm: DigestAlgorithm;
  readonly hash: Hash;
  /** bytes the hash has consumed, equal to the stored size while the hash is usable */
  size: number;
}

export interface AppendOptions {
  /** Content-Range start: must equal the bytes received so far */
  readonly expectedStart?: number;
  /** extra pass-through streams that see the bytes (V1 checksums, diff ids) */
  readonly taps?: readonly Transform[];
}

export interface CompleteOptions {
  /** the digest the client claims; undefined = accept whatever was uploaded (V1 layers) */
  readonly expected?: ParsedDigest;
  readonly lastChunk?: Readable;
  readonly taps?: readonly Transform[];
}

const UUID_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

export class UploadSessions {
  private readonly live = new Map<string, LiveHash>();
  private readonly lock = new KeyedLock();

  constructor(
    private readonly driver: StorageDriver,
    private readonly blobs: BlobStore,
  ) {}

  async start(repository: string | undefined, algorithm: DigestAlgorithm = 'sha256'): Promise<UploadStatus> {
    const uuid = randomUUID();
    const startedAt = new Date();
    await this.driver.putContent(StoragePaths.uploadStartedAt(repository, uuid), startedAt.toISOString());
    this.live.set(key(repository, uuid), { algorithm, hash: DigestingStream.create(algorithm).hash, size: 0 });
    return { repository, uuid, size: 0, startedAt };
  }

  async status(repository: string | undefined, uuid: string): Promise<UploadStatus> {
    return this.lock.run(key(repository, uuid), async () => {
      const startedAt = await this.requireSession(repository, uuid);
      // storage, not the running hash: another process may have taken the last chunk
      const size = await this.storedSize(repository, uuid);
      return { repository, uuid, size, startedAt };
    });
  }

  /** streams a chunk into the session; returns the new status */
  async append(repository: string | undefined, uuid: string, body: Readable, options: AppendOptions = {}): Promise<UploadStatus> {
    return this.lock.run(key(repository, uuid), async () => {
      const startedAt = await this.requireSession(repository, uuid);
      const writer = await this.driver.writer(StoragePaths.uploadData(repository, uuid), { append: true });
      await this.writeChunk(repository, uuid, writer, body, options);
      return { repository, uuid, size: writer.size, startedAt };
    });
  }

  /** appends the optional last chunk, checks the digest and moves the bytes into the blob store */
  async complete(repository: string | undefined, uuid: string, options: CompleteOptions = {}): Promise<BlobInfo> {
    return this.lock.run(key(repository, uuid), async () => {
      await this.requireSession(repository, uuid);
      const writer = await this.driver.writer(StoragePaths.uploadData(repository, uuid), { append: true });
      if (options.lastChunk) {
        await this.writeChunk(repository, uuid, writer, options.lastChunk, { taps: options.taps });
      } else if (!writer.writableEnded) {
        writer.end();
      }
      const algorithm = options.expected?.algorithm ?? 'sha256';
      const live = this.live.get(key(repository, uuid));
      const liveUsable = live !== undefined && live.algorithm === algorithm && live.size === writer.size;
      const size = writer.size;
      let digest: ParsedDigest;
      if (liveUsable) {
        digest = toDigest(algorithm, live.hash.digest('hex'));
        if (options.expected && options.expected.digest !== digest.digest) {
          await writer.cancel();
          await this.discard(repository, uuid);
          throw digestMismatch(options.expected.digest, digest.digest);
        }
        await writer.commit();
      } else {
        await writer.commit();
        digest = await this.rehash(repository, uuid, algorithm);
        if (options.expected && options.expected.digest !== digest.digest) {
          await this.discard(repository, uuid);
          throw digestMismatch(options.expected.digest, digest.digest);
        }
      }
      await this.blobs.adoptUploadedData(digest, StoragePaths.uploadData(repository, uuid), size);
      if (repository !== undefined) await this.blobs.link(repository, digest);
      await this.discard(repository, uuid);
      return { digest: digest.digest, size };
    });
  }

  async cancel(repository: string | undefined, uuid: string): Promise<void> {
    return this.lock.run(key(repository, uuid), async () => {
      await this.requireSession(repository, uuid);
      await this.discard(repository, uuid);
    });
  }

  private async writeChunk(repository: string | undefined, uuid: string, writer: FileWriter, body: Readable, options: AppendOptions): Promise<void> {
    const sessionKey = key(repository, uuid);
    if (options.expectedStart !== undefined && options.expectedStart !== writer.size) {
      writer.end();
      await finished(writer);
      throw new RegistryError('RANGE_INVALID', `expected chunk to start at ${writer.size}, got ${options.expectedStart}`, {
        size: writer.size,
      });
    }
    let live = this.live.get(sessionKey);
    if (live && live.size !== writer.size) {
      this.live.delete(sessionKey);
      live = undefined;
    }
    const digesting = new DigestingStream(live ? live.hash : DigestingStream.create('sha256').hash);
    try {
      await pipeline([body, digesting, ...(options.taps ?? []), writer]);
    } catch (error) {
      // an aborted or failed request leaves nothing half-written behind: the whole session goes
      await writer.cancel().catch(() => undefined);
      await this.discard(repository, uuid);
      throw error;
    }
    if (live) live.size += digesting.bytes;
  }

  private async rehash(repository: string | undefined, uuid: string, algorithm: DigestAlgorithm): Promise<ParsedDigest> {
    const digesting = DigestingStream.create(algorithm);
    const source = await this.driver.reader(StoragePaths.uploadData(repository, uuid));
    digesting.resume();
    await pipeline(source, digesting);
    return toDigest(algorithm, digesting.hash.digest('hex'));
  }

  private async storedSize(repository: string | undefined, uuid: string): Promise<number> {
    const writer = await this.driver.writer(StoragePaths.uploadData(repository, uuid), { append: true });
    writer.end();
    await finished(writer);
    return writer.size;
  }

  private async requireSession(repository: string | undefined, uuid: string): Promise<Date> {
    if (!UUID_PATTERN.test(uuid)) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', undefined, { uuid });
    const startedAt = await readIfExists(this.driver, StoragePaths.uploadStartedAt(repository, uuid));
    if (!startedAt) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', undefined, { uuid });
    return new Date(startedAt.toString('utf8'));
  }

  private async discard(repository: string | undefined, uuid: string): Promise<void> {
    this.live.delete(key(repository, uuid));
    const writer = await this.driver.writer(StoragePaths.uploadData(repository, uuid), { append: false });
    await writer.cancel();
    await deleteIfExists(this.driver, StoragePaths.uploadDir(repository, uuid));
  }
}

function key(repository: string | undefined, uuid: string): string {
  return `${repository ?? ''}\u0000${uuid}`;
}

function toDigest(algorithm: DigestAlgorithm, hex: string): ParsedDigest {
  const parsed = parseDigest(`${algorithm}:${hex}`);
  if (!parsed) throw new Error(`unexpected digest ${algorithm}:${hex}`);
  return parsed;
}

function digestMismatch(expected: string, actual: string): RegistryError {
  return new RegistryError('DIGEST_INVALID', 'provided digest did not match uploaded content', { expected, actual });
}

function finished(writer: FileWriter): Promise<void> {
  return new Promise((resolve, reject) => {
    if (writer.writableFinished) return resolve();
    writer.once('finish', () => resolve());
    writer.once('error', reject);
  });
}
