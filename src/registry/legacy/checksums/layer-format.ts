/**
 * Layer format detection by magic bytes, the way docker's archive.DetectCompression does it,
 * plus a tar check for what is not compressed.
 */
import { decodeTarHeader } from './tar-header';

export type LayerFormat = 'tar' | 'gzip' | 'xz' | 'bzip2' | 'zstd' | 'unknown';

/** bytes to collect before deciding: one tar header block */
export const FORMAT_SNIFF_BYTES = 512;

const MAGICS: ReadonlyArray<readonly [Exclude<LayerFormat, 'tar' | 'unknown'>, readonly number[]]> = [
  ['gzip', [0x1f, 0x8b, 0x08]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
];

/** `head` is the first FORMAT_SNIFF_BYTES of the layer, or all of it when shorter */
export function detectLayerFormat(head: Buffer): LayerFormat {
  for (const [format, magic] of MAGICS) {
    if (head.length >= magic.length && magic.every((byte, i) => head[i] === byte)) return format;
  }
  // an empty body reads as an empty archive, as Go's tar reader sees it
  if (head.length === 0) return 'tar';
  return looksLikeTar(head) ? 'tar' : 'unknown';
}

/** a first block that is all zeros (empty archive) or a header that decodes (checksum right) */
function looksLikeTar(head: Buffer): boolean {
  if (head.length < FORMAT_SNIFF_BYTES) return false;
  const block = head.subarray(0, FORMAT_SNIFF_BYTES);
  if (block.every((byte) => byte === 0)) return true;
  return tarHeaderChecksumMatches(block);
}

function tarHeaderChecksumMatches(block: Buffer): boolean {
  try {
    decodeTarHeader(block);
    return true;
  } catch {
    return false;
  }
}
