/**
 * A FileWriter appending to a staging file through a raw file descriptor: one write(2)/writev(2)
 * per batch of buffered chunks, no fsync. The descriptor is closed before 'finish', so commit()
 * publishes a file nobody writes to any more.
 */
import { close, write, writev } from 'node:fs';
import { StagedWriter } from '../staged-writer';
import { StorageDriverError } from '../../errors';

/** lets a producer (hasher, socket) run ahead while the previous batch is on its way to disk */
const WRITE_HIGH_WATER_MARK = 1024 * 1024;

export interface StagingFileWriterOptions {
  readonly driverName: string;
  readonly path: string;
  readonly fd: number;
  readonly initialSize: number;
  readonly publish: () => Promise<void>;
  readonly discard: () => Promise<void>;
}

export class StagingFileWriter extends StagedWriter {
  private written: number;
  private fd: number | undefined;

  constructor(private readonly options: StagingFileWriterOptions) {
    super(options.path, { highWaterMark: WRITE_HIGH_WATER_MARK, decodeStrings: true });
    this.fd = options.fd;
    this.written = options.initialSize;
  }

  get size(): number {
    return this.written;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeBuffers([chunk], callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.writeBuffers(
      chunks.map((entry) => entry.chunk),
      callback,
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.closeDescriptor((error) => callback(error && this.wrap(error)));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closeDescriptor(() => callback(error));
  }

  protected publish(): Promise<void> {
    return this.options.publish();
  }

  protected discard(): Promise<void> {
    return this.options.discard();
  }

  /** writes all buffers, continuing after short writes */
  private writeBuffers(buffers: Buffer[], callback: (error?: Error | null) => void): void {
    const fd = this.fd;
    if (fd === undefined) return callback(this.wrap(new Error('write after close')));
    const done = (error: NodeJS.ErrnoException | null, bytes: number): void => {
      if (error) return callback(this.wrap(error));
      this.written += bytes;
      const rest = skipBytes(buffers, bytes);
      if (rest.length === 0) return callback();
      this.writeBuffers(rest, callback);
    };
    if (buffers.length === 1) write(fd, buffers[0], 0, buffers[0].length, null, done);
    else writev(fd, buffers, null, done);
  }

  private closeDescriptor(callback: (error: NodeJS.ErrnoException | null) => void): void {
    const fd = this.fd;
    if (fd === undefined) return callback(null);
    this.fd = undefined;
    close(fd, callback);
  }

  private wrap(error: Error): StorageDriverError {
    return new StorageDriverError(this.options.driverName, error);
  }
}

/** the buffers left after `bytes` of them have been written */
function skipBytes(buffers: Buffer[], bytes: number): Buffer[] {
  let remaining = bytes;
  let index = 0;
  while (index < buffers.length && remaining >= buffers[index].length) {
    remaining -= buffers[index].length;
    index++;
  }
  if (index === buffers.length) return [];
  const rest = buffers.slice(index);
  rest[0] = rest[0].subarray(remaining);
  return rest;
}
