/**
 * A tiny stand-in for docker-registry 0.9.1 in standalone mode, only for checking the scripted
 * client's request sequences: in-memory, statuses and bodies as in v1-protocol.md §2. It
 * records each request with its headers and whether the body came chunked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createLayerInspector, type LayerInspector } from '../../../src/registry/legacy/checksums';

export interface ArrivedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly chunked: boolean;
  readonly bodyLength: number;
}

interface StoredImage {
  json: Buffer;
  layer?: Buffer;
  checksums?: string[];
  inProgress: boolean;
  ancestry: string[];
}

export interface FakeV1RegistryOptions {
  /** answer /v2/ like a V2 registry, to check the clients refuse it */
  readonly v2?: boolean;
  /** py0.7–0.9.0: a checksum PUT without the payload header is checked against the tarsum */
  readonly acceptTarsum?: boolean;
}

export class FakeV1Registry {
  readonly arrived: ArrivedRequest[] = [];
  readonly images = new Map<string, StoredImage>();
  /** "<ns>/<repo>" → tag → id */
  readonly tags = new Map<string, Map<string, string>>();
  readonly indexImages = new Map<string, unknown[]>();
  private server: Server | undefined;

  constructor(private readonly options: FakeV1RegistryOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const chunks: Buffer[] = [];
    const inspector = this.inspectorFor(req.method, path);
    const sink = new Writable({ write: (chunk: Buffer, _encoding, callback) => (chunks.push(chunk), callback()) });
    await (inspector ? pipeline(req, inspector, sink) : pipeline(req, sink));
    const body = Buffer.concat(chunks);
    const answer = this.route(req, path, body, inspector);
    this.arrived.push({
      method: req.method ?? '',
      path,
      status: answer.status,
      headers: req.headers,
      chunked: req.headers['transfer-encoding'] === 'chunked',
      bodyLength: body.length,
    });
    res.writeHead(answer.status, { 'Content-Type': answer.type ?? 'application/json', ...answer.headers });
    res.end(answer.status === 204 ? undefined : answer.body);
  }

  /** checksums are computed while the layer streams in, as the registry does */
  private inspectorFor(method: string | undefined, path: string): LayerInspector | undefined {
    const match = /^\/v1\/images\/([^/]+)\/layer$/.exec(path);
    const image = match ? this.images.get(match[1]!) : undefined;
    return method === 'PUT' && image ? createLayerInspector({ json: image.json }) : undefined;
  }

  private route(req: IncomingMessage, path: string, body: Buffer, inspector?: LayerInspector): Answer {
    const method = req.method;
    if (path === '/v2/' || path === '/v2') {
      return this.options.v2 ? { status: 200, body: '{}', headers: { 'Docker-Distribution-API-Version': 'registry/2.0' } } : html(404);
    }
    if (path === '/v1/_ping' || path === '/_ping') return { status: 200, body: '{}', headers: { 'X-Docker-Registry-Standalone': 'True' } };

    let match = /^\/v1\/images\/([^/]+)\/(json|layer|checksum|ancestry)$/.exec(path);
    if (match) return this.imageRoute(method, match[1]!, match[2]!, req, body, inspector);

    match = /^\/v1\/repositories\/(.+?)\/tags(?:\/([^/]+))?$/.exec(path);
    if (match) return this.tagRoute(method, repoKey(match[1]!), match[2], body);

    match = /^\/v1\/repositories\/(.+?)\/images$/.exec(path);
    if (match) {
      const key = repoKey(match[1]!);
      if (method === 'PUT') return { status: 204, body: '' };
      if (method === 'GET') {
        const list = this.indexImages.get(key);
        return list ? { status: 200, body: JSON.stringify(list), headers: tokenHeaders(req, key, 'read') } : error(404, 'images not found');
      }
    }
    match = /^\/v1\/repositories\/(.+?)\/?$/.exec(path);
    if (match && method === 'PUT') {
      const key = repoKey(match[1]!);
      this.indexImages.set(key, JSON.parse(body.toString('utf8')) as unknown[]);
      return { status: 200, body: '""', headers: tokenHeaders(req, key, 'write') };
    }
    return html(404);
  }

  private imageRoute(method: string | undefined, id: string, resource: string, req: IncomingMessage, body: Buffer, inspector?: LayerInspector): Answer {
    if (!/^([a-f0-9]{16}|[a-f0-9]{64})$/.test(id)) return error(404, 'Invalid image ID');
    const image = this.images.get(id);
    if (method === 'GET') {
      if (!image) return error(404, 'Image not found');
      if (image.inProgress) return error(400, 'Image is being uploaded, retry later');
      if (resource === 'json') {
        const headers: Record<string, string> = { 'X-Docker-Checksum-Payload': image.checksums![0]! };
        if (image.layer) headers['X-Docker-Size'] = String(image.layer.length);
        return { status: 200, body: image.json, headers };
      }
      if (resource === 'layer') return { status: 200, body: image.layer!, type: 'application/octet-stream' };
      if (resource === 'ancestry') return { status: 200, body: JSON.stringify(image.ancestry) };
      return html(405);
    }
    if (method !== 'PUT') return html(405);
    if (resource === 'json') {
      let parsed: { id?: string; parent?: string };
      try {
        parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
      } catch {
        return error(400, 'Invalid JSON');
      }
      if (parsed.id !== id) return error(400, 'JSON data contains invalid id');
      const parent = parsed.parent ? this.images.get(parsed.parent) : undefined;
      if (parsed.parent && !parent) return error(400, 'Image depends on a non existing parent');
      if (image && !image.inProgress) return error(409, 'Image already exists');
      this.images.set(id, { json: body, inProgress: true, ancestry: [id, ...(parent?.ancestry ?? [])] });
      return { status: 200, body: 'true' };
    }
    if (!image) return error(404, 'Image not found');
    if (resource === 'layer') {
      if (image.layer && !image.inProgress) return error(409, 'Image already exists');
      image.layer = body;
      const { payloadChecksum, tarsum } = inspector!.result();
      image.checksums = [payloadChecksum!, ...(this.options.acceptTarsum && tarsum ? [tarsum] : [])];
      return { status: 200, body: 'true' };
    }
    const sent = req.headers['x-docker-checksum-payload'] ?? (this.options.acceptTarsum ? req.headers['x-docker-checksum'] : undefined);
    if (sent === undefined) {
      return error(412, 'X-Docker-Checksum-Payload not set.  If you are using the Docker daemon, you should upgrade to version 0.10 or later');
    }
    if (!image.inProgress) return error(409, 'Cannot set this image checksum');
    if (!image.checksums?.includes(String(sent))) return error(400, 'Checksum mismatch');
    image.inProgress = false;
    return { status: 200, body: 'true' };
  }

  private tagRoute(method: string | undefined, key: string, tag: string | undefined, body: Buffer): Answer {
    const tags = this.tags.get(key);
    if (method === 'GET' && tag === undefined) {
      return tags ? { status: 200, body: JSON.stringify(Object.fromEntries(tags)) } : error(404, 'Repository not found');
    }
    if (method === 'GET') {
      const id = tags?.get(tag!);
      return id ? { status: 200, body: JSON.stringify(id) } : error(404, 'Tag not found');
    }
    if (method === 'PUT' && tag !== undefined) {
      const id = JSON.parse(body.toString('utf8')) as unknown;
      if (typeof id !== 'string' || id === '') return error(400, 'Invalid data');
      if (!this.images.has(id)) return error(404, 'Image not found');
      if (!this.tags.has(key)) this.tags.set(key, new Map());
      this.tags.get(key)!.set(tag, id);
      return { status: 200, body: 'true' };
    }
    return html(405);
  }
}

interface Answer {
  status: number;
  body: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
}

function error(status: number, message: string): Answer {
  return { status, body: JSON.stringify({ error: message }) };
}

function html(status: number): Answer {
  return { status, body: `<title>${status}</title>`, type: 'text/html' };
}

/** "name" and "library/name" are one repository */
function repoKey(path: string): string {
  return path.includes('/') ? path : `library/${path}`;
}

function tokenHeaders(req: IncomingMessage, key: string, access: string): Record<string, string> {
  const token = `Token signature=ABCDEF0123456789,repository="${key}",access=${access}`;
  return { 'X-Docker-Endpoints': req.headers.host ?? '', 'X-Docker-Token': token, 'WWW-Authenticate': token };
}
