/**
 * The sha256 of a layer's uncompressed tar, whatever the stored compression (plain tar, gzip or
 * xz, sniffed from the magic bytes), streamed. xz goes through the `xz` binary (xz-utils).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export type LayerCompression = 'gzip' | 'xz' | 'none';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

export function sniffCompression(head: Buffer): LayerCompression {
  if (head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) return 'gzip';
  if (head.subarray(0, XZ_MAGIC.length).equals(XZ_MAGIC)) return 'xz';
  return 'none';
}

/** sha256 of what `xz -dc` writes for the source */
async function xzDecompressedDigest(source: Readable): Promise<string> {
  const child = spawn('xz', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const hash = createHash('sha256');
  await Promise.all([pipeline(source, child.stdin), pipeline(child.stdout, hash)]);
  const code = await exited;
  if (code !== 0) throw new Error(`xz -dc exited ${code}: ${Buffer.concat(stderr).toString()}`);
  return `sha256:${hash.digest('hex')}`;
}

async function decompressedDigest(compression: LayerCompression, source: Readable): Promise<string> {
  if (compression === 'xz') return xzDecompressedDigest(source);
  const hash = createHash('sha256');
  if (compression === 'gzip') await pipeline(source, createGunzip(), hash);
  else await pipeline(source, hash);
  return `sha256:${hash.digest('hex')}`;
}

export async function fileCompression(path: string): Promise<LayerCompression> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(XZ_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniffCompression(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** sha256 of the uncompressed tar in a layer file (the layer's diff_id) */
export async function uncompressedFileDigest(path: string): Promise<string> {
  return decompressedDigest(await fileCompression(path), createReadStream(path));
}

/** the same for a layer already in memory (what the scripted V1 client pulls) */
export function uncompressedBufferDigest(layer: Buffer): Promise<string> {
  return decompressedDigest(sniffCompression(layer), Readable.from([layer]));
}
