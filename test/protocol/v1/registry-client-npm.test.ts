/**
 * Joyent's docker-registry-client (npm) V1 client against Janus: ping, search, tags, ancestry,
 * image JSON and layer streams, for images pushed by a scripted Docker V1 client and for a
 * schema2 image pushed over V2 (seen through its derived V1 view). No request may get a 5xx.
 */
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { StatusRecorder } from '../helpers/status-recorder';
import { V1Client } from '../helpers/v1-client';
import { buildImageChain, type V1TestImage } from '../helpers/v1-images';
import { startTestRegistry, type TestRegistry } from '../../helpers/test-registry';
import { GuardedHttp, recordClientRequests } from './guarded-http';
import { makeSchema2Image, pushSchema2Image, type PushedSchema2Image } from './schema2-push';

/** the parts of docker-registry-client's RegistryClientV1 these tests use (the package has no types) */
interface RestResponse extends IncomingMessage {
  readonly body?: string;
}
type Done<T> = (err: (Error & { statusCode?: number }) | null, result: T, res: RestResponse) => void;
interface RegistryClientV1 {
  ping(cb: Done<unknown>): void;
  search(opts: { term: string }, cb: Done<SearchAnswer>): void;
  listRepoTags(cb: Done<Record<string, string>>): void;
  getImgId(opts: { tag: string }, cb: Done<string>): void;
  getImgAncestry(opts: { imgId: string }, cb: Done<string[]>): void;
  getImgJson(opts: { imgId: string }, cb: Done<Record<string, unknown>>): void;
  getImgLayerStream(opts: { imgId: string }, cb: (err: Error | null, stream: IncomingMessage) => void): void;
  close(): void;
  _request(opts: { path?: string; method?: string }, cb: (err: unknown, req: unknown, res?: IncomingMessage, body?: unknown) => void): void;
}
interface SearchAnswer {
  readonly query: string;
  readonly num_results: number;
  readonly results: ReadonlyArray<{ readonly name: string }>;
}
interface DockerRegistryClientModule {
  createClientV1(opts: { name: string; insecure: boolean; log: unknown }): RegistryClientV1;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const drc = require('docker-registry-client') as DockerRegistryClientModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bunyan = require('bunyan') as { createLogger(opts: { name: string; level: string }): unknown };
const log = bunyan.createLogger({ name: 'janus-v1-npm-client', level: 'fatal' });

function call<T>(invoke: (cb: Done<T>) => void): Promise<{ result: T; res: RestResponse }> {
  return new Promise((resolve, reject) => invoke((err, result, res) => (err ? reject(err) : resolve({ result, res }))));
}

function readStream(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.resume();
  });
}

describe('docker-registry-client (npm) V1 client against Janus', () => {
  let registry: TestRegistry;
  let http: GuardedHttp;
  const recorder = new StatusRecorder();
  const scripted: V1Client[] = [];
  const npmClients: RegistryClientV1[] = [];
  let chain: V1TestImage[];
  let v2Image: PushedSchema2Image;

  /** a client for <host>/<repo>; every request it makes is recorded for the 5xx check */
  function v1Client(repo: string): RegistryClientV1 {
    const client = drc.createClientV1({ name: `${new URL(registry.url).host}/${repo}`, insecure: true, log });
    const request = client._request.bind(client);
    client._request = (opts, cb) =>
      request(opts, (err, req, res, body) => {
        if (res?.statusCode) recorder.record(opts.method ?? 'GET', opts.path ?? '?', res.statusCode);
        cb(err, req, res, body);
      });
    npmClients.push(client);
    return client;
  }

  async function layerOf(client: RegistryClientV1, imgId: string): Promise<{ status: number; headers: IncomingMessage['headers']; bytes: Buffer }> {
    const stream = await new Promise<IncomingMessage>((resolve, reject) =>
      client.getImgLayerStream({ imgId }, (err, res) => (err ? reject(err) : resolve(res))),
    );
    recorder.record('GET', `/v1/images/${imgId}/layer`, stream.statusCode ?? 0);
    return { status: stream.statusCode ?? 0, headers: stream.headers, bytes: await readStream(stream) };
  }

  beforeAll(async () => {
    registry = await startTestRegistry({ search: true });
    http = new GuardedHttp(registry.url, recorder);
    chain = await buildImageChain({ length: 3, format: ['tar', 'gzip', 'xz'] });
    const pusher = new V1Client(registry.url, 'docker-1.3');
    scripted.push(pusher);
    await pusher.push('npm/scripted', chain);
    v2Image = await makeSchema2Image(2);
    await pushSchema2Image(http, 'npm/fromv2', 'latest', v2Image);
  });
  afterAll(async () => {
    for (const client of npmClients) client.close();
    await registry.stop();
  });
  afterEach(() => {
    recordClientRequests(recorder, scripted);
    recorder.assertNoServerErrors();
  });

  test('ping answers {} and says the registry is standalone', async () => {
    const { result, res } = await call<unknown>((cb) => v1Client('npm/scripted').ping(cb));
    expect(res.statusCode).toBe(200);
    expect(result).toEqual({});
    expect(res.headers['x-docker-registry-standalone']).toBe('True');
  });

  test('search finds the V1-pushed and the V2-pushed repository', async () => {
    const { result } = await call<SearchAnswer>((cb) => v1Client('npm/scripted').search({ term: 'npm/' }, cb));
    expect(result.query).toBe('npm/');
    expect(result.results.map((hit) => hit.name).sort()).toEqual(['npm/fromv2', 'npm/scripted']);
    expect(result.num_results).toBe(2);
  });

  describe('an image chain pushed by a scripted docker 1.3', () => {
    test('listRepoTags and getImgId give the top image', async () => {
      const top = chain[2]!;
      const client = v1Client('npm/scripted');
      expect((await call<Record<string, string>>((cb) => client.listRepoTags(cb))).result).toEqual({ latest: top.id });
      expect((await call<string>((cb) => client.getImgId({ tag: 'latest' }, cb))).result).toBe(top.id);
    });

    test('getImgAncestry lists the chain newest first', async () => {
      const { result } = await call<string[]>((cb) => v1Client('npm/scripted').getImgAncestry({ imgId: chain[2]!.id }, cb));
      expect(result).toEqual([chain[2]!.id, chain[1]!.id, chain[0]!.id]);
    });

    test('getImgJson returns the pushed JSON byte for byte, with X-Docker-Size', async () => {
      const client = v1Client('npm/scripted');
      for (const image of chain) {
        const { result, res } = await call<Record<string, unknown>>((cb) => client.getImgJson({ imgId: image.id }, cb));
        expect(res.body).toBe(image.json.toString('utf8'));
        expect(result.id).toBe(image.id);
        expect(res.headers['x-docker-size']).toBe(String(image.layer.length));
      }
    });

    test('getImgLayerStream streams every layer (plain, gzip, xz) byte-identical', async () => {
      const client = v1Client('npm/scripted');
      for (const image of chain) {
        const layer = await layerOf(client, image.id);
        expect(layer.status).toBe(200);
        expect(layer.bytes.equals(image.layer)).toBe(true);
      }
    });
  });

  describe('a schema2 image pushed over V2', () => {
    test('listRepoTags shows the tag, and its image is the top of the ancestry', async () => {
      const client = v1Client('npm/fromv2');
      const tags = (await call<Record<string, string>>((cb) => client.listRepoTags(cb))).result;
      expect(Object.keys(tags)).toEqual(['latest']);
      expect(tags.latest).toMatch(/^[0-9a-f]{64}$/);
      const ancestry = (await call<string[]>((cb) => client.getImgAncestry({ imgId: tags.latest! }, cb))).result;
      // two layers and one empty_layer history entry between them: three V1 images
      expect(ancestry).toHaveLength(3);
      expect(ancestry[0]).toBe(tags.latest);
      expect(new Set(ancestry).size).toBe(3);
    });

    test('getImgJson links each image to the next in the ancestry; the top carries the config', async () => {
      const client = v1Client('npm/fromv2');
      const top = (await call<string>((cb) => client.getImgId({ tag: 'latest' }, cb))).result;
      const ancestry = (await call<string[]>((cb) => client.getImgAncestry({ imgId: top }, cb))).result;
      const config = JSON.parse(v2Image.config.bytes.toString('utf8')) as { config: unknown };
      for (const [position, id] of ancestry.entries()) {
        const first = await call<Record<string, unknown>>((cb) => client.getImgJson({ imgId: id }, cb));
        const again = await call<Record<string, unknown>>((cb) => client.getImgJson({ imgId: id }, cb));
        expect(first.res.body).toBe(again.res.body);
        expect(first.result.id).toBe(id);
        expect(first.result.parent).toBe(ancestry[position + 1]);
        if (position === 0) {
          expect(first.result).toMatchObject({ architecture: 'amd64', os: 'linux', config: config.config });
        }
      }
    });

    test('getImgLayerStream serves the V2 blobs byte-identical (and the empty layer as an empty tar)', async () => {
      const client = v1Client('npm/fromv2');
      const top = (await call<string>((cb) => client.getImgId({ tag: 'latest' }, cb))).result;
      const [topId, emptyId, baseId] = (await call<string[]>((cb) => client.getImgAncestry({ imgId: top }, cb))).result as [string, string, string];
      const base = await layerOf(client, baseId);
      expect(base.status).toBe(200);
      expect(base.bytes.equals(v2Image.layers[0]!.blob.bytes)).toBe(true);
      const upper = await layerOf(client, topId);
      expect(upper.status).toBe(200);
      expect(upper.bytes.equals(v2Image.layers[1]!.blob.bytes)).toBe(true);
      const empty = await layerOf(client, emptyId);
      expect(empty.status).toBe(200);
      expect(gunzipSync(empty.bytes).equals(Buffer.alloc(1024))).toBe(true);
      const baseJson = await call<Record<string, unknown>>((cb) => client.getImgJson({ imgId: baseId }, cb));
      expect(baseJson.res.headers['x-docker-size']).toBe(String(v2Image.layers[0]!.blob.size));
    });

    test('a scripted docker 1.5 pulls the V2-pushed image over V1', async () => {
      const puller = new V1Client(registry.url, 'docker-1.5');
      scripted.push(puller);
      const pulled = await puller.pull('npm/fromv2');
      expect(pulled.ids).toHaveLength(3);
      const layers = [...pulled.ids].reverse().map((id) => pulled.images.get(id)!.layer);
      expect(layers[0]!.equals(v2Image.layers[0]!.blob.bytes)).toBe(true);
      expect(layers[2]!.equals(v2Image.layers[1]!.blob.bytes)).toBe(true);
    });
  });
});
