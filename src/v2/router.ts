/**
 * The V2 / OCI distribution API, mounted at /v2. Routes are data: a path pattern and the
 * handler per method. Repository names contain slashes, so paths are matched here rather than
 * with Express parameters; the model validates the names.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { RegistryError } from '../errors/registry-error';
import { requireBasicAuth } from '../http/basic-auth';
import { refuseWriteWhenReadOnly } from '../http/read-only';
import type { RouteParams, V2Context, V2Handler } from './context';
import { createV2ErrorHandler } from './errors';
import { getBase } from './handlers/base';
import { deleteBlob, getBlob } from './handlers/blobs';
import { listCatalog, listReferrers, listTags } from './handlers/listings';
import { deleteManifest, getManifest, putManifest } from './handlers/manifests';
import { cancelUpload, getUploadStatus, patchUpload, putUpload, startUpload } from './handlers/uploads';
import { API_VERSION_VALUE, V2Headers } from './headers';

interface Route {
  readonly pattern: RegExp;
  readonly methods: Readonly<Partial<Record<string, V2Handler>>>;
}

const NAME = '(?<name>.+)';

const ROUTES: readonly Route[] = [
  { pattern: /^\/$/, methods: { GET: getBase, HEAD: getBase } },
  { pattern: /^\/_catalog$/, methods: { GET: listCatalog } },
  { pattern: new RegExp(`^/${NAME}/tags/list$`), methods: { GET: listTags } },
  { pattern: new RegExp(`^/${NAME}/manifests/(?<reference>[^/]+)$`), methods: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest } },
  { pattern: new RegExp(`^/${NAME}/blobs/uploads/?$`), methods: { POST: startUpload } },
  {
    pattern: new RegExp(`^/${NAME}/blobs/uploads/(?<uuid>[^/]+)$`),
    methods: { GET: getUploadStatus, PATCH: patchUpload, PUT: putUpload, DELETE: cancelUpload },
  },
  { pattern: new RegExp(`^/${NAME}/blobs/(?<digest>[^/]+)$`), methods: { GET: getBlob, HEAD: getBlob, DELETE: deleteBlob } },
  { pattern: new RegExp(`^/${NAME}/referrers/(?<digest>[^/]+)$`), methods: { GET: listReferrers } },
];

export function createV2Router(ctx: V2Context): Router {
  const router = express.Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.set(V2Headers.apiVersion, API_VERSION_VALUE);
    next();
  });
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      requireBasicAuth(ctx.auth, req, res);
      const { handler, params } = dispatch(req);
      refuseWriteWhenReadOnly(ctx.options.readOnly, req.method);
      await handler(ctx, req, res, params);
    } catch (error) {
      next(error);
    }
  });
  router.use(createV2ErrorHandler(ctx.logger));
  return router;
}

function dispatch(req: Request): { handler: V2Handler; params: RouteParams } {
  const path = decodePath(req.path);
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = route.methods[req.method];
    if (!handler) throw new RegistryError('UNSUPPORTED', `method ${req.method} not allowed`, { allowed: Object.keys(route.methods) });
    return { handler, params: { ...match.groups } };
  }
  throw new RegistryError('NOT_FOUND', 'unknown API endpoint', { path });
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new RegistryError('NOT_FOUND', 'malformed path', { path });
  }
}
