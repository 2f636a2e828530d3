/**
 * Writes a byte range of an open file into a stream through a few reused 1 MiB buffers: the next
 * read starts as soon as a buffer is free, and a buffer is free again once the destination has
 * called back for the chunk it held. Settles only when no read is under way, so the caller may
 * close the file at once.
 */
import { read } from 'node:fs';
import type { Writable } from 'node:stream';

const CHUNK_BYTES = 1024 * 1024;
/** chunks read ahead of what the destination has taken */
const BUFFERS = 4;

export function sendFileRange(fd: number, start: number, end: number, destination: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const spare: Buffer[] = [];
    let allocated = 0;
    let position = start;
    let reading = false;
    let writing = 0;
    let failure: Error | undefined;
    let settled = false;

    const settle = (): void => {
      if (settled || reading) return;
      if (failure === undefined && (position < end || writing > 0)) return;
      settled = true;
      destination.off('close', onClose);
      destination.off('error', fail);
      if (failure) reject(failure);
      else resolve();
    };
    const fail = (error: Error): void => {
      failure ??= error;
      settle();
    };
    const onClose = (): void => {
      if (position < end || writing > 0) fail(Object.assign(new Error('destination closed'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };

    const pump = (): void => {
      if (failure || reading || position >= end) return settle();
      if (spare.length === 0 && allocated === BUFFERS) return;
      const buffer = spare.pop() ?? (allocated++, Buffer.allocUnsafeSlow(CHUNK_BYTES));
      reading = true;
      read(fd, buffer, 0, Math.min(CHUNK_BYTES, end - position), position, (error, bytesRead) => {
        reading = false;
        if (failure) return settle();
        if (error) return fail(error);
        if (bytesRead === 0) return fail(new Error(`file ended ${end - position} bytes short of ${end}`));
        position += bytesRead;
        writing++;
        destination.write(buffer.subarray(0, bytesRead), (writeError) => {
          writing--;
          if (writeError) return fail(writeError);
          spare.push(buffer);
          pump();
        });
        pump();
      });
    };

    destination.on('close', onClose);
    destination.on('error', fail);
    pump();
  });
}
