/** Repository-level V1 routes: the index emulation of standalone mode, deletion, properties. */
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { readSmallBody } from '../../http/request-body';
import { sendV1Json, type V1Context, type V1Handler } from '../context';
import { NO_CACHE_HEADERS, V1Headers } from '../headers';
import { parseV1Repository, type V1Repository } from '../repository-name';

const IMAGE_LIST_LIMIT = 16 * 1024 * 1024;

/** PUT /v1/repositories/<repo>/ — the image list a push starts with; answers with token and endpoints */
export const putRepository: V1Handler = async (ctx, req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  await ctx.model.legacy.repositories.putIndexImages(repository.name, await readSmallBody(req, IMAGE_LIST_LIMIT));
  setTokenHeaders(ctx, req, res, repository, 'write');
  sendV1Json(res, 200, '');
};

export const putRepositoryImages: V1Handler = async (ctx, req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  await ctx.model.legacy.repositories.putIndexImages(repository.name, await readSmallBody(req, IMAGE_LIST_LIMIT));
  setTokenHeaders(ctx, req, res, repository, 'write');
  res.status(204).end();
};

export const getRepositoryImages: V1Handler = async (ctx, req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  const images = await ctx.model.legacy.repositories.getIndexImages(repository.name);
  setTokenHeaders(ctx, req, res, repository, 'read');
  res.status(200).set(NO_CACHE_HEADERS).type('application/json').send(images);
};

export const deleteRepositoryImages: V1Handler = async (ctx, req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  setTokenHeaders(ctx, req, res, repository, 'delete');
  res.status(204).end();
};

/** DELETE /v1/repositories/<repo>/ and /v1/repositories/<repo>/tags: every tag, then the repository */
export const deleteRepository: V1Handler = async (ctx, _req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  await ctx.model.legacy.repositories.deleteRepository(repository.name);
  sendV1Json(res, 200, true);
};

export const putRepositoryAuth: V1Handler = async (_ctx, _req, res) => {
  sendV1Json(res, 200, 'OK');
};

export const getRepositoryProperties: V1Handler = async (ctx, _req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  sendV1Json(res, 200, await ctx.model.legacy.repositories.properties(repository.name));
};

export const putRepositoryProperties: V1Handler = async (ctx, req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  await ctx.model.legacy.repositories.setProperties(repository.name, await readSmallBody(req, 64 * 1024));
  sendV1Json(res, 200, true);
};

function setTokenHeaders(ctx: V1Context, req: Request, res: Response, repository: V1Repository, access: 'read' | 'write' | 'delete'): void {
  const signature = randomBytes(12).toString('base64').replace(/[^A-Z0-9]/gi, '').toUpperCase().slice(0, 16).padEnd(16, '0');
  const token = `Token signature=${signature},repository="${repository.display}",access=${access}`;
  res.set({
    [V1Headers.endpoints]: ctx.options.registryEndpoints ?? req.get('host') ?? '127.0.0.1:5000',
    'WWW-Authenticate': token,
    [V1Headers.token]: token,
  });
}
