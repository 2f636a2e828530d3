/**
 * Feeds a stream that works on the thread pool (a decompressor) in batches: request bodies
 * arrive in 16–64 KiB pieces, and every write to zlib is at least one thread-pool job and one
 * wake-up of the main thread. Pieces are gathered up to `batchBytes` and written as one buffer.
 * `write` calls back at once while the target's buffer has room, else when it drains (or
 * closes, e.g. after an error), so the producer never runs more than a batch plus that buffer
 * ahead of the target.
 */
import type { Writable } from 'node:stream';

export class BatchedFeed {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly target: Writable,
    private readonly batchBytes: number,
  ) {}

  write(chunk: Buffer, done: () => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.batchBytes) return done();
    this.writePending(done);
  }

  /** writes what is gathered and ends the target */
  end(): void {
    if (this.target.destroyed) return;
    this.writePending(() => undefined);
    this.target.end();
  }

  private writePending(done: () => void): void {
    const batch = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const target = this.target;
    if (target.destroyed || batch.length === 0 || target.write(batch)) return done();
    const settle = (): void => {
      target.off('drain', settle);
      target.off('close', settle);
      done();
    };
    target.once('drain', settle);
    target.once('close', settle);
  }
}
