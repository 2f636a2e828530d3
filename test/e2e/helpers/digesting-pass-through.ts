/** A pass-through stream that computes the sha256 digest and byte count of what flows through it. */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

export class DigestingPassThrough extends Transform {
  private readonly hash = createHash('sha256');
  private byteCount = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    callback(null, chunk);
  }

  /** valid once the stream has finished */
  digest(): string {
    return `sha256:${this.hash.copy().digest('hex')}`;
  }

  get size(): number {
    return this.byteCount;
  }
}
