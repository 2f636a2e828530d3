/** GET, HEAD, PUT and DELETE of /v2/<name>/manifests/<reference> */
import { RegistryError } from '../../errors/registry-error';
import { readSmallBody } from '../../http/request-body';
import { parseManifestReference, type ManifestReference } from '../../registry/model';
import { acceptedMediaTypes } from '../accept';
import { absoluteUrl, type V2Handler } from '../context';
import { V2Headers } from '../headers';

export const getManifest: V2Handler = async (ctx, req, res, params) => {
  const accepted = acceptedMediaTypes(req.headers.accept);
  const manifest = await ctx.model.getManifestFor(params.name!, lookupReference(params.reference!), accepted);
  res.set({
    'Content-Type': manifest.mediaType,
    [V2Headers.contentDigest]: manifest.digest,
    ETag: `"${manifest.digest}"`,
    'Content-Length': String(manifest.bytes.length),
  });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.status(200).end(req.method === 'HEAD' ? undefined : manifest.bytes);
};

export const putManifest: V2Handler = async (ctx, req, res, params) => {
  const reference = parseManifestReference(params.reference!);
  const bytes = await readSmallBody(req, ctx.options.manifestSizeLimit);
  const result = await ctx.model.putManifest(params.name!, reference, bytes, req.get('content-type'));
  res.status(201).set({
    Location: absoluteUrl(req, `/v2/${params.name}/manifests/${result.digest}`),
    [V2Headers.contentDigest]: result.digest,
    'Content-Length': '0',
  });
  if (result.subject) res.set(V2Headers.ociSubject, result.subject);
  res.end();
};

export const deleteManifest: V2Handler = async (ctx, _req, res, params) => {
  await ctx.model.deleteManifest(params.name!, lookupReference(params.reference!));
  res.status(202).set('Content-Length', '0').end();
};

/** a reference to look up: an unparsable tag can name nothing, so it is unknown rather than invalid */
function lookupReference(raw: string): ManifestReference {
  try {
    return parseManifestReference(raw);
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'TAG_INVALID') {
      throw new RegistryError('MANIFEST_UNKNOWN', undefined, { tag: raw });
    }
    throw error;
  }
}
