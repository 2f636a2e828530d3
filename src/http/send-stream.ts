/**
 * Sends a readable as the response body. If the source fails after the headers went out, the
 * socket is destroyed (the client sees a truncated response, never a silently short one); if
 * the client goes away, the source is destroyed. A source that offers a direct send
 * (storage/direct-send.ts) writes into the response itself, through buffers it reuses.
 */
import type { Response } from 'express';
import { finished, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { directSendOf } from '../storage/direct-send';

export function sendStream(res: Response, source: Readable, onError?: (error: Error) => void): Promise<void> {
  return new Promise((resolve) => {
    const settle = (error?: Error | null): void => {
      if (error) {
        if (!res.destroyed) res.destroy(error);
        if (!isClientAbort(error)) onError?.(error);
      }
      source.destroy(); // closes the source (already done after a pipeline)
      resolve();
    };
    const send = directSendOf(source);
    if (!send) return pipeline(source, res, settle);
    send(res).then(() => finished(res.end(), settle), settle);
  });
}

function isClientAbort(error: NodeJS.ErrnoException): boolean {
  return ['ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED', 'ECONNRESET', 'EPIPE'].includes(error.code ?? '');
}
