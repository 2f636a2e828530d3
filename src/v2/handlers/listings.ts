/** Listings: tags/list, _catalog and referrers. */
import { V2Headers } from '../headers';
import { linkHeader, pageSize, queryString, requireDigest } from '../params';
import type { V2Handler } from '../context';
import { MediaTypes } from '../../util/media-types';
import { RegistryError } from '../../errors/registry-error';

export const listTags: V2Handler = async (ctx, req, res, params) => {
  const name = params.name!;
  const n = pageSize(req);
  const page = await ctx.model.listTags(name, n, queryString(req, 'last'));
  if (page.next !== undefined && n !== undefined) res.set('Link', linkHeader(`/v2/${name}/tags/list`, n, page.next));
  res.status(200).json({ name, tags: page.items });
};

export const listCatalog: V2Handler = async (ctx, req, res) => {
  const n = pageSize(req) ?? ctx.options.catalogMaxEntries;
  if (n > ctx.options.catalogMaxEntries) {
    throw new RegistryError('PAGINATION_NUMBER_INVALID', undefined, { n, max: ctx.options.catalogMaxEntries });
  }
  const page = await ctx.model.listRepositories(n, queryString(req, 'last'));
  if (page.next !== undefined) res.set('Link', linkHeader('/v2/_catalog', n, page.next));
  res.status(200).json({ repositories: page.items });
};

export const listReferrers: V2Handler = async (ctx, req, res, params) => {
  const subject = requireDigest(params.digest);
  const artifactType = queryString(req, 'artifactType');
  const manifests = await ctx.model.referrers(params.name!, subject, artifactType);
  if (artifactType !== undefined) res.set(V2Headers.ociFiltersApplied, 'artifactType');
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests }));
  res.status(200).set('Content-Type', MediaTypes.ociIndex).send(body);
};
