/**
 * Writes one gzip-compressed layer tar into an OCI layout, streaming (tar -> gzip -> file) and
 * deterministic: fixed headers (mtime 0, uid/gid 0), seeded random content, gzip level 1.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { DigestingPassThrough } from './digesting-pass-through';
import { adoptBlobFile, blobsDir } from './oci-layout';
import { seededRandomStream } from './seeded-random';

export interface LayerFile {
  readonly path: string;
  readonly size: number;
  /** the file's bytes */
  open(): Readable;
}

export interface WrittenLayer {
  /** digest and size of the gzip blob */
  readonly digest: string;
  readonly size: number;
  /** digest and size of the uncompressed tar (the config's diff_id) */
  readonly diffId: string;
  readonly uncompressedSize: number;
}

export function textFile(path: string, text: string): LayerFile {
  const bytes = Buffer.from(text);
  return { path, size: bytes.length, open: () => Readable.from([bytes]) };
}

export function randomFile(path: string, size: number, seed: string): LayerFile {
  return { path, size, open: () => seededRandomStream(seed, size) };
}

async function packFiles(pack: tar.Pack, files: readonly LayerFile[]): Promise<void> {
  for (const file of files) {
    const header: Partial<tar.Header> & { name: string } = {
      name: file.path,
      size: file.size,
      mode: 0o644,
      mtime: new Date(0),
      uid: 0,
      gid: 0,
      uname: 'root',
      gname: 'root',
      type: 'file',
    };
    await pipeline(file.open(), pack.entry(header));
  }
  pack.finalize();
}

export async function writeLayerBlob(layoutDir: string, files: readonly LayerFile[]): Promise<WrittenLayer> {
  const tempFile = join(blobsDir(layoutDir), `.tmp-${randomUUID()}`);
  const pack = tar.pack();
  const uncompressed = new DigestingPassThrough();
  const compressed = new DigestingPassThrough();
  const packing = packFiles(pack, files).catch((error: Error) => {
    pack.destroy(error);
    throw error;
  });
  await Promise.all([
    packing,
    pipeline(pack, uncompressed, createGzip({ level: 1 }), compressed, createWriteStream(tempFile)),
  ]);
  const digest = compressed.digest();
  await adoptBlobFile(layoutDir, tempFile, digest);
  return { digest, size: compressed.size, diffId: uncompressed.digest(), uncompressedSize: uncompressed.size };
}
