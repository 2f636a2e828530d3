/** Checks Janus's own store without changing it: every blob must hash to its digest. */
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageDriver } from '../storage/driver';
import { PathNotFoundError } from '../storage/errors';
import { StoragePaths } from './paths';

export interface NativeVerification {
  readonly blobs: number;
  readonly corrupt: string[];
}

export async function verifyNativeBlobs(driver: StorageDriver, onBlob?: (digest: string) => void): Promise<NativeVerification> {
  const files: Array<{ digest: string; path: string }> = [];
  try {
    await driver.walk(`${StoragePaths.v2Root}/blobs`, (info) => {
      const match = /\/blobs\/(sha256|sha512)\/[0-9a-f]{2}\/([0-9a-f]+)\/data$/.exec(info.path);
      if (match && !info.isDir) files.push({ digest: `${match[1]}:${match[2]}`, path: info.path });
    });
  } catch (error) {
    if (!(error instanceof PathNotFoundError)) throw error;
  }
  const corrupt: string[] = [];
  for (const file of files) {
    const [algorithm, hex] = file.digest.split(':') as [string, string];
    const hash = createHash(algorithm);
    const tap = new PassThrough();
    tap.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(await driver.reader(file.path), tap);
    // manifests of schema1 are stored under the digest of their payload, not of their bytes
    if (hash.digest('hex') !== hex && !(await isSignedSchema1(driver, file.path))) corrupt.push(file.digest);
    onBlob?.(file.digest);
  }
  return { blobs: files.length, corrupt };
}

async function isSignedSchema1(driver: StorageDriver, path: string): Promise<boolean> {
  const info = await driver.stat(path);
  if (info.size > 4 * 1024 * 1024) return false;
  const text = (await driver.getContent(path)).toString('utf8');
  return text.includes('"schemaVersion": 1') && text.includes('"signatures"');
}
