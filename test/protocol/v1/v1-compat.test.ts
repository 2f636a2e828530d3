/**
 * docker-registry V1 compatibility: every black-box case of v1-protocol.md §11 (standalone mode),
 * with the Python bugs of §10.4 fixed where clients do not rely on them.
 */
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { createLayerInspector } from '../../../src/registry/legacy/checksums';
import { startTestRegistry, type TestRegistry } from '../../helpers/test-registry';

function randomId(): string {
  return randomBytes(32).toString('hex');
}

function payloadChecksum(json: string, layer: Buffer): string {
  return 'sha256:' + createHash('sha256').update(json).update('\n').update(layer).digest('hex');
}

function imageJson(id: string, parent?: string): string {
  return JSON.stringify({ id, ...(parent && { parent }), created: '2014-06-01T00:00:00Z', container_config: { Cmd: ['/bin/sh'] }, architecture: 'amd64', os: 'linux' });
}

/** a small real tar (one file) */
function tarWithFile(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(content.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

describe('V1 protocol (docker-registry 0.6–0.9 compatible)', () => {
  let registry: TestRegistry;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    registry = await startTestRegistry({ search: true });
    http = request(registry.url);
  });
  afterAll(async () => registry.stop());

  async function pushImage(id: string, json: string, layer: Buffer): Promise<void> {
    await http.put(`/v1/images/${id}/json`).set('Content-Type', 'application/json').send(json).expect(200);
    await http.put(`/v1/images/${id}/layer`).set('Content-Type', 'application/octet-stream').send(layer).expect(200);
    await http.put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum-Payload', payloadChecksum(json, layer)).expect(200);
  }

  test('1. ping answers 200 with JSON and the standalone header, on /_ping and /v1/_ping', async () => {
    for (const path of ['/_ping', '/v1/_ping']) {
      const res = await http.get(path).expect(200);
      expect(res.headers['x-docker-registry-standalone']).toBe('True');
      expect(res.headers['x-docker-registry-version']).toBeDefined();
      expect(res.body).toEqual({});
    }
  });

  test('2. /v2/ is hidden from docker 1.5 (no registry/2.0 header), shown to everyone else', async () => {
    const old = await http.get('/v2/').set('User-Agent', 'docker/1.5.0 go/go1.4.1 git-commit/a8a31ef kernel/3.16.0 os/linux arch/amd64');
    expect(old.status).toBe(404);
    expect(old.headers['docker-distribution-api-version']).toBeUndefined();
    const modern = await http.get('/v2/').set('User-Agent', 'docker/20.10.24 go/go1.19');
    expect(modern.status).toBe(200);
    expect(modern.headers['docker-distribution-api-version']).toBe('registry/2.0');
  });

  test('3. a layer before its json is 404 Image not found', async () => {
    const res = await http.put(`/v1/images/${randomId()}/layer`).send(Buffer.from('x')).expect(404);
    expect(res.body).toEqual({ error: 'Image not found' });
  });

  test('4. bad image json is refused with the exact texts', async () => {
    const id = randomId();
    const cases: Array<[string, string]> = [
      [JSON.stringify({ id: randomId() }), 'JSON data contains invalid id'],
      ['not json', 'Invalid JSON'],
      ['{}', 'Invalid JSON'],
      ['{"x":1}', "Missing key `id' in JSON"],
    ];
    for (const [body, error] of cases) {
      const res = await http.put(`/v1/images/${id}/json`).set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toEqual({ error });
    }
  });

  test('5. an invalid image id is 404 Invalid image ID', async () => {
    const res = await http.put('/v1/images/zzz/json').send('{"id":"zzz"}').expect(404);
    expect(res.body).toEqual({ error: 'Invalid image ID' });
  });

  test('6. a parent that does not exist is refused', async () => {
    const id = randomId();
    const res = await http.put(`/v1/images/${id}/json`).send(imageJson(id, randomId())).expect(400);
    expect(res.body).toEqual({ error: 'Image depends on a non existing parent' });
  });

  test('7–11. the happy path, the conflicts, a checksum mismatch and the ancestry', async () => {
    const a = randomId();
    const b = randomId();
    const aJson = imageJson(a);
    const aLayer = tarWithFile('a.txt', 'layer A');
    await http.put(`/v1/images/${a}/json`).set('Content-Type', 'application/json').send(aJson).expect(200, 'true');
    expect((await http.get(`/v1/images/${a}/json`).expect(400)).body).toEqual({ error: 'Image is being uploaded, retry later' });
    await http.put(`/v1/images/${a}/layer`).send(aLayer).expect(200);
    await http.put(`/v1/images/${a}/checksum`).set('X-Docker-Checksum-Payload', payloadChecksum(aJson, aLayer)).expect(200);
    const got = await http.get(`/v1/images/${a}/json`).expect(200);
    expect(got.text).toBe(aJson);
    expect(got.headers['x-docker-size']).toBe(String(aLayer.length));
    expect(got.headers['x-docker-checksum-payload']).toBe(payloadChecksum(aJson, aLayer));
    // 8: conflicts once complete
    expect((await http.put(`/v1/images/${a}/checksum`).set('X-Docker-Checksum-Payload', payloadChecksum(aJson, aLayer)).expect(409)).body).toEqual({
      error: 'Cannot set this image checksum',
    });
    expect((await http.put(`/v1/images/${a}/json`).send(aJson).expect(409)).body).toEqual({ error: 'Image already exists' });
    expect((await http.put(`/v1/images/${a}/layer`).send(aLayer).expect(409)).body).toEqual({ error: 'Image already exists' });
    // 9: mismatch keeps B in progress; redoing everything completes it
    const bJson = imageJson(b, a);
    const bLayer = tarWithFile('b.txt', 'layer B');
    await http.put(`/v1/images/${b}/json`).send(bJson).expect(200);
    await http.put(`/v1/images/${b}/layer`).send(bLayer).expect(200);
    expect((await http.put(`/v1/images/${b}/checksum`).set('X-Docker-Checksum-Payload', `sha256:${'0'.repeat(64)}`).expect(400)).body).toEqual({
      error: 'Checksum mismatch',
    });
    await http.get(`/v1/images/${b}/json`).expect(400);
    await http.put(`/v1/images/${b}/json`).send(bJson).expect(200);
    await http.put(`/v1/images/${b}/layer`).send(bLayer).expect(200);
    await http.put(`/v1/images/${b}/checksum`).set('X-Docker-Checksum-Payload', payloadChecksum(bJson, bLayer)).expect(200);
    // 11
    expect((await http.get(`/v1/images/${b}/ancestry`).expect(200)).body).toEqual([b, a]);
  });

  test('10. checksum headers: absent → 412, empty → 400, before the layer → clean 400', async () => {
    const id = randomId();
    const json = imageJson(id);
    await http.put(`/v1/images/${id}/json`).send(json).expect(200);
    expect((await http.put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum-Payload', 'sha256:abc').expect(400)).body).toEqual({
      error: 'Image layer not uploaded',
    });
    const missing = await http.put(`/v1/images/${id}/checksum`).expect(412);
    expect(missing.body.error).toMatch(/^X-Docker-Checksum-Payload not set\.  If you are using the Docker daemon/);
    expect((await http.put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum-Payload', '').expect(400)).body).toEqual({ error: "Missing Image's checksum" });
  });

  test('a docker ≤ 0.8.1 push with only the tarsum checksum is verified and accepted', async () => {
    const id = randomId();
    const json = imageJson(id);
    const layer = tarWithFile('old.txt', 'pushed by docker 0.8');
    await http.put(`/v1/images/${id}/json`).send(json).expect(200);
    await http.put(`/v1/images/${id}/layer`).send(layer).expect(200);
    expect((await http.put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum', `tarsum+sha256:${'1'.repeat(64)}`).expect(400)).body).toEqual({
      error: 'Checksum mismatch',
    });
    const tarsum = await tarsumOf(json, layer);
    await http.put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum', tarsum).expect(200);
    await http.get(`/v1/images/${id}/json`).expect(200);
  });

  test('12. layer ranges are standard: 206 with bytes a-b/size, 416 past the end, malformed ignored', async () => {
    const id = randomId();
    const json = imageJson(id);
    const layer = tarWithFile('r.txt', 'range me please');
    await pushImage(id, json, layer);
    const part = await http.get(`/v1/images/${id}/layer`).set('Range', 'bytes=10-19').expect(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${layer.length}`);
    expect(part.headers['content-length']).toBe('10');
    expect(Buffer.from(part.body as Buffer)).toEqual(layer.subarray(10, 20));
    // docker 1.x resumes with an end one past the last byte
    const resume = await http.get(`/v1/images/${id}/layer`).set('Range', `bytes=100-${layer.length}`).expect(206);
    expect(resume.headers['content-range']).toBe(`bytes 100-${layer.length - 1}/${layer.length}`);
    await http.get(`/v1/images/${id}/layer`).set('Range', `bytes=${layer.length}-${layer.length}`).expect(416);
    const whole = await http.get(`/v1/images/${id}/layer`).set('Range', 'items=1-2').expect(200);
    expect(Buffer.from(whole.body as Buffer)).toEqual(layer);
  });

  test('If-Modified-Since gives 304 only for images that exist', async () => {
    const id = randomId();
    await http.get(`/v1/images/${id}/json`).set('If-Modified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT').expect(404);
    const json = imageJson(id);
    await pushImage(id, json, tarWithFile('m.txt', 'x'));
    await http.get(`/v1/images/${id}/json`).set('If-Modified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT').expect(304);
  });

  test('13–15. tag PUT validation, reads, and library/ as the default namespace', async () => {
    const id = randomId();
    await pushImage(id, imageJson(id), tarWithFile('t.txt', 'tagged'));
    expect((await http.put('/v1/repositories/foo/bar/tags/latest').send(JSON.stringify(randomId())).expect(404)).body).toEqual({ error: 'Image not found' });
    for (const body of ['123', '""', 'garbage']) {
      expect((await http.put('/v1/repositories/foo/bar/tags/latest').send(body).expect(400)).body).toEqual({ error: 'Invalid data' });
    }
    await http.put('/v1/repositories/foo/bar/tags/.bad').send(JSON.stringify(id)).expect(400);
    await http
      .put('/v1/repositories/foo/bar/tags/latest')
      .set('User-Agent', 'docker/1.9.1 go/go1.4.3 git-commit/a34a1d5 kernel/4.2.0 os/linux arch/amd64')
      .send(JSON.stringify(id))
      .expect(200);
    expect((await http.get('/v1/repositories/foo/bar/tags').expect(200)).body).toEqual({ latest: id });
    expect((await http.get('/v1/repositories/foo/bar/tags/latest').expect(200)).body).toBe(id);
    expect((await http.get('/v1/repositories/foo/bar/tags/nope').expect(404)).body).toEqual({ error: 'Tag not found' });
    const meta = (await http.get('/v1/repositories/foo/bar/tags/latest/json').expect(200)).body;
    expect(meta).toMatchObject({ docker_version: '1.9.1', docker_go_version: 'go1.4.3', arch: 'amd64', os: 'linux', kernel: '4.2.0' });
    await http.put('/v1/repositories/busybox/tags/latest').send(JSON.stringify(id)).expect(200);
    expect((await http.get('/v1/repositories/library/busybox/tags/latest').expect(200)).body).toBe(id);
  });

  test('16–18. index emulation, image lists, search and repository deletion', async () => {
    const id = randomId();
    await pushImage(id, imageJson(id), tarWithFile('i.txt', 'indexed'));
    const put = await http.put('/v1/repositories/idx/repo/').set('X-Docker-Token', 'true').send(JSON.stringify([{ id, Tag: 'latest' }])).expect(200);
    expect(put.headers['x-docker-endpoints']).toBeDefined();
    expect(put.headers['x-docker-token']).toMatch(/^Token signature=[A-Z0-9]{16},repository="idx\/repo",access=write$/);
    expect(put.headers['www-authenticate']).toBe(put.headers['x-docker-token']);
    const images = await http.put('/v1/repositories/idx/repo/images').send('[]').expect(204);
    expect(images.text).toBe('');
    const list = await http.get('/v1/repositories/idx/repo/images').expect(200);
    // the first write kept the raw body (Tag included); the merge of a later write keeps {id[, checksum]} only
    expect(JSON.parse(list.text)).toEqual([{ id }]);
    expect(list.headers['x-docker-token']).toMatch(/access=read$/);
    expect((await http.put('/v1/repositories/idx/repo/').send(JSON.stringify({ id })).expect(400)).body).toEqual({ error: 'Invalid data' });
    expect((await http.put('/v1/repositories/idx/repo/').send('garbage').expect(400)).body).toEqual({ error: 'Error Decoding JSON' });
    expect((await http.get('/v1/repositories/nosuch/repo/images').expect(404)).body).toEqual({ error: 'images not found' });
    expect((await http.get('/v1/repositories/nosuch/repo/tags').expect(404)).body).toEqual({ error: 'Repository not found' });
    await http.put('/v1/repositories/idx/repo/tags/latest').send(JSON.stringify(id)).expect(200);
    const found = (await http.get('/v1/search?q=dx/re').expect(200)).body;
    expect(found).toMatchObject({ num_results: 1, query: 'dx/re', results: [{ name: 'idx/repo' }] });
    expect((await http.get('/v1/search?q=').expect(200)).body.num_results).toBeGreaterThanOrEqual(1);
    await http.delete('/v1/repositories/idx/repo/').expect(200, 'true');
    expect((await http.get('/v1/search?q=dx/re').expect(200)).body.num_results).toBe(0);
    await http.get('/v1/repositories/idx/repo/tags').expect(404);
  });

  test('19. users: GET is OK, POST creates anything valid', async () => {
    expect((await http.get('/v1/users/').expect(200)).body).toBe('OK');
    expect((await http.post('/v1/users/').send('{}').expect(201)).body).toBe('User Created');
    expect((await http.post('/v1/users/').send('garbage').expect(400)).body).toEqual({ error: 'Error Decoding JSON' });
  });

  test('JSON bodies are read whatever the Content-Type (curl -d without a JSON type)', async () => {
    const id = randomId();
    await http.put(`/v1/images/${id}/json`).set('Content-Type', 'application/x-www-form-urlencoded').send(imageJson(id)).expect(200);
  });

  test('GET / answers the issue string', async () => {
    expect((await http.get('/').expect(200)).body).toBe('"docker-registry server"');
  });
});

/** the tarsum docker ≤ 0.8.1 computed client-side */
async function tarsumOf(json: string, layer: Buffer): Promise<string> {
  const inspector = createLayerInspector({ json: Buffer.from(json) });
  inspector.resume();
  await new Promise<void>((resolve, reject) => {
    inspector.on('finish', resolve).on('error', reject);
    inspector.end(layer);
  });
  return inspector.result().tarsum!;
}
