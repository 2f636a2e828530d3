/** Maintenance: read-only mode refuses writes in each protocol's format; abandoned uploads are purged. */
import request from 'supertest';
import { Readable } from 'node:stream';
import { purgeAbandonedUploads } from '../../src/registry/upload-purger';
import { startTestRegistry, type TestRegistry } from '../helpers/test-registry';

describe('read-only mode', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry({ readOnly: true });
  });
  afterAll(async () => registry.stop());

  test('V2 writes answer 405 UNSUPPORTED, reads work', async () => {
    const res = await request(registry.url).post('/v2/some/repo/blobs/uploads/').expect(405);
    expect(res.body.errors[0].code).toBe('UNSUPPORTED');
    await request(registry.url).get('/v2/').expect(200);
    await request(registry.url).get('/v2/_catalog').expect(200);
  });

  test('V1 writes answer 405 with a V1 error body', async () => {
    const id = 'a'.repeat(64);
    const res = await request(registry.url).put(`/v1/images/${id}/json`).send(JSON.stringify({ id })).expect(405);
    expect(res.body).toEqual({ error: 'The registry is in read-only mode' });
    await request(registry.url).get('/v1/_ping').expect(200);
  });
});

describe('upload purging', () => {
  test('sessions older than the age are removed, younger ones kept, dry runs remove nothing', async () => {
    const registry = await startTestRegistry();
    try {
      const old = await registry.model.startUpload('purge/me');
      await registry.model.appendUpload('purge/me', old.uuid, Readable.from([Buffer.from('abandoned')]));
      const later = new Date(Date.now() + 2 * 3600 * 1000);
      expect(await purgeAbandonedUploads(registry.driver, { ageMs: 3 * 3600 * 1000, dryRun: false }, later)).toEqual([]);
      const dry = await purgeAbandonedUploads(registry.driver, { ageMs: 3600 * 1000, dryRun: true }, later);
      expect(dry).toHaveLength(1);
      await registry.model.uploadStatus('purge/me', old.uuid);
      expect(await purgeAbandonedUploads(registry.driver, { ageMs: 3600 * 1000, dryRun: false }, later)).toEqual(dry);
      await expect(registry.model.uploadStatus('purge/me', old.uuid)).rejects.toMatchObject({ code: 'BLOB_UPLOAD_UNKNOWN' });
    } finally {
      await registry.stop();
    }
  });
});
