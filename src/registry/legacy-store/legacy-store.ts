/**
 * Read-only access to a docker-registry 0.6–0.9 store (v1-protocol.md §4) lying in the same
 * storage as Janus's own data: `images/<id>/{json,layer,ancestry,_checksum,_inprogress}` and
 * `repositories/<ns>/<repo>/{tag_<tag>,tag<tag>_json,json,_index_images}`. Janus never writes
 * there; what it learns is kept under /janus/legacy (see paths.ts).
 */
import type { StorageDriver } from '../../storage/driver';
import { isValidRepositoryName } from '../../util/reference';
import { modelNameFromV1 } from '../../util/v1-names';
import { baseName, listIfExists, readIfExists, statIfExists } from '../storage-access';

const IMAGES = '/images';
const REPOSITORIES = '/repositories';
const V1_ID = /^(?:[a-f0-9]{16}|[a-f0-9]{64})$/;

export interface LegacyRepository {
  /** the model's name for it (library/x → x) */
  readonly name: string;
  /** folder in the legacy tree */
  readonly dir: string;
}

export interface LegacyStoreImage {
  readonly id: string;
  readonly json: Buffer;
  /** newest first */
  readonly ancestry: readonly string[];
  readonly inProgress: boolean;
  /** `_checksum`: a JSON list (0.7+) or a raw string (0.6) */
  readonly checksums: readonly string[];
  readonly layerPath: string;
  /** docker-registry's cached file list (`_files`), when it wrote one */
  readonly filesPath: string;
  /** undefined when the layer was never uploaded */
  readonly layerSize?: number;
}

export interface LegacyRepositoryScan {
  readonly servable: Map<string, LegacyRepository>;
  /** folders whose names no Janus repository name can carry (e.g. `c++`, made by curl) */
  readonly unservable: ReadonlyArray<{ readonly dir: string; readonly name: string }>;
}

export class LegacyStore {
  private scan: Promise<LegacyRepositoryScan> | undefined;

  constructor(private readonly driver: StorageDriver) {}

  /** every repository folder of the legacy tree whose name Janus can serve, by model name */
  async repositories(): Promise<Map<string, LegacyRepository>> {
    return (await this.scanned()).servable;
  }

  async scanned(): Promise<LegacyRepositoryScan> {
    this.scan ??= this.scanRepositories();
    return this.scan;
  }

  async repository(name: string): Promise<LegacyRepository | undefined> {
    return (await this.repositories()).get(name);
  }

  /** tag → image id, from the tag_<tag> files (metadata files tag<tag>_json are never tags) */
  async tags(repository: LegacyRepository): Promise<Map<string, string>> {
    const tags = new Map<string, string>();
    for (const path of await listIfExists(this.driver, repository.dir)) {
      const file = baseName(path);
      if (!file.startsWith('tag_')) continue;
      const content = (await readIfExists(this.driver, path))?.toString('utf8').trim();
      if (content === undefined || !V1_ID.test(content)) continue; // tag_x_json of a tag "_x", or garbage
      tags.set(file.slice('tag_'.length), content);
    }
    return tags;
  }

  async tagJson(repository: LegacyRepository, tag: string): Promise<Record<string, unknown> | undefined> {
    const raw = await readIfExists(this.driver, `${repository.dir}/tag${tag}_json`);
    return raw ? parseObject(raw) : undefined;
  }

  async indexImages(repository: LegacyRepository): Promise<Buffer | undefined> {
    return readIfExists(this.driver, `${repository.dir}/_index_images`);
  }

  async image(id: string): Promise<LegacyStoreImage | undefined> {
    if (!V1_ID.test(id)) return undefined;
    const dir = `${IMAGES}/${id}`;
    const json = await readIfExists(this.driver, `${dir}/json`);
    if (!json) return undefined;
    const [ancestry, marker, checksum, layer] = await Promise.all([
      readIfExists(this.driver, `${dir}/ancestry`),
      statIfExists(this.driver, `${dir}/_inprogress`),
      readIfExists(this.driver, `${dir}/_checksum`),
      statIfExists(this.driver, `${dir}/layer`),
    ]);
    return {
      id,
      json,
      ancestry: parseAncestry(ancestry, id),
      inProgress: marker !== undefined,
      checksums: parseChecksums(checksum),
      layerPath: `${dir}/layer`,
      filesPath: `${dir}/_files`,
      layerSize: layer && !layer.isDir ? layer.size : undefined,
    };
  }

  private async scanRepositories(): Promise<LegacyRepositoryScan> {
    const servable = new Map<string, LegacyRepository>();
    const unservable: Array<{ dir: string; name: string }> = [];
    for (const namespaceDir of await listIfExists(this.driver, REPOSITORIES)) {
      for (const repositoryDir of await listIfExists(this.driver, namespaceDir)) {
        const info = await statIfExists(this.driver, repositoryDir);
        if (!info?.isDir) continue;
        const name = modelNameFromV1(unquote(baseName(namespaceDir)), unquote(baseName(repositoryDir)));
        if (isValidRepositoryName(name)) servable.set(name, { name, dir: repositoryDir });
        else unservable.push({ dir: repositoryDir, name });
      }
    }
    return { servable, unservable };
  }
}

/**
 * docker-registry 0.7+ quote_plus-ed path parts, sometimes twice (`b%252Fc` → `b/c`); 0.6 wrote
 * them literally. Only %XX sequences are decoded: a literal `+` is what 0.6 stored, and a space
 * (quote_plus's `+`) can be in no repository name anyway.
 */
export function unquote(part: string): string {
  let value = part;
  for (let round = 0; round < 2 && /%[0-9A-Fa-f]{2}/.test(value); round++) {
    try {
      value = decodeURIComponent(value);
    } catch {
      break;
    }
  }
  return value;
}

function parseObject(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(raw.toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseAncestry(raw: Buffer | undefined, id: string): string[] {
  if (!raw) return [id];
  try {
    const value = JSON.parse(raw.toString('utf8')) as unknown;
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : [id];
  } catch {
    return [id];
  }
}

function parseChecksums(raw: Buffer | undefined): string[] {
  if (!raw) return [];
  const text = raw.toString('utf8').trim();
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    if (typeof value === 'string') return [value];
  } catch {
    // 0.6 wrote the client's checksum as a raw string
  }
  return text === '' ? [] : [text];
}
