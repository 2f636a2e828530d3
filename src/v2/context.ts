import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { BasicAuth } from '../http/basic-auth';
import type { RegistryModel } from '../registry/model';

export interface V2Options {
  /** answer blob GETs with 307 to the storage's own URL when the driver offers one */
  readonly redirect: boolean;
  /** maintenance mode: writes answer UNSUPPORTED */
  readonly readOnly: boolean;
  readonly catalogMaxEntries: number;
  readonly manifestSizeLimit: number;
}

export interface V2Context {
  readonly model: RegistryModel;
  readonly auth?: BasicAuth;
  readonly options: V2Options;
  readonly logger: Logger;
}

export type RouteParams = Readonly<Record<string, string>>;

export type V2Handler = (ctx: V2Context, req: Request, res: Response, params: RouteParams) => Promise<void>;

/** an absolute URL on this registry for a path, as distribution builds Location headers */
export function absoluteUrl(req: Request, path: string): string {
  const host = req.get('host');
  return host ? `${req.protocol}://${host}${path}` : path;
}
