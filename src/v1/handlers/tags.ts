/** /v1/repositories/<repo>/tags[/<tag>[/json]] and /v1/repositories/<repo>/json */
import type { Request } from 'express';
import { RegistryError } from '../../errors/registry-error';
import { readSmallBody } from '../../http/request-body';
import { isValidTag } from '../../util/reference';
import { sendV1Json, type V1Handler } from '../context';
import { parseV1Repository } from '../repository-name';

export const listTags: V1Handler = async (ctx, _req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  sendV1Json(res, 200, await ctx.model.legacy.repositories.listTags(repository.name));
};

export const getTag: V1Handler = async (ctx, _req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  sendV1Json(res, 200, await ctx.model.legacy.repositories.getTag(repository.name, params.tag!));
};

export const putTag: V1Handler = async (ctx, req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  const tag = params.tag!;
  if (!isValidTag(tag)) {
    const message = 'Invalid tag name (must match ^[\\w][\\w.-]{0,127}$)';
    throw new RegistryError('TAG_INVALID', message, { tag }, { v1Message: message, v1Status: 400 });
  }
  const imageId = parseImageIdBody(await readSmallBody(req, 64 * 1024));
  await ctx.model.legacy.repositories.setTag(repository.name, tag, imageId, tagMetadata(req));
  sendV1Json(res, 200, true);
};

export const deleteTag: V1Handler = async (ctx, _req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  await ctx.model.legacy.repositories.deleteTag(repository.name, params.tag!);
  sendV1Json(res, 200, true);
};

export const getTagJson: V1Handler = async (ctx, _req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  sendV1Json(res, 200, await ctx.model.legacy.repositories.tagJson(repository.name, params.tag!));
};

/** the deprecated repository json: the metadata of tag "latest" */
export const getRepositoryJson: V1Handler = async (ctx, _req, res, params) => {
  const repository = parseV1Repository(params.repo!);
  sendV1Json(res, 200, await ctx.model.legacy.repositories.tagJson(repository.name, 'latest'));
};

function parseImageIdBody(body: Buffer): string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('DATA_INVALID');
  }
  if (typeof value !== 'string' || value === '') throw new RegistryError('DATA_INVALID');
  return value;
}

/** docker-registry's tag<tag>_json, from the client's User-Agent name/value pairs */
function tagMetadata(req: Request): Record<string, unknown> {
  const agent = new Map<string, string>();
  for (const part of (req.get('user-agent') ?? '').split(/\s+/)) {
    const slash = part.indexOf('/');
    if (slash > 0) agent.set(part.slice(0, slash).toLowerCase(), part.slice(slash + 1));
  }
  return {
    last_update: Math.floor(Date.now() / 1000),
    docker_version: agent.get('docker') ?? null,
    docker_go_version: agent.get('go') ?? null,
    arch: (agent.get('arch') ?? 'amd64').toLowerCase(),
    kernel: agent.get('kernel')?.toLowerCase() ?? null,
    os: (agent.get('os') ?? 'linux').toLowerCase(),
  };
}
