/**
 * V1 pushes that go wrong the way networks and parallel clients make them go wrong: a client
 * that disconnects in the middle of a layer PUT, and two clients pushing the same image ids at
 * the same time. Whatever happens, no request gets a 5xx and the image ends up whole.
 */
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { StatusRecorder } from '../helpers/status-recorder';
import { V1Client, V1ClientError, type DockerVariant } from '../helpers/v1-client';
import { buildImageChain, type V1TestImage } from '../helpers/v1-images';
import { startTestRegistry, type TestRegistry } from '../../helpers/test-registry';
import { GuardedHttp, recordClientRequests, type HttpAnswer } from './guarded-http';

const DOCKER_UA = 'docker/1.3.2 go/go1.3.3 git-commit/39fa2fa kernel/3.16.0-4-amd64 os/linux arch/amd64';
const UPLOADING = { error: 'Image is being uploaded, retry later' };

/** starts a chunked layer PUT, sends `bytes` of the layer, then drops the connection; any early answer's status */
async function abandonLayerPut(baseUrl: string, image: V1TestImage, bytes: number): Promise<number | undefined> {
  const req = request(new URL(`/v1/images/${image.id}/layer`, baseUrl), {
    method: 'PUT',
    headers: { 'User-Agent': DOCKER_UA, 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' },
  });
  let answered: number | undefined;
  const settled = new Promise<void>((resolve) => {
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.on('response', (res) => {
      answered = res.statusCode;
      res.resume();
      resolve();
    });
  });
  for (let offset = 0; offset < bytes; offset += 64 * 1024) {
    if (!req.write(image.layer.subarray(offset, Math.min(offset + 64 * 1024, bytes)))) await new Promise((resolve) => req.once('drain', resolve));
  }
  await sleep(100);
  req.destroy();
  await settled;
  // give the server time to see the broken stream
  await sleep(200);
  return answered;
}

/** the registry holds exactly this chain: json bytes, layer bytes, size, payload checksum, ancestry */
async function expectStoredChain(http: GuardedHttp, chain: readonly V1TestImage[]): Promise<void> {
  for (const [position, image] of chain.entries()) {
    const json = await http.get(`/v1/images/${image.id}/json`);
    expect(json.status).toBe(200);
    expect(json.body.equals(image.json)).toBe(true);
    expect(json.headers['x-docker-size']).toBe(String(image.layer.length));
    expect(json.headers['x-docker-checksum-payload']).toBe(image.payloadChecksum);
    const layer = await http.get(`/v1/images/${image.id}/layer`);
    expect(layer.status).toBe(200);
    expect(layer.body.equals(image.layer)).toBe(true);
    expect((await http.get(`/v1/images/${image.id}/ancestry`)).json).toEqual(chain.slice(0, position + 1).map((i) => i.id).reverse());
  }
}

/** a push that may lose a race: only a V1ClientError with a 4xx status is an acceptable loss */
async function pushAllowingLostRace(client: V1Client, repo: string, chain: readonly V1TestImage[]): Promise<'done' | 'lost'> {
  try {
    await client.push(repo, chain);
    return 'done';
  } catch (error) {
    if (error instanceof V1ClientError && error.status !== undefined && error.status >= 400 && error.status < 500) return 'lost';
    throw error;
  }
}

describe.each(['inmemory', 'filesystem'] as const)('V1 robustness on %s storage', (storage) => {
  let registry: TestRegistry;
  let http: GuardedHttp;
  const recorder = new StatusRecorder();
  const clients: V1Client[] = [];

  function client(variant: DockerVariant): V1Client {
    const created = new V1Client(registry.url, variant);
    clients.push(created);
    return created;
  }

  beforeAll(async () => {
    registry = await startTestRegistry({ storage });
    http = new GuardedHttp(registry.url, recorder);
  });
  afterAll(async () => registry.stop());
  afterEach(() => {
    recordClientRequests(recorder, clients);
    recorder.assertNoServerErrors();
  });

  test('a disconnect in the middle of a layer PUT leaves the image in progress, and a later push completes it', async () => {
    const chain = await buildImageChain({ length: 2, format: 'tar', contentBytes: 1024 * 1024 });
    const [base, top] = chain as [V1TestImage, V1TestImage];
    expect((await http.put(`/v1/images/${base.id}/json`, base.json, { 'User-Agent': DOCKER_UA })).status).toBe(200);
    expect(await abandonLayerPut(registry.url, base, Math.floor(base.layer.length / 2))).toBeUndefined();

    for (const part of ['json', 'layer', 'ancestry']) {
      const answer = await http.get(`/v1/images/${base.id}/${part}`);
      expect({ part, status: answer.status, json: answer.json }).toEqual({ part, status: 400, json: UPLOADING });
    }
    // the half layer must not complete the image, even with the right checksum
    const early = await http.send('PUT', `/v1/images/${base.id}/checksum`, { headers: { 'X-Docker-Checksum-Payload': base.payloadChecksum } });
    expect(early.status).toBe(400);
    expect((await http.get(`/v1/images/${base.id}/json`)).json).toEqual(UPLOADING);

    const pusher = client('docker-1.3');
    expect(await pusher.push('robust/resumed', chain)).toEqual({ pushed: [base.id, top.id], skipped: [] });
    await expectStoredChain(http, chain);
    const pulled = await client('docker-1.5').pull('robust/resumed');
    expect(pulled.images.get(base.id)!.layer.equals(base.layer)).toBe(true);
  });

  test('a disconnect during the re-push of an in-progress image does not spoil the next attempt', async () => {
    const [image] = (await buildImageChain({ length: 1, format: 'gzip', contentBytes: 512 * 1024 })) as [V1TestImage];
    expect((await http.put(`/v1/images/${image.id}/json`, image.json)).status).toBe(200);
    const layer = await http.send('PUT', `/v1/images/${image.id}/layer`, { body: image.layer, chunked: true });
    expect(layer.status).toBe(200);
    // a second upload of the same layer breaks off; the first one's checksum must still hold or be redone
    expect(await abandonLayerPut(registry.url, image, Math.floor(image.layer.length / 3))).toBeUndefined();
    const pusher = client('docker-1.5');
    expect(await pusher.push('robust/second-try', [image])).toEqual({ pushed: [image.id], skipped: [] });
    await expectStoredChain(http, [image]);
  });

  test('two clients pushing the same image ids at once end with one consistent image', async () => {
    for (let round = 0; round < 4; round++) {
      const chain = await buildImageChain({ length: 3, format: ['tar', 'gzip', 'xz'], contentBytes: 200 * 1024 });
      const repo = `robust/race-${round}`;
      const outcomes = await Promise.all([
        pushAllowingLostRace(client('docker-1.3'), repo, chain),
        pushAllowingLostRace(client('docker-1.5'), repo, chain),
      ]);
      expect(outcomes).toContain('done');
      // a client that lost the race pushes again and now finds everything there
      if (outcomes.includes('lost')) {
        const retry = client('docker-1.3');
        expect((await retry.push(repo, chain)).skipped).toEqual(chain.map((image) => image.id));
      }
      await expectStoredChain(http, chain);
      expect((await http.get(`/v1/repositories/${repo}/tags`)).json).toEqual({ latest: chain[2]!.id });
    }
  });

  test('interleaved raw uploads of one image id: overlapping layer PUTs, then racing checksums', async () => {
    const [image] = (await buildImageChain({ length: 1, format: 'tar', contentBytes: 1024 * 1024 })) as [V1TestImage];
    const jsons = await Promise.all([0, 1].map(() => http.put(`/v1/images/${image.id}/json`, image.json, { 'User-Agent': DOCKER_UA })));
    expect(jsons.map((answer) => answer.status)).toEqual([200, 200]);
    const layers = await Promise.all(
      [0, 1].map(() => http.send('PUT', `/v1/images/${image.id}/layer`, { headers: { 'User-Agent': DOCKER_UA }, body: image.layer, chunked: true })),
    );
    expect(layers.map((answer) => answer.status)).toEqual([200, 200]);
    const checksums: HttpAnswer[] = await Promise.all(
      [0, 1].map(() =>
        http.send('PUT', `/v1/images/${image.id}/checksum`, {
          headers: { 'User-Agent': DOCKER_UA, 'X-Docker-Checksum': image.tarsum, 'X-Docker-Checksum-Payload': image.payloadChecksum },
        }),
      ),
    );
    const statuses = checksums.map((answer) => answer.status).sort();
    expect(statuses[0]).toBe(200);
    // the loser, if any, is told the image is already complete
    if (statuses[1] !== 200) expect(checksums.find((answer) => answer.status !== 200)!.json).toEqual({ error: 'Cannot set this image checksum' });
    await expectStoredChain(http, [image]);
  });
});
