/** Layer compression as clients do it: gzip on V2 push, sniffing on pull (plain tar or gzip). */
import { gunzipSync, gzipSync } from 'node:zlib';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

export type LayerCompression = 'gzip' | 'xz' | 'none';

export function sniffCompression(bytes: Buffer): LayerCompression {
  if (bytes.subarray(0, 2).equals(GZIP_MAGIC)) return 'gzip';
  if (bytes.subarray(0, 6).equals(XZ_MAGIC)) return 'xz';
  return 'none';
}

/** the uncompressed tar: gunzip or as is; xz is refused (no current client reads it) */
export function decompressLayer(bytes: Buffer): Buffer {
  const compression = sniffCompression(bytes);
  if (compression === 'gzip') return gunzipSync(bytes);
  if (compression === 'xz') throw new Error('layer served as xz: modern clients cannot read it');
  return bytes;
}

export function gzipLayer(tar: Buffer): Buffer {
  return gzipSync(tar);
}
