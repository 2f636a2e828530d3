/** Ping, root, users and search. */
import { readSmallBody } from '../../http/request-body';
import { RegistryError } from '../../errors/registry-error';
import { sendV1Json, type V1Handler } from '../context';
import { V1Headers } from '../headers';

export const ping: V1Handler = async (ctx, _req, res) => {
  res.set(V1Headers.standalone, ctx.options.standalone ? 'True' : 'False');
  sendV1Json(res, 200, {});
};

export const root: V1Handler = async (ctx, _req, res) => {
  sendV1Json(res, 200, ctx.options.issue);
};

export const getUsers: V1Handler = async (_ctx, _req, res) => {
  sendV1Json(res, 200, 'OK');
};

/** docker login over V1: there are no accounts, any valid JSON "creates" one */
export const postUsers: V1Handler = async (_ctx, req, res) => {
  const body = await readSmallBody(req, 64 * 1024);
  try {
    JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('JSON_UNDECODABLE');
  }
  sendV1Json(res, 201, 'User Created');
};

export const putUser: V1Handler = async (_ctx, _req, res) => {
  res.status(204).end();
};

export const search: V1Handler = async (ctx, req, res) => {
  const q = typeof req.query.q === 'string' ? req.query.q : '';
  const n = numberParam(req.query.n);
  const page = numberParam(req.query.page);
  if (!ctx.search) {
    sendV1Json(res, 200, { query: q, num_results: 0, num_pages: 1, page: 1, page_size: n ?? 25, results: [] });
    return;
  }
  sendV1Json(res, 200, ctx.search.search({ q, n, page }));
};

function numberParam(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
