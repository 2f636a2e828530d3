/** Renders any error under the V1 routes as docker-registry did: {"error": "<message>"} with its V1 status. */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { RegistryError } from '../errors/registry-error';
import { sendV1Json } from './context';

export function createV1ErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    if (!(error instanceof RegistryError)) {
      const code = (error as { code?: string } | undefined)?.code;
      if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'ECONNABORTED') {
        res.destroy();
        return;
      }
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unexpected error');
      sendV1Json(res, 500, { error: 'Internal error' });
      return;
    }
    sendV1Json(res, error.descriptor.v1Status, { error: error.descriptor.v1Message });
  };
}
