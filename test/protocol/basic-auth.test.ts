/** Basic auth from an htpasswd file (bcrypt), for both protocols, without a proxy in front. */
import bcrypt from 'bcryptjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { HtpasswdFile } from '../../src/http/htpasswd';
import { startTestRegistry, type TestRegistry } from '../helpers/test-registry';

describe('htpasswd basic auth', () => {
  let dir: string;
  let registry: TestRegistry;
  const good = 'Basic ' + Buffer.from('alice:s3cret').toString('base64');
  const bad = 'Basic ' + Buffer.from('alice:wrong').toString('base64');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'janus-auth-'));
    const file = join(dir, 'htpasswd');
    await writeFile(file, `# users\nalice:${bcrypt.hashSync('s3cret', 4).replace(/^\$2a\$/, '$2y$')}\nbob:{SHA}not-bcrypt\n`);
    const htpasswd = new HtpasswdFile(file);
    registry = await startTestRegistry({ auth: { realm: 'Janus Registry', verify: (header) => htpasswd.verify(header) } });
  });
  afterAll(async () => {
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('V2 asks for credentials with a Basic challenge and the V2 error body', async () => {
    const res = await request(registry.url).get('/v2/').expect(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="Janus Registry"');
    expect(res.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(res.body.errors[0].code).toBe('UNAUTHORIZED');
    await request(registry.url).get('/v2/').set('Authorization', bad).expect(401);
    await request(registry.url).get('/v2/').set('Authorization', good).expect(200);
    await request(registry.url).get('/v2/_catalog').set('Authorization', good).expect(200);
  });

  test('V1 keeps the pings open and protects everything else', async () => {
    await request(registry.url).get('/v1/_ping').expect(200);
    await request(registry.url).get('/_ping').expect(200);
    const res = await request(registry.url).get('/v1/search?q=x').expect(401);
    expect(res.body).toEqual({ error: 'Requires authorization' });
    expect(res.headers['www-authenticate']).toBe('Basic realm="Janus Registry"');
    await request(registry.url).get('/v1/search?q=x').set('Authorization', good).expect(200);
    // docker 1.x login: POST /v1/users/ → 401, then GET /v1/users/ with Basic → 200
    await request(registry.url).post('/v1/users/').send('{}').expect(401);
    await request(registry.url).get('/v1/users/').set('Authorization', good).expect(200);
    await request(registry.url).get('/v1/users/').set('Authorization', bad).expect(401);
  });

  test('entries that are not bcrypt never authenticate', async () => {
    const bob = 'Basic ' + Buffer.from('bob:anything').toString('base64');
    await request(registry.url).get('/v2/').set('Authorization', bob).expect(401);
  });
});
