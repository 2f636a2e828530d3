/**
 * Streaming guarantees over HTTP: large blobs go through without buffering (heap stays flat),
 * a client that disconnects mid-upload leaves nothing behind, a storage failure mid-download
 * cuts the connection instead of sending a short 200.
 */
import { createHash } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Transform } from 'node:stream';
import { createApp, DEFAULT_V1_OPTIONS } from '../../src/app';
import { createRegistryModel } from '../../src/registry/model';
import { silentLogger } from '../../src/logger';
import type { StorageDriver } from '../../src/storage/driver';
import { createDriver } from '../../src/storage/factory';
import { startTestRegistry, type TestRegistry } from '../helpers/test-registry';

const MiB = 1024 * 1024;

/** deterministic pseudo-random bytes, generated chunk by chunk */
function generated(totalBytes: number): Readable {
  let produced = 0;
  let counter = 0;
  return new Readable({
    read() {
      if (produced >= totalBytes) return this.push(null);
      const size = Math.min(MiB, totalBytes - produced);
      const chunk = Buffer.alloc(size, counter++ % 251);
      chunk.writeUInt32LE(counter, 0);
      produced += size;
      this.push(chunk);
    },
  });
}

async function digestOfGenerated(totalBytes: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of generated(totalBytes)) hash.update(chunk as Buffer);
  return 'sha256:' + hash.digest('hex');
}

function send(url: string, method: string, body?: Readable, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, resolve);
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

async function drainHash(res: IncomingMessage): Promise<{ digest: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { digest: 'sha256:' + hash.digest('hex'), bytes };
}

describe('streaming', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry({ storage: 'filesystem' });
  });
  afterAll(async () => registry.stop());

  test('a 200 MiB blob is pushed and pulled with a flat heap', async () => {
    const size = 200 * MiB;
    const digest = await digestOfGenerated(size);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
    try {
      const post = await send(`${registry.url}/v2/big/blob/blobs/uploads/`, 'POST');
      post.resume();
      expect(post.statusCode).toBe(202);
      const location = post.headers.location!;
      const put = await send(`${location}?digest=${digest}`, 'PUT', generated(size), { 'Content-Type': 'application/octet-stream' });
      put.resume();
      expect(put.statusCode).toBe(201);
      const get = await send(`${registry.url}/v2/big/blob/blobs/${digest}`, 'GET');
      expect(get.statusCode).toBe(200);
      expect(await drainHash(get)).toEqual({ digest, bytes: size });
    } finally {
      clearInterval(sampler);
    }
    // the whole blob through the heap would be 200 MiB; streaming keeps it to a few buffers
    expect(heapPeak - heapBefore).toBeLessThan(64 * MiB);
  });

  test('a client that disconnects mid-upload leaves no upload data behind', async () => {
    const post = await send(`${registry.url}/v2/abort/test/blobs/uploads/`, 'POST');
    post.resume();
    const location = post.headers.location!;
    const uuid = post.headers['docker-upload-uuid'] as string;
    await new Promise<void>((resolve) => {
      const req = request(location, { method: 'PATCH', headers: { 'Content-Type': 'application/octet-stream' } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(4 * MiB, 7), () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
    });
    await waitFor(async () => {
      const status = await send(location, 'GET');
      status.resume();
      return status.statusCode === 404;
    });
    await expect(registry.driver.list(`/docker/registry/v2/repositories/abort/test/_uploads`).catch(() => [])).resolves.toEqual([]);
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a storage failure during a download', () => {
  test('cuts the connection instead of ending a short 200', async () => {
    const inner = createDriver('inmemory', {});
    const failing: StorageDriver = Object.assign(Object.create(inner) as StorageDriver, {
      reader: async (path: string, options?: { offset?: number; length?: number }) => {
        const source = await inner.reader(path, options);
        // the first kilobyte goes out, then the storage fails
        let passed = false;
        const breaker = new Transform({
          transform(chunk: Buffer, _enc, callback) {
            if (passed) return callback();
            passed = true;
            callback(null, chunk.subarray(0, 1000));
          },
          flush(callback) {
            callback(new Error('disk on fire'));
          },
        });
        return source.pipe(breaker);
      },
    });
    const model = createRegistryModel(failing, { deleteEnabled: true });
    const app = createApp({ model, logger: silentLogger(), redirect: false, catalogMaxEntries: 100, v1: DEFAULT_V1_OPTIONS });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const data = Buffer.alloc(64 * 1024, 3);
      const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
      const session = await model.startUpload('fail/dl');
      await model.completeUpload('fail/dl', session.uuid, { expected: { algorithm: 'sha256', hex: digest.slice(7), digest }, lastChunk: Readable.from([data]) });
      const res = await send(`${url}/v2/fail/dl/blobs/${digest}`, 'GET');
      expect(res.statusCode).toBe(200);
      await expect(drainHash(res)).rejects.toThrow();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached in time');
}
