/**
 * Sends a readable as the response body. If the source fails after the headers went out, the
 * socket is destroyed (the client sees a truncated response, never a silently short one); if
 * the client goes away, the source is destroyed.
 */
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';

export function sendStream(res: Response, source: Readable, onError?: (error: Error) => void): Promise<void> {
  return new Promise((resolve) => {
    pipeline(source, res, (error) => {
      if (error) {
        if (!res.destroyed) res.destroy(error);
        if (!isClientAbort(error)) onError?.(error);
      }
      resolve();
    });
  });
}

function isClientAbort(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ERR_STREAM_PREMATURE_CLOSE' || error.code === 'ECONNRESET' || error.code === 'EPIPE';
}
