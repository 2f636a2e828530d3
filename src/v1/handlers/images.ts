/** /v1/images/<id>/{json,layer,checksum,ancestry} */
import type { Request, Response } from 'express';
import { RegistryError } from '../../errors/registry-error';
import { readSmallBody } from '../../http/request-body';
import { sendStream } from '../../http/send-stream';
import type { V1Image } from '../../registry/legacy/legacy-images';
import { sendV1Json, type V1Handler } from '../context';
import { IMAGE_CACHE_HEADERS, V1Headers } from '../headers';

const IMAGE_JSON_LIMIT = 4 * 1024 * 1024;

export const putImageJson: V1Handler = async (ctx, req, res, params) => {
  const body = await readSmallBody(req, IMAGE_JSON_LIMIT);
  await ctx.model.legacy.images.putJson(params.id!, body);
  sendV1Json(res, 200, true);
};

export const putImageLayer: V1Handler = async (ctx, req, res, params) => {
  await ctx.model.legacy.images.putLayer(params.id!, req, { tarsum: mayCheckTarsum(req.get('user-agent')) });
  sendV1Json(res, 200, true);
};

/**
 * Only docker < 0.10 (and clients that do not say who they are, like curl) may verify a layer
 * with its tarsum alone; docker ≥ 0.10 always sends the payload checksum.
 */
function mayCheckTarsum(userAgent: string | undefined): boolean {
  const match = /(?:^|\s)docker\/(\d+)\.(\d+)/.exec(userAgent ?? '');
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major === 0 && minor < 10;
}

export const putImageChecksum: V1Handler = async (ctx, req, res, params) => {
  await ctx.model.legacy.images.putChecksum(params.id!, {
    payload: req.get(V1Headers.checksumPayload),
    tarsum: req.get(V1Headers.checksum),
  });
  sendV1Json(res, 200, true);
};

export const getImageJson: V1Handler = async (ctx, req, res, params) => {
  const image = await ctx.model.legacy.images.get(params.id!);
  if (notModified(req, res)) return;
  res.set(IMAGE_CACHE_HEADERS).set(expiresInAYear());
  if (image.layer.size >= 0) res.set(V1Headers.size, String(image.layer.size));
  if (image.checksums.length > 0) res.set(V1Headers.checksumPayload, [...image.checksums]);
  res.status(200).type('application/json').send(image.json);
};

export const getImageAncestry: V1Handler = async (ctx, req, res, params) => {
  const image = await ctx.model.legacy.images.get(params.id!);
  if (notModified(req, res)) return;
  res.set(IMAGE_CACHE_HEADERS).set(expiresInAYear()).status(200).type('application/json').send(JSON.stringify(image.ancestry));
};

export const getImageFiles: V1Handler = async (ctx, req, res, params) => {
  const files = await ctx.model.legacy.images.files(params.id!);
  if (notModified(req, res)) return;
  res.set(IMAGE_CACHE_HEADERS).set(expiresInAYear()).status(200).type('application/json').send(files);
};

/** docker-registry computed diffs in a redis-backed queue; without one it answered this */
export const getImageDiff: V1Handler = async (ctx, _req, _res, params) => {
  await ctx.model.legacy.images.get(params.id!);
  throw new RegistryError('DIFF_DISABLED');
};

export const getImageLayer: V1Handler = async (ctx, req, res, params) => {
  const image = await ctx.model.legacy.images.get(params.id!);
  if (notModified(req, res)) return;
  res.set(IMAGE_CACHE_HEADERS).set(expiresInAYear()).set({ 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' });
  const range = layerRange(req, res, image);
  if (range) {
    res.status(206).set({ 'Content-Range': `bytes ${range.start}-${range.end}/${image.layer.size}`, 'Content-Length': String(range.end - range.start + 1) });
  } else {
    res.status(200).set('Content-Length', String(image.layer.size));
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = await ctx.model.legacy.images.openLayer(image, range);
  await sendStream(res, stream, (error) => ctx.logger.warn({ err: error, image: image.id }, 'layer stream failed'));
};

/** docker-registry answered any If-Modified-Since with 304; Janus does so only for images that exist */
function notModified(req: Request, res: Response): boolean {
  if (req.get('if-modified-since') === undefined) return false;
  res.status(304).end();
  return true;
}

function expiresInAYear(): Record<string, string> {
  return { Expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString() };
}

/** a standard single byte range (206); an unsatisfiable one is 416, a malformed one is ignored */
function layerRange(req: Request, res: Response, image: V1Image): { start: number; end: number } | undefined {
  const parsed = req.range(image.layer.size);
  if (parsed === undefined || parsed === -2) return undefined;
  if (parsed === -1) {
    res.set('Content-Range', `bytes */${image.layer.size}`);
    throw new RegistryError('RANGE_INVALID', undefined, undefined, { v1Message: 'Requested range not satisfiable' });
  }
  if (parsed.type !== 'bytes' || parsed.length !== 1) return undefined;
  const [range] = parsed;
  return { start: range!.start, end: range!.end };
}
