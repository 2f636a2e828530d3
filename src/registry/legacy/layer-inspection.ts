/**
 * What the V1 layer PUT learns while the bytes stream through (payload checksum, tarsum, format,
 * diff id), and the gzip copy made for layers stored in a format V2 clients cannot read.
 */
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecompressor, createDeterministicGzip, createLayerInspector, type LayerInspection as InspectionResult } from './checksums';

export interface LayerFacts {
  readonly format: string;
  /** missing when the layer could not be decompressed */
  readonly diffId?: string;
  readonly payloadChecksum: string;
  /** missing when the uncompressed layer is not a readable tar */
  readonly tarsum?: string;
}

export interface LayerInspection {
  readonly tap: Transform;
  facts(): LayerFacts;
}

/**
 * A tap for an upload session, which digests the stored bytes itself: the inspector does not
 * hash them a second time. `tarsum: false` skips the tarsum pass (clients that send the
 * payload checksum never need it).
 */
export function inspectLayer(json: Buffer, options: { tarsum?: boolean } = {}): LayerInspection {
  const inspector = createLayerInspector({ json, tarsum: options.tarsum, hashStored: false });
  return {
    tap: inspector,
    facts() {
      const result = inspector.contentResult();
      return { format: result.format, diffId: result.diffId, payloadChecksum: result.payloadChecksum!, tarsum: result.tarsum };
    },
  };
}

/**
 * Whether a layer matches the checksum a client (or docker-registry's `_checksum`) gave: the
 * payload checksum when there is one, else the tarsum (docker <= 0.8.1).
 */
export function checksumMatches(
  expected: { readonly payload?: string; readonly tarsum?: string },
  layer: { readonly payloadChecksum?: string; readonly tarsum?: string },
): boolean {
  return expected.payload !== undefined ? expected.payload === layer.payloadChecksum : expected.tarsum === layer.tarsum;
}

/** reads a whole stored layer through the inspector, keeping nothing but what it learned */
export async function inspectStoredLayer(source: Readable, json?: Buffer): Promise<InspectionResult> {
  const inspector = createLayerInspector({ json });
  inspector.resume();
  await pipeline(source, inspector);
  return inspector.result();
}

/** compressions no V2 media type describes (and no current client reads): they get a gzip copy */
export function needsGzipCopy(format: string): boolean {
  return format === 'xz' || format === 'bzip2' || format === 'zstd';
}

/** the stored layer, decompressed and gzipped deterministically (same input, same bytes) */
export function gzipCopyOf(stored: Readable, format: string): Readable {
  const decompressor = createDecompressor(format as Parameters<typeof createDecompressor>[0]);
  if (!decompressor) throw new Error(`cannot decompress a ${format} layer`);
  const gzip = createDeterministicGzip();
  stored.on('error', (error) => decompressor.destroy(error));
  decompressor.on('error', (error) => gzip.destroy(error));
  return stored.pipe(decompressor).pipe(gzip);
}
