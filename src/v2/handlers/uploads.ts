/** Blob upload sessions: POST, PATCH, PUT, GET and DELETE under /v2/<name>/blobs/uploads/ */
import type { Request, Response } from 'express';
import { RegistryError } from '../../errors/registry-error';
import { hasBody } from '../../http/request-body';
import type { UploadStatus } from '../../registry/types';
import type { DigestAlgorithm } from '../../util/digest';
import { absoluteUrl, type V2Handler } from '../context';
import { V2Headers } from '../headers';
import { queryString, requireDigest } from '../params';

export const startUpload: V2Handler = async (ctx, req, res, params) => {
  const name = params.name!;
  const mount = queryString(req, 'mount');
  if (mount !== undefined) {
    const digest = requireDigest(mount);
    const from = queryString(req, 'from');
    const mounted = from === undefined ? undefined : await ctx.model.mountBlob(from, name, digest);
    if (mounted) {
      sendBlobCreated(req, res, name, mounted.digest);
      return;
    }
  }
  const monolithicDigest = queryString(req, 'digest');
  if (monolithicDigest !== undefined) {
    const expected = requireDigest(monolithicDigest);
    const session = await ctx.model.startUpload(name, expected.algorithm);
    const blob = await ctx.model.completeUpload(name, session.uuid, { expected, lastChunk: req });
    sendBlobCreated(req, res, name, blob.digest);
    return;
  }
  const session = await ctx.model.startUpload(name, digestAlgorithm(queryString(req, 'digest-algorithm')));
  sendUploadStatus(req, res, name, session, 202);
};

export const patchUpload: V2Handler = async (ctx, req, res, params) => {
  const range = contentRange(req);
  const status = await ctx.model.appendUpload(params.name!, params.uuid!, req, { expectedStart: range?.start });
  sendUploadStatus(req, res, params.name!, status, 202);
};

export const putUpload: V2Handler = async (ctx, req, res, params) => {
  const expected = requireDigest(queryString(req, 'digest'));
  const range = contentRange(req);
  const lastChunk = hasBody(req) ? req : undefined;
  if (range && lastChunk) {
    const status = await ctx.model.uploadStatus(params.name!, params.uuid!);
    if (status.size !== range.start) throw new RegistryError('RANGE_INVALID', undefined, { size: status.size });
  }
  const blob = await ctx.model.completeUpload(params.name!, params.uuid!, { expected, lastChunk });
  sendBlobCreated(req, res, params.name!, blob.digest);
};

export const getUploadStatus: V2Handler = async (ctx, req, res, params) => {
  sendUploadStatus(req, res, params.name!, await ctx.model.uploadStatus(params.name!, params.uuid!), 204);
};

export const cancelUpload: V2Handler = async (ctx, _req, res, params) => {
  await ctx.model.cancelUpload(params.name!, params.uuid!);
  res.status(204).end();
};

function sendUploadStatus(req: Request, res: Response, name: string, status: UploadStatus, code: number): void {
  res
    .status(code)
    .set({
      Location: absoluteUrl(req, `/v2/${name}/blobs/uploads/${status.uuid}`),
      Range: `0-${Math.max(status.size - 1, 0)}`,
      [V2Headers.uploadUuid]: status.uuid,
      'Content-Length': '0',
    })
    .end();
}

function sendBlobCreated(req: Request, res: Response, name: string, digest: string): void {
  res
    .status(201)
    .set({
      Location: absoluteUrl(req, `/v2/${name}/blobs/${digest}`),
      [V2Headers.contentDigest]: digest,
      'Content-Length': '0',
    })
    .end();
}

/** Content-Range of a chunk, "<start>-<end>" inclusive; checked against Content-Length */
function contentRange(req: Request): { start: number; end: number } | undefined {
  const header = req.get('content-range');
  if (header === undefined) return undefined;
  const match = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!match) throw new RegistryError('RANGE_INVALID', 'malformed Content-Range', { 'Content-Range': header });
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start) throw new RegistryError('RANGE_INVALID', 'Content-Range end before start', { 'Content-Range': header });
  const length = req.get('content-length');
  if (length !== undefined && Number(length) !== end - start + 1) {
    throw new RegistryError('SIZE_INVALID', 'Content-Length does not match Content-Range', { 'Content-Range': header, 'Content-Length': length });
  }
  return { start, end };
}

function digestAlgorithm(value: string | undefined): DigestAlgorithm {
  if (value === undefined || value === 'sha256') return 'sha256';
  if (value === 'sha512') return 'sha512';
  throw new RegistryError('DIGEST_INVALID', 'unsupported digest algorithm', { 'digest-algorithm': value });
}
