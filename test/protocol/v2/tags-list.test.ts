/** GET /v2/<name>/tags/list with n / last pagination and Link headers. */
import { makeImage } from '../helpers/content';
import { collectPages, nextLink } from '../helpers/pagination';
import { expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { pushImage, putManifest } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

const TAGS = ['v1', 'alpha', 'latest', 'v2', 'beta', '1.0', 'z_last', 'rc-1'];
const SORTED = [...TAGS].sort();

describe('V2 tags/list', () => {
  const suite = useV2Suite();
  let repo: string;

  beforeAll(async () => {
    repo = suite.repo('tags');
    const image = makeImage();
    await pushImage(suite.http, repo, image, TAGS[0]);
    for (const tag of TAGS.slice(1)) expectStatus(await putManifest(suite.http, repo, tag, image), 201);
  });

  it('answers 200 with the name and every tag', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.name).toBe(repo);
    expect([...(res.body.tags as string[])].sort()).toEqual(SORTED);
  });

  // distribution 2.8.2 lists tags in storage order and ignores n / last (pagination arrived later)
  itJanus('answers the tags sorted', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ name: repo, tags: SORTED });
    expect(res.headers.link).toBeUndefined();
  });

  itJanus('n limits the page and Link points at the next one', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list?n=3`);
    expectStatus(res, 200);
    expect(res.body.tags).toEqual(SORTED.slice(0, 3));
    const link = nextLink(res);
    expect(link).toBeDefined();
    const url = suite.http.resolve(link!);
    expect(url.pathname).toBe(`/v2/${repo}/tags/list`);
    expect(url.searchParams.get('n')).toBe('3');
    expect(url.searchParams.get('last')).toBe(SORTED[2]);
  });

  itJanus('following Link headers yields every tag exactly once, in order', async () => {
    const { items, pages } = await collectPages(suite.http, `/v2/${repo}/tags/list?n=3`, 'tags');
    expect(items).toEqual(SORTED);
    expect(pages).toBe(Math.ceil(SORTED.length / 3));
  });

  itJanus('last starts strictly after the given tag', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list?last=${encodeURIComponent(SORTED[3]!)}`);
    expectStatus(res, 200);
    expect(res.body.tags).toEqual(SORTED.slice(4));
  });

  itJanus('n and last together give at most n tags after last', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list?n=2&last=${encodeURIComponent(SORTED[1]!)}`);
    expectStatus(res, 200);
    expect(res.body.tags).toEqual(SORTED.slice(2, 4));
  });

  itJanus('last need not be an existing tag', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list?last=b`);
    expectStatus(res, 200);
    expect(res.body.tags).toEqual(SORTED.filter((tag) => tag > 'b'));
  });

  itJanus('n larger than the list gives everything and no Link', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list?n=100`);
    expectStatus(res, 200);
    expect(res.body.tags).toEqual(SORTED);
    expect(res.headers.link).toBeUndefined();
  });

  itJanus('n equal to the list length gives everything', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list?n=${SORTED.length}`);
    expectStatus(res, 200);
    expect(res.body.tags).toEqual(SORTED);
  });

  itJanus('n=0 answers 200 with an empty list and no Link', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list?n=0`);
    expectStatus(res, 200);
    expect(res.body.tags ?? []).toEqual([]);
    expect(res.headers.link).toBeUndefined();
  });

  itJanus.each(['-1', 'abc', '1.5'])('n=%s answers 400 PAGINATION_NUMBER_INVALID', async (n) => {
    expectV2Error(await suite.http.get(`/v2/${repo}/tags/list?n=${n}`), 400, 'PAGINATION_NUMBER_INVALID');
  });

  it('an unknown repository answers 404 NAME_UNKNOWN', async () => {
    expectV2Error(await suite.http.get(`/v2/${suite.repo('nowhere')}/tags/list`), 404, 'NAME_UNKNOWN');
  });

  it('a manifest pushed by digest only adds no tag', async () => {
    const other = suite.repo('tags-digest');
    await pushImage(suite.http, other, makeImage(), 'only');
    await pushImage(suite.http, other, makeImage());
    const res = await suite.http.get(`/v2/${other}/tags/list`);
    expectStatus(res, 200);
    expect(res.body.tags).toEqual(['only']);
  });
});
