/**
 * A scripted Docker V1 client: the exact request sequences docker 0.8 / 1.3 / 1.5 / 1.9 send
 * for push and pull (v1-protocol.md §9), over node:http, layers streamed chunked. It records
 * every request (method, path, status, headers sent) for assertions.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import type { V1TestImage } from './v1-images';

export type DockerVariant = 'docker-0.8' | 'docker-1.3' | 'docker-1.5' | 'docker-1.9';

interface VariantProfile {
  readonly userAgent: string;
  /** User-Agent of the /_ping request (docker ≤1.4 used Go's default) */
  readonly pingUserAgent: string;
  /** GET /v2/ first, and refuse a registry/2.0 answer (1.5+) */
  readonly probesV2: boolean;
  /** the repository PUT must return X-Docker-Token (≤1.6) */
  readonly requiresToken: boolean;
  /** all existence checks first, 5 at a time (1.5+); else check, push and tag one by one */
  readonly checksFirst: boolean;
  /** pull asks for the one tag (1.8+); else lists all tags */
  readonly singleTagGet: boolean;
  /** checksum PUT carries the payload checksum too (0.9+) */
  readonly sendsPayloadChecksum: boolean;
}

const GO_DEFAULT_USER_AGENT = 'Go 1.1 package http';

export const VARIANTS: Readonly<Record<DockerVariant, VariantProfile>> = {
  'docker-0.8': {
    userAgent: 'docker/0.8.1 go/go1.2 git-commit/a1598d1 kernel/3.11.0-15-generic os/linux arch/amd64',
    pingUserAgent: GO_DEFAULT_USER_AGENT,
    probesV2: false,
    requiresToken: true,
    checksFirst: false,
    singleTagGet: false,
    sendsPayloadChecksum: false,
  },
  'docker-1.3': {
    userAgent: 'docker/1.3.2 go/go1.3.3 git-commit/39fa2fa kernel/3.16.0-4-amd64 os/linux arch/amd64',
    pingUserAgent: GO_DEFAULT_USER_AGENT,
    probesV2: false,
    requiresToken: true,
    checksFirst: false,
    singleTagGet: false,
    sendsPayloadChecksum: true,
  },
  'docker-1.5': {
    userAgent: 'docker/1.5.0 go/go1.4.1 git-commit/a8a31ef kernel/3.16.0 os/linux arch/amd64',
    pingUserAgent: 'docker/1.5.0 go/go1.4.1 git-commit/a8a31ef kernel/3.16.0 os/linux arch/amd64',
    probesV2: true,
    requiresToken: true,
    checksFirst: true,
    singleTagGet: false,
    sendsPayloadChecksum: true,
  },
  // docker 1.8/1.9's V1 code path (pull_v1/push_v1), which they take once their V2 endpoint has
  // failed: against Janus a real 1.9 speaks V2, so the probe is not part of this profile
  'docker-1.9': {
    userAgent: 'docker/1.9.1 go/go1.4.3 git-commit/a34a1d5 kernel/4.2.0-27-generic os/linux arch/amd64',
    pingUserAgent: 'docker/1.9.1 go/go1.4.3 git-commit/a34a1d5 kernel/4.2.0-27-generic os/linux arch/amd64',
    probesV2: false,
    requiresToken: false,
    checksFirst: true,
    singleTagGet: true,
    sendsPayloadChecksum: true,
  },
};

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface V1ClientOptions {
  /** Basic credentials, sent on index calls (X-Docker-Token: true) */
  readonly credentials?: { readonly username: string; readonly password: string };
}

export interface PushResult {
  readonly pushed: string[];
  readonly skipped: string[];
}

export interface PullResult {
  /** the tagged image's ancestry, newest first, as the registry returned it */
  readonly ids: string[];
  readonly images: Map<string, { json: Buffer; layer: Buffer; size?: number }>;
}

export class V1ClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
    this.name = 'V1ClientError';
  }
}

interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const LAYER_CHUNK = 32 * 1024;
const PARALLEL_CHECKS = 5;

export class V1Client {
  readonly requests: RecordedRequest[] = [];
  readonly messages: string[] = [];
  private readonly profile: VariantProfile;
  private readonly base: URL;
  /** the X-Docker-Token the index returned, sent back as "Authorization: Token <value>" */
  private token: string | undefined;

  constructor(
    baseUrl: string,
    readonly variant: DockerVariant,
    private readonly options: V1ClientOptions = {},
  ) {
    this.profile = VARIANTS[variant];
    this.base = new URL(baseUrl);
  }

  /** `docker push <host>/<repo>:<tag>`; images base first, the tag goes on the last */
  async push(repo: string, images: readonly V1TestImage[], tag = 'latest'): Promise<PushResult> {
    await this.discover();
    const top = images[images.length - 1];
    if (!top) throw new V1ClientError('nothing to push');
    const imageList = images.map((image) => (image === top ? { id: image.id, Tag: tag } : { id: image.id }));
    const repoPut = await this.send('PUT', `/v1/repositories/${repo}/`, {
      headers: this.indexHeaders({ 'Content-Type': 'application/json' }),
      body: Buffer.from(JSON.stringify(imageList)),
    });
    if (repoPut.status !== 200 && repoPut.status !== 201) throw this.failure('Error: Status %d trying to push repository', repoPut);
    this.rememberToken(repoPut, true);
    const endpoints = this.endpointsOf(repoPut, true);

    const result: PushResult = { pushed: [], skipped: [] };
    for (const endpoint of endpoints) {
      const existing = this.profile.checksFirst ? await this.checkAll(endpoint, images) : undefined;
      for (const image of images) {
        const exists = existing ? existing.has(image.id) : await this.imageExists(endpoint, image.id);
        if (exists || !(await this.pushImage(endpoint, image))) {
          this.messages.push(`Image ${image.id.slice(0, 12)} already pushed, skipping`);
          result.skipped.push(image.id);
        } else {
          result.pushed.push(image.id);
        }
        if (image === top) await this.pushTag(endpoint, repo, image.id, tag);
      }
    }

    const imagesPut = await this.send('PUT', `/v1/repositories/${repo}/images`, {
      headers: this.indexHeaders({ 'Content-Type': 'application/json', 'X-Docker-Endpoints': endpoints.map((e) => e.host).join(', ') }),
      body: Buffer.from('[]'),
    });
    if (imagesPut.status !== 204) throw this.failure('Error: Status %d trying to push checksums', imagesPut);
    return result;
  }

  /** `docker pull <host>/<repo>:<tag>` into an empty daemon */
  async pull(repo: string, tag = 'latest'): Promise<PullResult> {
    await this.discover();
    const list = await this.send('GET', `/v1/repositories/${repo}/images`, { headers: this.indexHeaders({}) });
    if (list.status === 404) throw this.failure(`Error: image ${repo} not found (%d)`, list);
    if (list.status === 401) throw this.failure('Error: login required (%d)', list);
    if (list.status !== 200) throw this.failure('Error: Status %d trying to pull repository', list);
    this.rememberToken(list, false);
    const [endpoint] = this.endpointsOf(list, false);
    const tagPath = `/v1/repositories/${qualified(repo)}/tags`;

    let id: string;
    if (this.profile.singleTagGet) {
      const answer = await this.send('GET', `${tagPath}/${tag}`, { headers: this.registryHeaders({}) }, endpoint);
      if (answer.status !== 200) throw this.failure(`Error: tag ${tag} not found (%d)`, answer);
      id = JSON.parse(answer.body.toString('utf8')) as string;
    } else {
      const answer = await this.send('GET', tagPath, { headers: this.registryHeaders({}) }, endpoint);
      if (answer.status !== 200) throw this.failure(`Error: repository ${repo} not found (%d)`, answer);
      const tags = JSON.parse(answer.body.toString('utf8')) as Record<string, string>;
      if (!tags[tag]) throw new V1ClientError(`Tag ${tag} not found in repository ${repo}`);
      id = tags[tag];
    }

    const ancestry = await this.send('GET', `/v1/images/${id}/ancestry`, { headers: this.registryHeaders({}) }, endpoint);
    if (ancestry.status !== 200) throw this.failure('Error: Status %d getting ancestry', ancestry);
    const ids = JSON.parse(ancestry.body.toString('utf8')) as string[];
    const images = new Map<string, { json: Buffer; layer: Buffer; size?: number }>();
    for (const ancestor of [...ids].reverse()) {
      const json = await this.send('GET', `/v1/images/${ancestor}/json`, { headers: this.registryHeaders({}) }, endpoint);
      if (json.status !== 200) throw this.failure(`Error: Status %d getting json of ${ancestor}`, json);
      const layer = await this.send('GET', `/v1/images/${ancestor}/layer`, { headers: this.registryHeaders({}) }, endpoint);
      if (layer.status !== 200) throw this.failure(`Error: Status %d getting layer of ${ancestor}`, layer);
      const size = json.headers['x-docker-size'];
      images.set(ancestor, { json: json.body, layer: layer.body, size: typeof size === 'string' ? Number(size) : undefined });
    }
    if (this.variant === 'docker-1.9') this.messages.push('this image was pulled from a legacy registry');
    return { ids, images };
  }

  /** §9.1: the /v2/ probe (1.5+) must not find registry/2.0, then /v1/_ping */
  private async discover(): Promise<void> {
    if (this.profile.probesV2) {
      const probe = await this.send('GET', '/v2/', { headers: { 'User-Agent': this.profile.pingUserAgent } });
      const version = String(probe.headers['docker-distribution-api-version'] ?? '');
      if (version.includes('registry/2.0') && (probe.status === 200 || probe.status === 401)) {
        throw new V1ClientError('the registry answered /v2/ as a V2 registry; this client speaks V1 only', probe.status);
      }
    }
    await this.send('GET', '/v1/_ping', { headers: { 'User-Agent': this.profile.pingUserAgent } });
  }

  private async checkAll(endpoint: URL, images: readonly V1TestImage[]): Promise<Set<string>> {
    const existing = new Set<string>();
    const queue = [...images];
    const worker = async (): Promise<void> => {
      for (let image = queue.shift(); image; image = queue.shift()) {
        if (await this.imageExists(endpoint, image.id)) existing.add(image.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CHECKS, images.length) }, worker));
    return existing;
  }

  private async imageExists(endpoint: URL, id: string): Promise<boolean> {
    const answer = await this.send('GET', `/v1/images/${id}/json`, { headers: this.registryHeaders({}) }, endpoint);
    return answer.status === 200;
  }

  /** json, layer, checksum; false when the registry says the image already exists */
  private async pushImage(endpoint: URL, image: V1TestImage): Promise<boolean> {
    const json = await this.send('PUT', `/v1/images/${image.id}/json`, {
      headers: this.registryHeaders({ 'Content-Type': 'application/json' }),
      body: image.json,
    }, endpoint);
    if (json.status !== 200) {
      if (errorText(json) === 'Image already exists') return false;
      throw this.failure(`Error: Status %d trying to push json of ${image.id}`, json);
    }
    const layer = await this.send('PUT', `/v1/images/${image.id}/layer`, {
      headers: this.registryHeaders({ 'Content-Type': 'application/octet-stream' }),
      body: image.layer,
      chunked: true,
    }, endpoint);
    if (layer.status !== 200) throw this.failure(`Error: Status %d trying to push layer of ${image.id}`, layer);
    const checksumHeaders: Record<string, string> = { 'X-Docker-Checksum': image.tarsum };
    if (this.profile.sendsPayloadChecksum) checksumHeaders['X-Docker-Checksum-Payload'] = image.payloadChecksum;
    const checksum = await this.send('PUT', `/v1/images/${image.id}/checksum`, { headers: this.registryHeaders(checksumHeaders) }, endpoint);
    if (checksum.status !== 200) {
      if (errorText(checksum) === 'Image already exists') return false;
      throw this.failure(`Error: Status %d trying to push checksum of ${image.id}`, checksum);
    }
    return true;
  }

  private async pushTag(endpoint: URL, repo: string, id: string, tag: string): Promise<void> {
    const answer = await this.send('PUT', `/v1/repositories/${qualified(repo)}/tags/${tag}`, {
      headers: this.registryHeaders({ 'Content-Type': 'application/json' }),
      body: Buffer.from(JSON.stringify(id)),
    }, endpoint);
    if (answer.status !== 200 && answer.status !== 201) throw this.failure(`Error: Status %d trying to push tag ${tag}`, answer);
  }

  private indexHeaders(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { 'User-Agent': this.profile.userAgent, 'X-Docker-Token': 'true', ...extra };
    const { credentials } = this.options;
    if (credentials) headers.Authorization = 'Basic ' + Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    return headers;
  }

  private registryHeaders(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { 'User-Agent': this.profile.userAgent, ...extra };
    if (this.token) headers.Authorization = `Token ${this.token}`;
    return headers;
  }

  private rememberToken(answer: Response, onPush: boolean): void {
    const token = answer.headers['x-docker-token'];
    if (typeof token === 'string' && token !== '') this.token = token;
    else if (onPush && this.profile.requiresToken) throw new V1ClientError("Index response didn't contain an access token", answer.status);
  }

  /** X-Docker-Endpoints is host[:port] without scheme; the index's scheme is reused */
  private endpointsOf(answer: Response, required: boolean): URL[] {
    const header = answer.headers['x-docker-endpoints'];
    const value = Array.isArray(header) ? header.join(',') : header;
    if (!value) {
      if (required) throw new V1ClientError("Index response didn't contain any endpoints", answer.status);
      return [this.base];
    }
    return value.split(',').map((host) => new URL(`${this.base.protocol}//${host.trim()}`));
  }

  private failure(template: string, answer: Response): V1ClientError {
    return new V1ClientError(template.replace('%d', String(answer.status)), answer.status, answer.body.toString('utf8'));
  }

  private send(
    method: string,
    path: string,
    init: { headers: Record<string, string>; body?: Buffer; chunked?: boolean },
    endpoint: URL = this.base,
  ): Promise<Response> {
    const url = new URL(path, endpoint);
    const headers = { ...init.headers };
    if (init.body && init.chunked) headers['Transfer-Encoding'] = 'chunked';
    else if (init.body) headers['Content-Length'] = String(init.body.length);
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          this.requests.push({ method, path: url.pathname + url.search, status, headers });
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.on('error', reject);
      if (init.body && init.chunked) writeChunked(req, init.body);
      else req.end(init.body);
    });
  }
}

/** streams the body in pieces, waiting for drain, like docker's io.Copy into the request */
export function writeChunked(req: ReturnType<typeof request>, body: Buffer): void {
  let offset = 0;
  const writeMore = (): void => {
    while (offset < body.length) {
      const piece = body.subarray(offset, offset + LAYER_CHUNK);
      offset += piece.length;
      if (!req.write(piece)) return void req.once('drain', writeMore);
    }
    req.end();
  };
  writeMore();
}

/** tag and tags calls add library/ to a name without a namespace */
export function qualified(repo: string): string {
  return repo.includes('/') ? repo : `library/${repo}`;
}

function errorText(answer: Response): string | undefined {
  try {
    const parsed = JSON.parse(answer.body.toString('utf8')) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}
