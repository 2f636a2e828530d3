import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { BasicAuth } from '../http/basic-auth';
import type { RegistryModel } from '../registry/model';
import type { SearchIndex } from '../search';
import { NO_CACHE_HEADERS } from './headers';

export interface V1Options {
  /** load the index emulation and skip token checks (docker-registry's `standalone`) */
  readonly standalone: boolean;
  /** skip token checks without loading the index emulation */
  readonly disableTokenAuth: boolean;
  /** body of GET / */
  readonly issue: string;
  /** the settings flavor, for X-Docker-Registry-Config */
  readonly flavor?: string;
  /** X-Docker-Endpoints value; the request's Host when unset */
  readonly registryEndpoints?: string;
  /** where token checks are validated when not standalone */
  readonly indexEndpoint: string;
  /** maintenance mode: writes answer 405 */
  readonly readOnly?: boolean;
}

export interface V1Context {
  readonly model: RegistryModel;
  /** Basic auth on everything but the pings (docker-registry's nginx recipe, built in) */
  readonly auth?: BasicAuth;
  readonly search?: SearchIndex;
  readonly options: V1Options;
  readonly logger: Logger;
}

export type V1Params = Readonly<Record<string, string>>;

export type V1Handler = (ctx: V1Context, req: Request, res: Response, params: V1Params) => Promise<void>;

/** sends a JSON body the way docker-registry did (no-cache headers) */
export function sendV1Json(res: Response, status: number, body: unknown): void {
  res
    .status(status)
    .set(NO_CACHE_HEADERS)
    .type('application/json')
    .send(JSON.stringify(body));
}
