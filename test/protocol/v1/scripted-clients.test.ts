/**
 * Scripted Docker V1 clients (0.8, 1.3, 1.5, 1.9: v1-protocol.md §9) pushing to and pulling from
 * Janus: 3-image chains with plain, gzip and xz layers, re-pushes that skip everything, the
 * library/ namespace, tags sharing a base, and the errors of unknown tags and repositories.
 * No request may get a 5xx.
 */
import { StatusRecorder } from '../helpers/status-recorder';
import { V1Client, V1ClientError, VARIANTS, type DockerVariant, type PullResult } from '../helpers/v1-client';
import {
  buildImageChain,
  buildTar,
  compressLayer,
  imageJson,
  inspectLayer,
  randomImageId,
  type V1LayerFormat,
  type V1TestImage,
} from '../helpers/v1-images';
import { startTestRegistry, type TestRegistry } from '../../helpers/test-registry';
import { GuardedHttp, recordClientRequests } from './guarded-http';

const ALL_VARIANTS: readonly DockerVariant[] = ['docker-0.8', 'docker-1.3', 'docker-1.5', 'docker-1.9'];
const FORMATS: readonly V1LayerFormat[] = ['tar', 'gzip', 'xz'];

/** a namespace per variant: "docker-1.3" → "d13" */
function namespaceOf(variant: DockerVariant): string {
  return 'd' + variant.replace(/\D/g, '');
}

function skipMessage(image: V1TestImage): string {
  return `Image ${image.id.slice(0, 12)} already pushed, skipping`;
}

/** one more image on top of `parent`, built like buildImageChain's */
async function childOf(parent: V1TestImage, index: number, format: V1LayerFormat = 'tar'): Promise<V1TestImage> {
  const tar = await buildTar([{ name: `srv/branch-${index}`, content: Buffer.from(`branch ${index} ${randomImageId()}`) }]);
  const layer = await compressLayer(tar, format);
  const id = randomImageId();
  const json = imageJson(id, parent.id, tar.length, index);
  const inspection = await inspectLayer(layer, json);
  return {
    id,
    parent: parent.id,
    json,
    layer,
    format,
    tar,
    payloadChecksum: inspection.payloadChecksum!,
    tarsum: inspection.tarsum!,
    diffId: inspection.diffId!,
  };
}

/** the pull saw exactly the pushed chain: ancestry newest first, json and layer bytes, X-Docker-Size */
function expectPulledChain(pulled: PullResult, chain: readonly V1TestImage[]): void {
  expect(pulled.ids).toEqual([...chain].reverse().map((image) => image.id));
  for (const image of chain) {
    const got = pulled.images.get(image.id);
    expect(got).toBeDefined();
    expect(got!.json.equals(image.json)).toBe(true);
    expect(got!.layer.equals(image.layer)).toBe(true);
    expect(got!.size).toBe(image.layer.length);
  }
}

describe('scripted Docker V1 clients against Janus', () => {
  let registry: TestRegistry;
  let http: GuardedHttp;
  const recorder = new StatusRecorder();
  const clients: V1Client[] = [];

  function client(variant: DockerVariant): V1Client {
    const created = new V1Client(registry.url, variant);
    clients.push(created);
    return created;
  }

  /** a pull into a fresh client of that variant sees exactly the chain */
  async function expectPull(variant: DockerVariant, repo: string, chain: readonly V1TestImage[], tag = 'latest'): Promise<void> {
    expectPulledChain(await client(variant).pull(repo, tag), chain);
  }

  beforeAll(async () => {
    registry = await startTestRegistry();
    http = new GuardedHttp(registry.url, recorder);
  });
  afterAll(async () => registry.stop());
  afterEach(() => {
    recordClientRequests(recorder, clients);
    recorder.assertNoServerErrors();
  });

  describe('discovery (§9.1)', () => {
    test.each(['docker-1.5'] as const)('%s sees /v2/ without registry/2.0 and falls back to /v1/_ping', async (variant) => {
      const probe = await http.get('/v2/', { 'User-Agent': VARIANTS[variant].pingUserAgent });
      expect(String(probe.headers['docker-distribution-api-version'] ?? '')).not.toContain('registry/2.0');
      const pusher = client(variant);
      const chain = await buildImageChain({ length: 1 });
      await pusher.push(`${namespaceOf(variant)}/discovery`, chain);
      expect(pusher.requests.slice(0, 3).map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /v2/',
        'GET /v1/_ping',
        `PUT /v1/repositories/${namespaceOf(variant)}/discovery/`,
      ]);
    });

    test.each(['docker-0.8', 'docker-1.3'] as const)('%s pings /v1/_ping first with Go’s User-Agent and never asks /v2/', async (variant) => {
      const pusher = client(variant);
      await pusher.push(`${namespaceOf(variant)}/discovery`, await buildImageChain({ length: 1 }));
      expect(pusher.requests[0]).toMatchObject({ method: 'GET', path: '/v1/_ping', status: 200, headers: { 'User-Agent': 'Go 1.1 package http' } });
      expect(pusher.requests.some((r) => r.path.startsWith('/v2/'))).toBe(false);
    });

    test('docker 1.9 is offered V2 (registry/2.0 on /v2/), so its V1 code path runs only as its fallback', async () => {
      const probe = await http.get('/v2/', { 'User-Agent': VARIANTS['docker-1.9'].pingUserAgent });
      expect(probe.status).toBe(200);
      expect(String(probe.headers['docker-distribution-api-version'])).toBe('registry/2.0');
      const pusher = client('docker-1.9');
      await pusher.push('v19/discovery', await buildImageChain({ length: 1 }));
      expect(pusher.requests[0]).toMatchObject({ method: 'GET', path: '/v1/_ping', status: 200 });
    });
  });

  describe('push × pull matrix', () => {
    /** one push per (pusher, format), made by the first test that needs it */
    const pushes = new Map<string, Promise<{ repo: string; chain: V1TestImage[] }>>();

    function pushedChain(pusher: DockerVariant, format: V1LayerFormat): Promise<{ repo: string; chain: V1TestImage[] }> {
      const key = `${pusher}/${format}`;
      if (!pushes.has(key)) pushes.set(key, pushChain(pusher, format));
      return pushes.get(key)!;
    }

    async function pushChain(pusher: DockerVariant, format: V1LayerFormat): Promise<{ repo: string; chain: V1TestImage[] }> {
      const chain = await buildImageChain({ length: 3, format });
      const repo = `${namespaceOf(pusher)}/chain-${format}`;
      const pushing = client(pusher);
      expect(await pushing.push(repo, chain)).toEqual({ pushed: chain.map((image) => image.id), skipped: [] });
      const checksumPuts = pushing.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/checksum'));
      expect(checksumPuts).toHaveLength(3);
      for (const put of checksumPuts) {
        // docker 0.8 sends only the tarsum; 0.9+ add the payload checksum (§5)
        expect(put.headers['X-Docker-Checksum']).toMatch(/^tarsum\+sha256:[0-9a-f]{64}$/);
        expect('X-Docker-Checksum-Payload' in put.headers).toBe(VARIANTS[pusher].sendsPayloadChecksum);
      }
      return { repo, chain };
    }

    const cases = ALL_VARIANTS.flatMap((pusher) => FORMATS.flatMap((format) => ALL_VARIANTS.map((puller) => [pusher, format, puller] as const)));
    test.each(cases)('pushed by %s with %s layers, pulled byte-identical by %s', async (pusher, format, puller) => {
      const { repo, chain } = await pushedChain(pusher, format);
      const pulling = client(puller);
      expectPulledChain(await pulling.pull(repo), chain);
      if (puller === 'docker-1.9') expect(pulling.messages).toContain('this image was pulled from a legacy registry');
    });
  });

  describe.each(ALL_VARIANTS)('%s', (variant) => {
    const ns = namespaceOf(variant);

    test('a second push of the same images skips them all without a json, layer or checksum PUT', async () => {
      const chain = await buildImageChain({ length: 3, format: 'gzip' });
      await client(variant).push(`${ns}/again`, chain);
      const second = client(variant);
      expect(await second.push(`${ns}/again`, chain)).toEqual({ pushed: [], skipped: chain.map((image) => image.id) });
      expect(second.messages).toEqual(chain.map(skipMessage));
      expect(second.requests.filter((r) => r.method === 'PUT' && /^\/v1\/images\//.test(r.path))).toEqual([]);
      expect(second.requests.filter((r) => r.path.startsWith('/v1/images/')).map((r) => `${r.method} ${r.status}`)).toEqual(
        chain.map(() => 'GET 200'),
      );
      await expectPull(variant, `${ns}/again`, chain);
    });

    test('a push to busybox is pulled as library/busybox (and as busybox)', async () => {
      const chain = await buildImageChain({ length: 3 });
      const pushing = client(variant);
      await pushing.push('busybox', chain);
      expect(pushing.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['PUT /v1/repositories/busybox/', 'PUT /v1/repositories/library/busybox/tags/latest']),
      );
      const top = chain[chain.length - 1]!;
      expect((await http.get('/v1/repositories/library/busybox/tags/latest')).json).toBe(top.id);
      expect((await http.get('/v1/repositories/busybox/tags')).json).toEqual({ latest: top.id });
      await expectPull(variant, 'library/busybox', chain);
      await expectPull(variant, 'busybox', chain);
    });

    test('a second tag sharing the base pushes only its own image; both tags pull their chains', async () => {
      const chain = await buildImageChain({ length: 3 });
      const [base, middle, top] = chain as [V1TestImage, V1TestImage, V1TestImage];
      const branch = await childOf(middle, 7, 'gzip');
      const repo = `${ns}/shared-base`;
      await client(variant).push(repo, chain);
      const second = client(variant);
      expect(await second.push(repo, [base, middle, branch], 'v2')).toEqual({ pushed: [branch.id], skipped: [base.id, middle.id] });
      expect(second.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/layer')).map((r) => r.path)).toEqual([
        `/v1/images/${branch.id}/layer`,
      ]);
      expect((await http.get(`/v1/repositories/${repo}/tags`)).json).toEqual({ latest: top.id, v2: branch.id });
      expect((await http.get(`/v1/images/${branch.id}/ancestry`)).json).toEqual([branch.id, middle.id, base.id]);
      await expectPull(variant, repo, [base, middle, branch], 'v2');
      await expectPull(variant, repo, chain, 'latest');
    });

    test('pulling an unknown repository reports "image … not found" from a 404', async () => {
      const error = (await client(variant).pull(`${ns}/nosuch`).catch((caught: unknown) => caught)) as V1ClientError;
      expect(error).toBeInstanceOf(V1ClientError);
      expect(error.message).toBe(`Error: image ${ns}/nosuch not found (404)`);
      expect(JSON.parse(error.body!)).toEqual({ error: 'images not found' });
    });

    test('pulling an unknown tag of a known repository reports the tag as not found', async () => {
      const chain = await buildImageChain({ length: 1 });
      await client(variant).push(`${ns}/tagged`, chain);
      const error = (await client(variant).pull(`${ns}/tagged`, 'nope').catch((caught: unknown) => caught)) as V1ClientError;
      expect(error).toBeInstanceOf(V1ClientError);
      if (VARIANTS[variant].singleTagGet) {
        // docker ≥1.8 asks GET …/tags/nope (v1-protocol.md §2.3)
        expect(error.message).toBe('Error: tag nope not found (404)');
        expect(JSON.parse(error.body!)).toEqual({ error: 'Tag not found' });
      } else {
        // docker ≤1.7 list the tags and look the name up themselves
        expect(error.message).toBe(`Tag nope not found in repository ${ns}/tagged`);
      }
    });
  });
});
