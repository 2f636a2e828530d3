/**
 * gzip with a fixed header, for the gzip copies of plain-tar and xz layers: the same input
 * always gives the same bytes (on a given zlib build). The header is the one Go's gzip writer
 * (docker ≥1.6, containerd) emits for a zero ModTime: mtime 0, no name or comment, XFL 0,
 * OS 255 ("unknown"), so the bytes do not depend on the platform either. The body is raw
 * deflate at a fixed level; the trailer is CRC-32 and size mod 2^32, little-endian.
 */
import { Transform, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';

export const DETERMINISTIC_GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

export interface DeterministicGzipOptions {
  /** deflate level, 1..9; 6 (zlib's default) unless given */
  readonly level?: number;
}

export class DeterministicGzip extends Transform {
  private readonly deflate: zlib.DeflateRaw;
  private crc = 0;
  private inputSize = 0;
  private pendingFlush: TransformCallback | undefined;

  constructor(options: DeterministicGzipOptions = {}) {
    super({ highWaterMark: 1 << 20 });
    this.deflate = zlib.createDeflateRaw({ level: options.level ?? 6, memLevel: 8, windowBits: 15, strategy: zlib.constants.Z_DEFAULT_STRATEGY });
    this.push(DETERMINISTIC_GZIP_HEADER);
    this.deflate.on('data', (data: Buffer) => this.push(data));
    this.deflate.on('error', (error) => this.destroy(error));
    this.deflate.on('end', () => {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(this.inputSize % 2 ** 32, 4);
      this.push(trailer);
      this.pendingFlush?.();
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.inputSize += chunk.length;
    // wait for deflate to take the chunk, so a slow reader slows the writer
    this.deflate.write(chunk, (error) => callback(error ?? null));
  }

  override _flush(callback: TransformCallback): void {
    this.pendingFlush = callback;
    this.deflate.end();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.deflate.destroy();
    callback(error);
  }
}

export function createDeterministicGzip(options?: DeterministicGzipOptions): DeterministicGzip {
  return new DeterministicGzip(options);
}

/** zlib.crc32 where Node has it (20.15+), a table otherwise */
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
let table: Uint32Array | undefined;

function crc32(data: Buffer, previous: number): number {
  if (nativeCrc32) return nativeCrc32(data, previous);
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = ~previous >>> 0;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
