/** The decompressing Transform for a detected layer format; undefined when the bytes are already a tar. */
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { LayerContentError } from './errors';
import type { LayerFormat } from './layer-format';
import { XzDecompressor } from './xz-decompressor';

type ZstdFactory = (options?: zlib.ZlibOptions) => Transform;

/**
 * zlib works on the thread pool, one job per `chunkSize` of output: the default 16 KiB means
 * thousands of round trips (and 'data' events) for a large layer. 256 KiB output pieces and a
 * 1 MiB buffer on each side keep it busy while the main thread hashes; memory stays bounded.
 */
const ZLIB_STREAM_OPTIONS = { chunkSize: 256 * 1024, highWaterMark: 1024 * 1024 } as const;

/** Node ≥22.15 has zstd in zlib; Node 20 does not */
const createZstdDecompress = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;

export function createDecompressor(format: LayerFormat): Transform | undefined {
  switch (format) {
    case 'gzip':
      return zlib.createGunzip(ZLIB_STREAM_OPTIONS);
    case 'xz':
      return new XzDecompressor();
    case 'zstd':
      if (createZstdDecompress) return createZstdDecompress(ZLIB_STREAM_OPTIONS);
      throw new LayerContentError('unsupported-compression', 'zstd layers need Node 22.15 or later to decompress');
    case 'bzip2':
      throw new LayerContentError('unsupported-compression', 'bzip2 layers cannot be decompressed here');
    case 'tar':
    case 'unknown':
      return undefined;
  }
}

/** wraps a decompressor's own error (zlib's "incorrect header check" and such) in the typed error */
export function asLayerContentError(error: unknown, format: LayerFormat): LayerContentError {
  if (error instanceof LayerContentError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LayerContentError('corrupt-compression', `${format} layer cannot be decompressed: ${message}`, { cause: error });
}
