/** /v1/images/<id>/files, /diff and repository properties, as docker-registry answered them. */
import request from 'supertest';
import { buildImageChain, buildTar } from '../helpers/v1-images';
import { V1Client } from '../helpers/v1-client';
import { startTestRegistry, type TestRegistry } from '../../helpers/test-registry';

describe('V1 image files, diff and repository properties', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  });
  afterAll(async () => registry.stop());

  test.each(['tar', 'gzip', 'xz'] as const)('files of a %s layer list every member, whiteouts as deleted', async (format) => {
    const [image] = await buildImageChain({ length: 1, format });
    await new V1Client(registry.url, 'docker-1.5').push(`files/${format}`, [image!]);
    const res = await request(registry.url).get(`/v1/images/${image!.id}/files`).expect(200);
    const files = res.body as Array<[string, string, boolean, number, number, number, number, number]>;
    expect(files.map(([name, type, deleted]) => [name, type, deleted])).toEqual([
      ['etc/', 'd', false],
      ['etc/layer-0', 'f', false],
      ['etc/layer-0.link', 's', false],
    ]);
    expect(files[1]![3]).toBe(3000);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000');
    // answered again from the cache
    expect((await request(registry.url).get(`/v1/images/${image!.id}/files`).expect(200)).body).toEqual(files);
  });

  test('whiteout entries are reported deleted under their real name', async () => {
    const tar = await buildTar([
      { name: './etc/.wh.passwd', content: Buffer.alloc(0) },
      { name: './etc/.wh..wh..opq', content: Buffer.alloc(0) },
      { name: './bin/sh', content: Buffer.from('#!') },
    ]);
    const id = 'f'.repeat(64);
    const json = JSON.stringify({ id, created: '2014-01-01T00:00:00Z' });
    await request(registry.url).put(`/v1/images/${id}/json`).send(json).expect(200);
    await request(registry.url).put(`/v1/images/${id}/layer`).send(tar).expect(200);
    const { createHash } = await import('node:crypto');
    const payload = 'sha256:' + createHash('sha256').update(json).update('\n').update(tar).digest('hex');
    await request(registry.url).put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum-Payload', payload).expect(200);
    const files = (await request(registry.url).get(`/v1/images/${id}/files`).expect(200)).body as Array<[string, string, boolean]>;
    expect(files.map(([name, type, deleted]) => [name, type, deleted])).toEqual([
      ['/etc/passwd', 'f', true],
      ['/bin/sh', 'f', false],
    ]);
  });

  test('a layer that is no tar answers 400 Layer format not supported', async () => {
    const id = 'e'.repeat(64);
    const json = JSON.stringify({ id });
    const layer = Buffer.alloc(4096, 0x61);
    await request(registry.url).put(`/v1/images/${id}/json`).send(json).expect(200);
    await request(registry.url).put(`/v1/images/${id}/layer`).send(layer).expect(200);
    const { createHash } = await import('node:crypto');
    const payload = 'sha256:' + createHash('sha256').update(json).update('\n').update(layer).digest('hex');
    await request(registry.url).put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum-Payload', payload).expect(200);
    expect((await request(registry.url).get(`/v1/images/${id}/files`).expect(400)).body).toEqual({ error: 'Layer format not supported' });
  });

  test('diff needs a queue docker-registry ran on redis: 400 Diff queue is disabled', async () => {
    const [image] = await buildImageChain({ length: 1 });
    await new V1Client(registry.url, 'docker-1.5').push('files/diff', [image!]);
    expect((await request(registry.url).get(`/v1/images/${image!.id}/diff`).expect(400)).body).toEqual({ error: 'Diff queue is disabled' });
    await request(registry.url).get(`/v1/images/${'0'.repeat(64)}/diff`).expect(404);
  });

  test('repository properties are kept and reported', async () => {
    const [image] = await buildImageChain({ length: 1 });
    await new V1Client(registry.url, 'docker-1.5').push('props/repo', [image!]);
    expect((await request(registry.url).get('/v1/repositories/props/repo/properties').expect(200)).body).toEqual({ access: 'public' });
    await request(registry.url).put('/v1/repositories/props/repo/properties').send('{"access":"private"}').expect(200);
    expect((await request(registry.url).get('/v1/repositories/props/repo/properties').expect(200)).body).toEqual({ access: 'private' });
    expect((await request(registry.url).put('/v1/repositories/props/repo/properties').send('{"access":"secret"}').expect(400)).body).toEqual({ error: 'Invalid data' });
    await request(registry.url).get('/v1/repositories/no/such/properties').expect(404);
  });
});

describe('a V1 layer that is no tar', () => {
  test('is stored as pushed and pulled over V1, but cannot be tagged for V2: a clean 400, never a 500', async () => {
    const registry = await startTestRegistry();
    try {
      const id = 'd'.repeat(64);
      const json = JSON.stringify({ id });
      const layer = Buffer.alloc(4096, 0x62);
      const { createHash } = await import('node:crypto');
      const payload = 'sha256:' + createHash('sha256').update(json).update('\n').update(layer).digest('hex');
      await request(registry.url).put(`/v1/images/${id}/json`).send(json).expect(200);
      await request(registry.url).put(`/v1/images/${id}/layer`).send(layer).expect(200);
      await request(registry.url).put(`/v1/images/${id}/checksum`).set('X-Docker-Checksum-Payload', payload).expect(200);
      const pulled = await request(registry.url).get(`/v1/images/${id}/layer`).expect(200);
      expect(Buffer.from(pulled.body as Buffer)).toEqual(layer);
      const tagged = await request(registry.url).put('/v1/repositories/odd/layer/tags/latest').send(JSON.stringify(id));
      expect(tagged.status).toBe(400);
      expect(tagged.body).toEqual({ error: 'Layer format not supported' });
    } finally {
      await registry.stop();
    }
  });
});
