/**
 * Composition root: one Express app that mounts the V1 and V2 protocols over one registry
 * model. The only module that wires concrete pieces together.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { RegistryModel } from './registry/model';
import type { BasicAuth } from './http/basic-auth';
import type { SearchIndex } from './search';
import type { V1Options } from './v1/context';
import { createV1Router } from './v1/router';
import { createV2Router } from './v2/router';
import { API_VERSION_VALUE } from './v2/headers';

export interface AppOptions {
  readonly model: RegistryModel;
  readonly logger: Logger;
  readonly redirect: boolean;
  /** maintenance mode: every write answers UNSUPPORTED (405) */
  readonly readOnly?: boolean;
  readonly catalogMaxEntries: number;
  /** extra headers on every response (distribution's http.headers) */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly accessLog?: boolean;
  readonly v1: V1Options;
  /** the /v1/search index; search answers empty results without one */
  readonly search?: SearchIndex;
  /** Basic auth for both protocols (htpasswd) */
  readonly auth?: BasicAuth;
}

/** docker-registry's defaults for the V1 face (standalone, as its sample config) */
export const DEFAULT_V1_OPTIONS: V1Options = {
  standalone: true,
  disableTokenAuth: false,
  issue: '"docker-registry server"',
  indexEndpoint: 'https://index.docker.io',
};

/** OCI asks registries to accept manifests of at least 4 MB */
const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024;

export function createApp(options: AppOptions): Express {
  const { model } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  if (options.headers && Object.keys(options.headers).length > 0) {
    const headers = options.headers;
    app.use((_req: Request, res: Response, next: NextFunction) => {
      for (const [name, values] of Object.entries(headers)) res.set(name, [...values]);
      next();
    });
  }
  if (options.accessLog) app.use(accessLogger(options.logger));
  app.get('/v2/', hideV2FromDocker15);
  app.use(
    '/v2',
    createV2Router({
      model,
      auth: options.auth,
      logger: options.logger,
      options: {
        redirect: options.redirect,
        readOnly: options.readOnly ?? false,
        catalogMaxEntries: options.catalogMaxEntries,
        manifestSizeLimit: MANIFEST_SIZE_LIMIT,
      },
    }),
  );
  app.use(
    createV1Router({ model, auth: options.auth, search: options.search, options: { ...options.v1, readOnly: options.readOnly ?? false }, logger: options.logger }),
  );
  return app;
}

/**
 * Docker 1.5 probes /v2/ and, seeing `registry/2.0`, tries a V2 push it cannot complete (the
 * failure users hit with registry 2.0). Without the header it falls back to V1.
 */
function hideV2FromDocker15(req: Request, res: Response, next: NextFunction): void {
  if (!/^docker\/1\.5\./.test(req.get('user-agent') ?? '')) return next();
  res.status(404).json({ errors: [{ code: 'UNSUPPORTED', message: `V2 is not offered to docker 1.5; use V1 (${API_VERSION_VALUE} hidden)` }] });
}

function accessLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10, ua: req.get('user-agent') }, 'request');
    });
    next();
  };
}
