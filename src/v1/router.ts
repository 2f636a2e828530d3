/**
 * The V1 protocol of docker-registry 0.6–0.9: ping, images, tags, repositories, the index
 * emulation of standalone mode, users and search. Mounted at the root of the app (it owns
 * /_ping, / and /v1/...). Routes are data, like the V2 router.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { RegistryError } from '../errors/registry-error';
import { requireBasicAuth } from '../http/basic-auth';
import { refuseWriteWhenReadOnly } from '../http/read-only';
import type { V1Context, V1Handler, V1Params } from './context';
import { createV1ErrorHandler } from './errors';
import {
  getImageAncestry,
  getImageDiff,
  getImageFiles,
  getImageJson,
  getImageLayer,
  putImageChecksum,
  putImageJson,
  putImageLayer,
} from './handlers/images';
import { getUsers, ping, postUsers, putUser, root, search } from './handlers/misc';
import {
  deleteRepository,
  deleteRepositoryImages,
  getRepositoryImages,
  getRepositoryProperties,
  putRepository,
  putRepositoryAuth,
  putRepositoryImages,
  putRepositoryProperties,
} from './handlers/repositories';
import { deleteTag, getRepositoryJson, getTag, getTagJson, listTags, putTag } from './handlers/tags';
import { V1_REGISTRY_VERSION, V1Headers } from './headers';
import { parseV1Repository } from './repository-name';
import { TokenVerifier } from './token-auth';

type Guard = 'open' | 'auth';

interface Route {
  readonly pattern: RegExp;
  readonly methods: Readonly<Partial<Record<string, V1Handler>>>;
  readonly guard: Guard;
  /** index emulation: only when standalone */
  readonly index?: boolean;
}

const REPO = '(?<repo>.+)';
const IMAGE = '/v1/images/(?<id>[^/]+)';

const ROUTES: readonly Route[] = [
  { pattern: /^\/(?:v1\/)?_ping\/?$/, methods: { GET: ping, HEAD: ping }, guard: 'open' },
  { pattern: /^\/$/, methods: { GET: root, HEAD: root }, guard: 'open' },
  { pattern: /^\/v1\/search\/?$/, methods: { GET: search }, guard: 'open' },
  { pattern: new RegExp(`^${IMAGE}/json$`), methods: { GET: getImageJson, HEAD: getImageJson, PUT: putImageJson }, guard: 'auth' },
  { pattern: new RegExp(`^${IMAGE}/layer$`), methods: { GET: getImageLayer, HEAD: getImageLayer, PUT: putImageLayer }, guard: 'auth' },
  { pattern: new RegExp(`^${IMAGE}/checksum$`), methods: { PUT: putImageChecksum }, guard: 'auth' },
  { pattern: new RegExp(`^${IMAGE}/ancestry$`), methods: { GET: getImageAncestry, HEAD: getImageAncestry }, guard: 'auth' },
  { pattern: new RegExp(`^${IMAGE}/files$`), methods: { GET: getImageFiles }, guard: 'auth' },
  { pattern: new RegExp(`^${IMAGE}/diff$`), methods: { GET: getImageDiff }, guard: 'auth' },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/tags/(?<tag>[^/]+)/json$`), methods: { GET: getTagJson }, guard: 'auth' },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/tags/(?<tag>[^/]+)$`), methods: { GET: getTag, PUT: putTag, DELETE: deleteTag }, guard: 'auth' },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/tags/?$`), methods: { GET: listTags, DELETE: deleteRepository }, guard: 'auth' },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/json$`), methods: { GET: getRepositoryJson }, guard: 'auth' },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/properties$`), methods: { GET: getRepositoryProperties, PUT: putRepositoryProperties }, guard: 'auth' },
  {
    pattern: new RegExp(`^/v1/repositories/${REPO}/images$`),
    methods: { GET: getRepositoryImages, PUT: putRepositoryImages, DELETE: deleteRepositoryImages },
    guard: 'open',
    index: true,
  },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/auth$`), methods: { PUT: putRepositoryAuth }, guard: 'open', index: true },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/?$`), methods: { PUT: putRepository }, guard: 'open', index: true },
  { pattern: new RegExp(`^/v1/repositories/${REPO}/$`), methods: { DELETE: deleteRepository }, guard: 'auth' },
  { pattern: /^\/v1\/users\/?$/, methods: { GET: getUsers, POST: postUsers }, guard: 'open', index: true },
  { pattern: /^\/v1\/users\/[^/]+\/?$/, methods: { PUT: putUser }, guard: 'open', index: true },
];

export function createV1Router(ctx: V1Context): Router {
  const router = express.Router();
  const tokens = ctx.options.standalone || ctx.options.disableTokenAuth ? undefined : new TokenVerifier(ctx.options.indexEndpoint);
  const routes = ROUTES.filter((route) => !route.index || ctx.options.standalone);
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const path = safeDecode(req.path);
    if (path !== '/' && !path.startsWith('/v1/') && !/^\/_ping\/?$/.test(path)) return next();
    res.set(V1Headers.registryVersion, V1_REGISTRY_VERSION);
    if (ctx.options.flavor) res.set(V1Headers.registryConfig, ctx.options.flavor);
    try {
      const { route, handler, params } = dispatch(routes, req.method, path);
      if (handler !== ping) requireBasicAuth(ctx.auth, req, res);
      refuseWriteWhenReadOnly(ctx.options.readOnly ?? false, req.method);
      if (route.guard === 'auth' && tokens) {
        await tokens.verify(req, params.repo === undefined ? undefined : parseV1Repository(params.repo));
      }
      await handler(ctx, req, res, params);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'UNAUTHORIZED' && !res.get('WWW-Authenticate')) res.set('WWW-Authenticate', 'Token');
      next(error);
    }
  });
  router.use(createV1ErrorHandler(ctx.logger));
  return router;
}

function dispatch(routes: readonly Route[], method: string, path: string): { route: Route; handler: V1Handler; params: V1Params } {
  let methodMismatch = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = route.methods[method];
    if (!handler) {
      methodMismatch = true;
      continue;
    }
    return { route, handler, params: { ...match.groups } };
  }
  if (methodMismatch) throw new RegistryError('UNSUPPORTED', undefined, undefined, { v1Message: 'Method not allowed' });
  throw new RegistryError('NOT_FOUND', undefined, undefined, { v1Message: 'Not found' });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
