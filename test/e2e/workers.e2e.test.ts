/**
 * Janus with two worker processes (`workers: 2`): every request below goes over a new
 * connection, and connections are handed to the workers in turn, so each step is answered by
 * both workers. Upload sessions, tags, search results and generated schema1 manifests must not
 * depend on which worker answers; skopeo pushes and pulls through them; a killed worker is
 * replaced.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Skopeo } from './helpers/clients';
import { fileDigest } from './helpers/file-digest';
import { describeWithTools } from './helpers/has-tool';
import { buildImage, type BuiltImage } from './helpers/images';
import { MEDIA_TYPES } from './helpers/manifests';
import type { RunningRegistry } from './helpers/running-registry';
import { startJanus } from './helpers/start-janus';
import { makeTempDir, removeDir } from './helpers/temp-dir';

jest.setTimeout(120_000);

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** one request on a connection of its own */
function send(url: string, method = 'GET', body?: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: { Connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** pids of the workers that logged requests so far */
function workersThatServed(registry: RunningRegistry): Set<number> {
  const pids = new Set<number>();
  for (const line of registry.logs().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; pid?: number };
    if (entry.msg === 'request' && entry.pid !== undefined) pids.add(entry.pid);
  }
  return pids;
}

describeWithTools(['skopeo'])('Janus with two workers', () => {
  let registry: RunningRegistry;
  let skopeo: Skopeo;
  let workDir: string;
  let image: BuiltImage;
  const v2 = (path: string): string => `${registry.url}/v2/${path}`;

  beforeAll(async () => {
    workDir = await makeTempDir('workers-e2e');
    image = await buildImage(join(workDir, 'layout'), { tag: 'one', layers: 2, randomBytesPerLayer: 128 * 1024 });
    [registry, skopeo] = await Promise.all([startJanus({ workers: 2 }), Skopeo.create()]);
    // the follower starts once the leader listens: wait until both have answered
    for (let attempt = 0; attempt < 100 && workersThatServed(registry).size < 2; attempt++) {
      await send(v2(''));
      await sleep(50);
    }
  });

  afterAll(async () => {
    await registry?.stop();
    await skopeo?.dispose();
    await removeDir(workDir);
  });

  test('connections are served by both workers', () => {
    expect(workersThatServed(registry).size).toBe(2);
  });

  /** uploads `chunks` with one PATCH each, checking the session's progress between them */
  async function chunkedUpload(repository: string, chunks: readonly Buffer[], digest: string): Promise<Answer> {
    const started = await send(v2(`${repository}/blobs/uploads/`), 'POST');
    expect(started.status).toBe(202);
    let location = String(started.headers.location);
    let offset = 0;
    for (const chunk of chunks) {
      const patched = await send(new URL(location, registry.url).href, 'PATCH', chunk, {
        'Content-Type': 'application/octet-stream',
        'Content-Range': `${offset}-${offset + chunk.length - 1}`,
      });
      expect(patched.status).toBe(202);
      offset += chunk.length;
      expect(patched.headers.range).toBe(`0-${offset - 1}`);
      location = String(patched.headers.location);
      const status = await send(new URL(location, registry.url).href);
      expect(status.status).toBe(204);
      expect(status.headers.range).toBe(`0-${offset - 1}`);
    }
    const url = new URL(location, registry.url);
    url.searchParams.set('digest', digest);
    return send(url.href, 'PUT');
  }

  test('a chunked upload whose requests alternate between workers completes with the right digest', async () => {
    const chunks = Array.from({ length: 7 }, () => randomBytes(96 * 1024));
    const whole = Buffer.concat(chunks);
    const done = await chunkedUpload('workers/upload', chunks, sha256(whole));
    expect(done.status).toBe(201);
    for (let i = 0; i < 4; i++) {
      const blob = await send(v2(`workers/upload/blobs/${sha256(whole)}`));
      expect(blob.status).toBe(200);
      expect(blob.body.equals(whole)).toBe(true);
    }
  });

  test('a wrong digest is refused whichever worker completes the upload, and nothing is stored', async () => {
    const chunks = [randomBytes(1000), randomBytes(1000), randomBytes(1000)];
    const claimed = sha256('something else');
    const done = await chunkedUpload('workers/upload', chunks, claimed);
    expect(done.status).toBe(400);
    expect(JSON.parse(done.body.toString('utf8')).errors[0].code).toBe('DIGEST_INVALID');
    for (let i = 0; i < 2; i++) expect((await send(v2(`workers/upload/blobs/${claimed}`), 'HEAD')).status).toBe(404);
  });

  async function pushImage(repository: string, tag: string, label: string): Promise<string> {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { label } }, rootfs: { type: 'layers', diff_ids: [] } }));
    expect((await chunkedUpload(repository, [config], sha256(config))).status).toBe(201);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.dockerV2,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) },
      layers: [],
    });
    const put = await send(v2(`${repository}/manifests/${tag}`), 'PUT', manifest, { 'Content-Type': MEDIA_TYPES.dockerV2 });
    expect(put.status).toBe(201);
    return sha256(manifest);
  }

  /** what each of `times` fresh connections answers */
  async function answersOf(url: string, times: number, headers: Record<string, string> = {}): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let i = 0; i < times; i++) answers.push(await send(url, 'GET', undefined, headers));
    return answers;
  }

  test('a tag pushed, moved and deleted reads the same from every worker at once', async () => {
    const accept = { Accept: MEDIA_TYPES.dockerV2 };
    const first = await pushImage('workers/tags', 'stable', 'first');
    expect((await answersOf(v2('workers/tags/manifests/stable'), 6, accept)).map((a) => a.headers['docker-content-digest'])).toEqual(Array(6).fill(first));
    const second = await pushImage('workers/tags', 'stable', 'second');
    expect((await answersOf(v2('workers/tags/manifests/stable'), 6, accept)).map((a) => a.headers['docker-content-digest'])).toEqual(Array(6).fill(second));
    expect((await send(v2(`workers/tags/manifests/${second}`), 'DELETE')).status).toBe(202);
    expect((await answersOf(v2('workers/tags/manifests/stable'), 6, accept)).map((a) => a.status)).toEqual(Array(6).fill(404));
    expect((await answersOf(v2('workers/tags/tags/list'), 4)).map((a) => JSON.parse(a.body.toString('utf8')).tags ?? [])).toEqual(Array(4).fill([]));
  });

  test('generated schema1 manifests are byte-identical from every worker', async () => {
    await pushImage('workers/schema1', 'latest', 'schema1');
    const answers = await answersOf(v2('workers/schema1/manifests/latest'), 6, { Accept: MEDIA_TYPES.dockerV1Signed });
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.body.toString('base64'))).size).toBe(1);
  });

  test('search answers alike from every worker after a push and after a delete', async () => {
    const searchFor = async (): Promise<number[]> =>
      (await answersOf(`${registry.url}/v1/search?q=zebrafinch`, 6)).map((a) => JSON.parse(a.body.toString('utf8')).num_results as number);
    expect(await searchFor()).toEqual(Array(6).fill(0));
    const digest = await pushImage('workers/zebrafinch', 'v1', 'search');
    expect(await searchFor()).toEqual(Array(6).fill(1));
    expect((await send(v2(`workers/zebrafinch/manifests/${digest}`), 'DELETE')).status).toBe(202);
    // the row goes once storage shows no tag left (checked in the background)
    let counts = await searchFor();
    for (let attempt = 0; attempt < 50 && counts.some((count) => count !== 0); attempt++) {
      await sleep(100);
      counts = await searchFor();
    }
    expect(counts).toEqual(Array(6).fill(0));
  });

  test('skopeo pushes and pulls through both workers byte for byte', async () => {
    const reference = `docker://${registry.host}/workers/skopeo:one`;
    await skopeo.copy(image.reference, reference);
    for (const round of [1, 2]) {
      const out = join(workDir, `pulled-${round}`);
      await skopeo.copy(reference, `dir:${out}`);
      for (const layer of image.layers) expect(await fileDigest(join(out, layer.digest.replace(/^sha256:/, '')))).toBe(layer.digest);
    }
  });

  test('a worker that dies is replaced and the registry keeps serving', async () => {
    const before = workersThatServed(registry);
    const victim = [...before][0]!;
    process.kill(victim, 'SIGKILL');
    let replaced = false;
    for (let attempt = 0; attempt < 100 && !replaced; attempt++) {
      // a connection handed over while the victim dies may be cut; the next one is served
      await send(v2('')).catch(() => undefined);
      replaced = [...workersThatServed(registry)].some((pid) => !before.has(pid));
      if (!replaced) await sleep(50);
    }
    expect(replaced).toBe(true);
    expect(registry.logs()).toContain('worker exited; starting another');
    const answers = await answersOf(v2('workers/schema1/manifests/latest'), 4, { Accept: MEDIA_TYPES.dockerV2 });
    expect(answers.map((a) => a.status)).toEqual(Array(4).fill(200));
  });
});
