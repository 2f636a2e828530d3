/** GET, HEAD and DELETE of /v2/<name>/blobs/<digest> */
import type { Request, Response } from 'express';
import { RegistryError } from '../../errors/registry-error';
import { sendStream } from '../../http/send-stream';
import type { BlobInfo, ByteRange } from '../../registry/types';
import type { V2Handler } from '../context';
import { V2Headers } from '../headers';
import { requireDigest } from '../params';

export const getBlob: V2Handler = async (ctx, req, res, params) => {
  const digest = requireDigest(params.digest);
  const info = await ctx.model.statBlob(params.name!, digest);
  setBlobHeaders(res, info);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const parsedRange = req.range(info.size);
  if (parsedRange === -1) {
    res.set('Content-Range', `bytes */${info.size}`);
    throw new RegistryError('RANGE_INVALID', 'requested range not satisfiable', { size: info.size });
  }
  const range = requestedRange(parsedRange, info);
  if (range === undefined && ctx.options.redirect) {
    const url = await ctx.model.blobRedirectURL(digest, req.method === 'HEAD' ? 'HEAD' : 'GET');
    if (url) {
      res.redirect(307, url);
      return;
    }
  }
  if (range) {
    res.status(206).set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`).set('Content-Length', String(range.end - range.start + 1));
  } else {
    res.status(200).set('Content-Length', String(info.size));
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = await ctx.model.openBlob(digest, range);
  await sendStream(res, stream, (error) => ctx.logger.warn({ err: error, digest: digest.digest }, 'blob stream failed'));
};

export const deleteBlob: V2Handler = async (ctx, _req, res, params) => {
  await ctx.model.deleteBlob(params.name!, requireDigest(params.digest));
  res.status(202).set('Content-Length', '0').end();
};

function setBlobHeaders(res: Response, info: BlobInfo): void {
  res.set({
    'Content-Type': 'application/octet-stream',
    [V2Headers.contentDigest]: info.digest,
    ETag: `"${info.digest}"`,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'max-age=31536000',
  });
}

/** a single satisfiable range other than the whole blob; undefined for none, malformed or multiple ranges */
function requestedRange(parsed: ReturnType<Request['range']>, info: BlobInfo): ByteRange | undefined {
  if (parsed === undefined || parsed === -2 || parsed === -1) return undefined;
  if (parsed.type !== 'bytes' || parsed.length !== 1) return undefined;
  const [range] = parsed;
  if (range!.start === 0 && range!.end === info.size - 1) return undefined;
  return { start: range!.start, end: range!.end };
}
