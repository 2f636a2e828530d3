/**
 * docker-registry's mode switches (v1-protocol.md §2.6, §2.7, §10.1) on Janus:
 *  - standalone off with disable_token_auth: no index emulation, image and tag routes open;
 *  - standalone off with token auth: every image/tag request needs a Token the index confirms.
 * No request may get a 5xx.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StatusRecorder } from '../helpers/status-recorder';
import { V1Client, V1ClientError } from '../helpers/v1-client';
import { buildImageChain, type V1TestImage } from '../helpers/v1-images';
import { startTestRegistry, type TestRegistry } from '../../helpers/test-registry';
import { GuardedHttp, recordClientRequests, type HttpAnswer } from './guarded-http';
import { makeSchema2Image, pushSchema2Image, type PushedSchema2Image } from './schema2-push';

const DOCKER_UA = 'docker/1.3.2 go/go1.3.3 git-commit/39fa2fa kernel/3.16.0-4-amd64 os/linux arch/amd64';

/** the index-emulation requests of §2.4, none of which may exist without standalone */
const INDEX_ROUTES: ReadonlyArray<readonly [method: string, path: string, body: string | undefined]> = [
  ['PUT', '/v1/repositories/modes/app/', '[]'],
  ['PUT', '/v1/repositories/modes/app', '[]'],
  ['GET', '/v1/repositories/modes/app/images', undefined],
  ['PUT', '/v1/repositories/modes/app/images', '[]'],
  ['DELETE', '/v1/repositories/modes/app/images', undefined],
  ['PUT', '/v1/repositories/modes/app/auth', undefined],
  ['GET', '/v1/users', undefined],
  ['GET', '/v1/users/', undefined],
  ['POST', '/v1/users/', '{}'],
  ['PUT', '/v1/users/someone/', '{}'],
];

function expectAbsentRoute(answer: HttpAnswer): void {
  expect([404, 405]).toContain(answer.status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(typeof (answer.json as { error?: unknown } | undefined)?.error).toBe('string');
}

/** json, chunked layer and checksum PUTs, as docker 1.x sends them */
async function pushImageRaw(http: GuardedHttp, image: V1TestImage, headers: Record<string, string> = {}): Promise<void> {
  const base = { 'User-Agent': DOCKER_UA, ...headers };
  expect((await http.put(`/v1/images/${image.id}/json`, image.json, { ...base, 'Content-Type': 'application/json' })).status).toBe(200);
  const layer = await http.send('PUT', `/v1/images/${image.id}/layer`, {
    headers: { ...base, 'Content-Type': 'application/octet-stream' },
    body: image.layer,
    chunked: true,
  });
  expect(layer.status).toBe(200);
  const checksum = await http.send('PUT', `/v1/images/${image.id}/checksum`, {
    headers: { ...base, 'X-Docker-Checksum': image.tarsum, 'X-Docker-Checksum-Payload': image.payloadChecksum },
  });
  expect(checksum.status).toBe(200);
}

describe('standalone: false, disableTokenAuth: true', () => {
  let registry: TestRegistry;
  let http: GuardedHttp;
  const recorder = new StatusRecorder();
  const clients: V1Client[] = [];

  beforeAll(async () => {
    registry = await startTestRegistry({ v1: { standalone: false, disableTokenAuth: true } });
    http = new GuardedHttp(registry.url, recorder);
  });
  afterAll(async () => registry.stop());
  afterEach(() => {
    recordClientRequests(recorder, clients);
    recorder.assertNoServerErrors();
  });

  test('ping says X-Docker-Registry-Standalone: False', async () => {
    for (const path of ['/_ping', '/v1/_ping']) {
      const ping = await http.get(path);
      expect(ping.status).toBe(200);
      expect(ping.headers['x-docker-registry-standalone']).toBe('False');
    }
  });

  test.each(INDEX_ROUTES)('index route %s %s is absent: 404 or 405 with a JSON error', async (method, path, body) => {
    expectAbsentRoute(await http.send(method, path, { body, headers: { 'Content-Type': 'application/json', 'X-Docker-Token': 'true' } }));
  });

  test('PUT /v1/repositories/ns/r/ hits the DELETE-only route: 405, so docker reports "Status 405 trying to push repository" (§10.1)', async () => {
    expect((await http.put('/v1/repositories/modes/app/', '[]', { 'Content-Type': 'application/json' })).status).toBe(405);
    const pusher = new V1Client(registry.url, 'docker-1.3');
    clients.push(pusher);
    const error = (await pusher.push('modes/app', await buildImageChain({ length: 1 })).catch((caught: unknown) => caught)) as V1ClientError;
    expect(error).toBeInstanceOf(V1ClientError);
    expect(error.message).toBe('Error: Status 405 trying to push repository');
  });

  test('image and tag routes work without any token', async () => {
    const chain = await buildImageChain({ length: 2, format: 'gzip' });
    for (const image of chain) await pushImageRaw(http, image);
    const [base, top] = chain as [V1TestImage, V1TestImage];
    expect((await http.put('/v1/repositories/modes/open/tags/latest', JSON.stringify(top.id), { 'User-Agent': DOCKER_UA })).status).toBe(200);
    expect((await http.get('/v1/repositories/modes/open/tags')).json).toEqual({ latest: top.id });
    expect((await http.get('/v1/repositories/modes/open/tags/latest')).json).toBe(top.id);
    expect((await http.get(`/v1/images/${top.id}/ancestry`)).json).toEqual([top.id, base.id]);
    const json = await http.get(`/v1/images/${top.id}/json`);
    expect(json.status).toBe(200);
    expect(json.body.equals(top.json)).toBe(true);
    const layer = await http.get(`/v1/images/${base.id}/layer`);
    expect(layer.status).toBe(200);
    expect(layer.body.equals(base.layer)).toBe(true);
    expect((await http.send('DELETE', '/v1/repositories/modes/open/tags/latest')).status).toBe(200);
    expect((await http.get('/v1/repositories/modes/open/tags/latest')).status).toBe(404);
  });
});

/** index.docker.io stand-in: confirms exactly `Token signature=good,repository="<ns>/<repo>",access=read` */
interface FakeIndex {
  readonly url: string;
  readonly asked: Array<{ readonly path: string; readonly authorization?: string }>;
  close(): Promise<void>;
}

async function startFakeIndex(): Promise<FakeIndex> {
  const asked: FakeIndex['asked'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = req.url ?? '';
    asked.push({ path, authorization: req.headers.authorization });
    const match = /^\/v1\/repositories\/([^/]+)\/([^/]+)\/images$/.exec(path);
    const accepted = match && req.method === 'GET' && req.headers.authorization === `Token signature=good,repository="${match[1]}/${match[2]}",access=read`;
    res.writeHead(accepted ? 200 : 401, { 'Content-Type': 'application/json' });
    res.end(accepted ? '[]' : '{"error":"Requires authorization"}');
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function token(signature: string, repository: string, access: string): Record<string, string> {
  return { Authorization: `Token signature=${signature},repository="${repository}",access=${access}` };
}

describe('standalone: false, token auth against an index', () => {
  let index: FakeIndex;
  let registry: TestRegistry;
  let http: GuardedHttp;
  const recorder = new StatusRecorder();
  const image: { pushed?: PushedSchema2Image; id?: string } = {};
  const readToken = token('good', 'tok/repo', 'read');

  beforeAll(async () => {
    index = await startFakeIndex();
    registry = await startTestRegistry({ v1: { standalone: false, disableTokenAuth: false, indexEndpoint: index.url } });
    http = new GuardedHttp(registry.url, recorder);
    // content arrives over V2, which the V1 token check does not guard
    image.pushed = await makeSchema2Image(1);
    await pushSchema2Image(http, 'tok/repo', 'latest', image.pushed);
    await pushSchema2Image(http, 'tok/other', 'latest', await makeSchema2Image(1));
    const tags = await http.get('/v1/repositories/tok/repo/tags', readToken);
    image.id = (tags.json as Record<string, string>).latest;
  });
  afterAll(async () => {
    await registry.stop();
    await index.close();
  });
  afterEach(() => recorder.assertNoServerErrors());

  test('ping stays open and says X-Docker-Registry-Standalone: False', async () => {
    for (const path of ['/_ping', '/v1/_ping']) {
      const ping = await http.get(path);
      expect(ping.status).toBe(200);
      expect(ping.headers['x-docker-registry-standalone']).toBe('False');
    }
  });

  test('without a token: 401 {"error":"Requires authorization"} with WWW-Authenticate: Token', async () => {
    const requests: Array<[string, string, string?]> = [
      ['GET', '/v1/repositories/tok/repo/tags'],
      ['GET', '/v1/repositories/tok/repo/tags/latest'],
      ['GET', `/v1/images/${image.id}/json`],
      ['GET', `/v1/images/${image.id}/ancestry`],
      ['GET', `/v1/images/${image.id}/layer`],
      ['PUT', `/v1/repositories/tok/repo/tags/latest`, JSON.stringify(image.id)],
      ['PUT', `/v1/images/${'a'.repeat(64)}/json`, JSON.stringify({ id: 'a'.repeat(64) })],
    ];
    for (const [method, path, body] of requests) {
      const answer = await http.send(method, path, { body });
      expect({ method, path, status: answer.status, json: answer.json }).toEqual({ method, path, status: 401, json: { error: 'Requires authorization' } });
      expect(answer.headers['www-authenticate']).toBe('Token');
    }
  });

  test('a Basic header is not a token: 401', async () => {
    const answer = await http.get('/v1/repositories/tok/repo/tags', { Authorization: 'Basic ' + Buffer.from('u:p').toString('base64') });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Token');
  });

  test('a token for another repository: 401, even one the index would confirm', async () => {
    const answer = await http.get('/v1/repositories/tok/repo/tags', token('good', 'tok/other', 'read'));
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: 'Requires authorization' });
    expect(answer.headers['www-authenticate']).toBe('Token');
  });

  test('a token the index refuses: 401', async () => {
    const answer = await http.get('/v1/repositories/tok/repo/tags', token('forged', 'tok/repo', 'read'));
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: 'Requires authorization' });
    expect(index.asked.some((q) => q.authorization === 'Token signature=forged,repository="tok/repo",access=read')).toBe(true);
  });

  test('a read token does not allow a write (tag PUT): 401', async () => {
    const answer = await http.put('/v1/repositories/tok/repo/tags/other', JSON.stringify(image.id), readToken);
    expect(answer.status).toBe(401);
  });

  test('the accepted token reads tags, image json, ancestry and layer; the index saw the same header', async () => {
    expect((await http.get('/v1/repositories/tok/repo/tags', readToken)).json).toEqual({ latest: image.id });
    const tag = await http.get('/v1/repositories/tok/repo/tags/latest', readToken);
    expect(tag.status).toBe(200);
    expect(tag.json).toBe(image.id);
    const json = await http.get(`/v1/images/${image.id}/json`, readToken);
    expect(json.status).toBe(200);
    expect((json.json as { id: string }).id).toBe(image.id);
    expect((await http.get(`/v1/images/${image.id}/ancestry`, readToken)).json).toEqual([image.id]);
    const layer = await http.get(`/v1/images/${image.id}/layer`, readToken);
    expect(layer.status).toBe(200);
    expect(layer.body.equals(image.pushed!.layers[0]!.blob.bytes)).toBe(true);
    expect(index.asked).toContainEqual({ path: '/v1/repositories/tok/repo/images', authorization: readToken.Authorization });
  });

  test.each(INDEX_ROUTES)('index route %s %s is absent here too: 404 or 405 (or 401), never 5xx', async (method, path, body) => {
    const answer = await http.send(method, path, { body, headers: { 'Content-Type': 'application/json', ...readToken } });
    expect([401, 404, 405]).toContain(answer.status);
    expect(typeof (answer.json as { error?: unknown } | undefined)?.error).toBe('string');
  });
});

describe('token auth with an index that cannot be reached', () => {
  test('a token gets 401, not a server error', async () => {
    const recorder = new StatusRecorder();
    const registry = await startTestRegistry({ v1: { standalone: false, disableTokenAuth: false, indexEndpoint: 'http://127.0.0.1:9' } });
    try {
      const http = new GuardedHttp(registry.url, recorder);
      const answer = await http.get('/v1/repositories/tok/repo/tags', token('good', 'tok/repo', 'read'));
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'Requires authorization' });
      recorder.assertNoServerErrors();
    } finally {
      await registry.stop();
    }
  });
});
