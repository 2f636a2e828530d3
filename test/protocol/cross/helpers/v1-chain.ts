/**
 * An abstract image as a docker 1.x graph would hold it: one V1 image per layer, ids chosen by
 * the client (deterministic here, so a re-push reuses them), JSON in docker 1.x's shape.
 */
import type { AbstractImage } from './abstract-image';
import { sha256Hex } from './abstract-image';

export interface V1ChainEntry {
  readonly id: string;
  readonly parent?: string;
  /** the image JSON bytes, as pushed */
  readonly json: Buffer;
}

/** base first; `salt` keeps the ids of different pushers apart */
export function v1ChainOf(image: AbstractImage, salt: string): V1ChainEntry[] {
  const entries: V1ChainEntry[] = [];
  let parent: string | undefined;
  image.layers.forEach((layer, index) => {
    const id = sha256Hex(`${salt}\n${parent ?? ''}\n${sha256Hex(layer.tar)}\n${index === image.layers.length - 1 ? JSON.stringify(image.cmd) : ''}`);
    const body: Record<string, unknown> = { id };
    if (parent) body.parent = parent;
    Object.assign(body, {
      created: layer.created,
      container: sha256Hex(`container ${id}`),
      container_config: { Hostname: 'a1b2c3d4e5f6', Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: layer.createdBy, Image: parent ?? '' },
      docker_version: '1.5.0',
      config: { Hostname: 'a1b2c3d4e5f6', Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: image.cmd, Image: parent ?? '' },
      architecture: image.architecture,
      os: image.os,
      Size: layer.tar.length,
    });
    entries.push({ id, parent, json: Buffer.from(JSON.stringify(body), 'utf8') });
    parent = id;
  });
  return entries;
}

/** created / Cmd / architecture / os of a V1 image JSON (or a schema1 v1Compatibility) */
export function v1ConfigFields(json: Record<string, unknown>): { created?: string; cmd?: string[]; architecture?: string; os?: string } {
  const config = json.config as { Cmd?: unknown } | undefined;
  return {
    created: typeof json.created === 'string' ? json.created : undefined,
    cmd: Array.isArray(config?.Cmd) ? (config.Cmd as string[]) : undefined,
    architecture: typeof json.architecture === 'string' ? json.architecture : undefined,
    os: typeof json.os === 'string' ? json.os : undefined,
  };
}
