/** Renders any error thrown under /v2/ as {"errors":[{code,message,detail}]} with its V2 status. */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { RegistryError } from '../errors/registry-error';

export function v2ErrorBody(error: RegistryError): { errors: Array<{ code: string; message: string; detail?: unknown }> } {
  return { errors: [{ code: error.code, message: error.message, ...(error.detail !== undefined && { detail: error.detail }) }] };
}

export function createV2ErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    const registryError = toRegistryError(error);
    if (registryError.code === 'UNKNOWN') {
      if (isClientAbort(error)) {
        res.destroy();
        return;
      }
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unexpected error');
    }
    res.status(registryError.descriptor.v2Status).json(v2ErrorBody(registryError));
  };
}

function toRegistryError(error: unknown): RegistryError {
  if (error instanceof RegistryError) return error;
  return new RegistryError('UNKNOWN', 'unknown error', undefined, { cause: error });
}

function isClientAbort(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'ECONNABORTED';
}
