/** Reads a small request body (manifests, V1 JSON) with a size limit; never used for blobs. */
import type { Request } from 'express';
import getRawBody from 'raw-body';
import { RegistryError } from '../errors/registry-error';

export async function readSmallBody(req: Request, limitBytes: number): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit: limitBytes, length: req.headers['content-length'] });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      throw new RegistryError('PAYLOAD_TOO_LARGE', `body exceeds ${limitBytes} bytes`, { limit: limitBytes });
    }
    if (type === 'request.size.invalid') {
      throw new RegistryError('SIZE_INVALID', 'request body length did not match Content-Length');
    }
    throw error;
  }
}

/** true when the request announces a body (Content-Length > 0 or chunked) */
export function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}
