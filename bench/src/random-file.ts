/** Random test files written in pieces (never held whole in memory), with their sha256 digest. */
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export interface TestFile {
  readonly path: string;
  readonly size: number;
  /** "sha256:<hex>" */
  readonly digest: string;
}

const PIECE = 4 * 1024 * 1024;

export function writeRandomFile(path: string, size: number): TestFile {
  const hash = createHash('sha256');
  const piece = Buffer.allocUnsafe(Math.min(PIECE, Math.max(size, 1)));
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const length = Math.min(piece.length, size - written);
      const bytes = piece.subarray(0, length);
      randomFillSync(bytes);
      hash.update(bytes);
      for (let offset = 0; offset < length; ) offset += writeSync(fd, bytes, offset, length - offset);
      written += length;
    }
  } finally {
    closeSync(fd);
  }
  return { path, size, digest: `sha256:${hash.digest('hex')}` };
}
