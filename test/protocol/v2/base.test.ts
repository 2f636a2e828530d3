/** GET /v2/ and what the V2 router answers for routes it does not know. */
import { API_VERSION_HEADER, expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

describe('V2 base endpoint', () => {
  const suite = useV2Suite();

  it('GET /v2/ answers 200 with Docker-Distribution-API-Version: registry/2.0', async () => {
    const res = await suite.http.get('/v2/');
    expectStatus(res, 200);
    expect(res.headers[API_VERSION_HEADER]).toBe('registry/2.0');
  });

  it('HEAD /v2/ answers 200 with the API version header', async () => {
    const res = await suite.http.head('/v2/');
    expectStatus(res, 200);
    expect(res.headers[API_VERSION_HEADER]).toBe('registry/2.0');
  });

  it('error answers carry the API version header too', async () => {
    const res = await suite.http.get(`/v2/${suite.repo()}/manifests/latest`);
    expectStatus(res, 404);
    expect(res.headers[API_VERSION_HEADER]).toBe('registry/2.0');
  });

  // distribution 2.8 answers unknown routes with Go's text/plain "404 page not found"
  itJanus('an unknown route under /v2/ gets a V2 JSON error body, not HTML', async () => {
    const res = await suite.http.get(`/v2/${suite.repo()}/no-such-endpoint`);
    expectV2Error(res, 404, ['NOT_FOUND', 'NAME_UNKNOWN', 'UNSUPPORTED']);
    expect(res.text).not.toMatch(/<html|<!DOCTYPE/i);
  });

  itJanus('an unsupported method on a known route gets a V2 JSON error body', async () => {
    const res = await suite.http.patch(`/v2/${suite.repo()}/tags/list`);
    expect([404, 405]).toContain(res.status);
    expectV2Error(res, res.status, ['UNSUPPORTED', 'NOT_FOUND']);
  });
});
