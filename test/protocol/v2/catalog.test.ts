/** GET /v2/_catalog with n / last pagination and Link headers (this file's registry only). */
import { makeImage, randomBlob } from '../helpers/content';
import { collectPages, nextLink } from '../helpers/pagination';
import { expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { pushBlob, pushImage } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

const NAMES = ['catalog/zeta', 'catalog/alpha', 'catalog/mid/nested', 'catalog/beta', 'catalog/alpha-two', 'catalog/m'];
const SORTED = [...NAMES].sort();

describe('V2 _catalog', () => {
  const suite = useV2Suite();

  beforeAll(async () => {
    for (const name of NAMES) await pushImage(suite.http, name, makeImage(), 'latest');
  });

  it('answers 200 with every repository, sorted', async () => {
    const res = await suite.http.get('/v2/_catalog');
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ repositories: SORTED });
  });

  it('n limits the page and Link points at the next one', async () => {
    const res = await suite.http.get('/v2/_catalog?n=2');
    expectStatus(res, 200);
    expect(res.body.repositories).toEqual(SORTED.slice(0, 2));
    const url = suite.http.resolve(nextLink(res)!);
    expect(url.pathname).toBe('/v2/_catalog');
    expect(url.searchParams.get('n')).toBe('2');
    expect(url.searchParams.get('last')).toBe(SORTED[1]);
  });

  it('following Link headers yields every repository exactly once, in order', async () => {
    const { items } = await collectPages(suite.http, '/v2/_catalog?n=4', 'repositories');
    expect(items).toEqual(SORTED);
  });

  it('last starts strictly after the given repository', async () => {
    const res = await suite.http.get(`/v2/_catalog?last=${encodeURIComponent(SORTED[2]!)}`);
    expectStatus(res, 200);
    expect(res.body.repositories).toEqual(SORTED.slice(3));
  });

  it('n larger than the catalog gives everything and no Link', async () => {
    const res = await suite.http.get('/v2/_catalog?n=50');
    expectStatus(res, 200);
    expect(res.body.repositories).toEqual(SORTED);
    expect(res.headers.link).toBeUndefined();
  });

  // distribution 2.8.2 ignores a malformed or over-large n and answers 200
  itJanus.each(['-1', 'abc'])('n=%s answers 400 PAGINATION_NUMBER_INVALID', async (n) => {
    expectV2Error(await suite.http.get(`/v2/_catalog?n=${n}`), 400, 'PAGINATION_NUMBER_INVALID');
  });

  itJanus('n above the configured maximum (1000) answers 400 PAGINATION_NUMBER_INVALID', async () => {
    expectV2Error(await suite.http.get('/v2/_catalog?n=1001'), 400, 'PAGINATION_NUMBER_INVALID');
  });

  it('a repository holding only blobs is listed or not, but never twice', async () => {
    await pushBlob(suite.http, 'catalog/blobs-only', randomBlob(10));
    const { items } = await collectPages(suite.http, '/v2/_catalog?n=3', 'repositories');
    expect(new Set(items).size).toBe(items.length);
    expect(items.filter((name) => name !== 'catalog/blobs-only')).toEqual(SORTED);
  });
});
