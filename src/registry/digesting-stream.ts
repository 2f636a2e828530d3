/** A pass-through stream that hashes and counts what flows through it. */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { DigestAlgorithm } from '../util/digest';

export class DigestingStream extends Transform {
  bytes = 0;

  constructor(readonly hash: Hash) {
    super({ highWaterMark: 1 << 20 });
  }

  static create(algorithm: DigestAlgorithm): DigestingStream {
    return new DigestingStream(createHash(algorithm));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}
