/** Repository name, tag and digest grammar on every kind of route. */
import { MediaTypes, makeImage, unknownDigest } from '../helpers/content';
import { expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { putManifest, pushManifestTree, withQuery, startUpload } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

/** each violates `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*` in some component */
const INVALID_NAMES = ['Upper/case', 'protocol/-leading-dash', 'protocol/trailing-dash-', 'protocol/a..b', 'protocol/a___b', 'protocol/.hidden'];

describe('V2 grammar: names, tags, digests', () => {
  const suite = useV2Suite();

  // distribution 2.8's router regexps do not match these names: it answers a text/plain 404
  describe.each(INVALID_NAMES)('invalid repository name %s', (name) => {
    itJanus('tags/list answers 400 NAME_INVALID', async () => {
      expectV2Error(await suite.http.get(`/v2/${name}/tags/list`), 400, 'NAME_INVALID');
    });
    itJanus('manifest GET answers 400 NAME_INVALID', async () => {
      expectV2Error(await suite.http.get(`/v2/${name}/manifests/latest`), 400, 'NAME_INVALID');
    });
    itJanus('upload POST answers 400 NAME_INVALID', async () => {
      expectV2Error(await suite.http.post(`/v2/${name}/blobs/uploads/`), 400, 'NAME_INVALID');
    });
  });

  it('a name of 255 characters is accepted (unknown repository, not an invalid name)', async () => {
    const name = `protocol/${'a'.repeat(255 - 'protocol/'.length)}`;
    expect(name).toHaveLength(255);
    const res = await suite.http.get(`/v2/${name}/tags/list`);
    expectV2Error(res, 404, 'NAME_UNKNOWN');
  });

  // distribution 2.8.2 answers 500 UNKNOWN on tags/list for an over-long name
  itJanus('a name longer than 255 characters answers 400 NAME_INVALID', async () => {
    const name = `protocol/${'a'.repeat(300)}`;
    expectV2Error(await suite.http.get(`/v2/${name}/tags/list`), 400, 'NAME_INVALID');
    expectV2Error(await suite.http.post(`/v2/${name}/blobs/uploads/`), 400, 'NAME_INVALID');
  });

  it('names with many components, dots, underscores and dashes are valid', async () => {
    const repo = `protocol/a.b_c__d---e/f/g-${Date.now()}`;
    const { res } = await startUpload(suite.http, repo);
    expectStatus(res, 202);
  });

  // distribution 2.8 routes only tag-shaped references to the manifest handler (404 text otherwise)
  describe.each([
    ['129 characters', 'a'.repeat(129)],
    ['a leading dot', '.dot'],
    ['a leading dash', '-dash'],
    ['a percent-encoded space', 'has%20space'],
  ])('manifest PUT with a tag of %s', (_label, tag) => {
    itJanus('answers 400 TAG_INVALID or MANIFEST_INVALID', async () => {
      const repo = suite.repo('grammar');
      const image = makeImage();
      expectStatus(await pushManifestTree(suite.http, repo, image), 201);
      expectV2Error(await putManifest(suite.http, repo, tag, image), 400, ['TAG_INVALID', 'MANIFEST_INVALID']);
    });
  });

  it('a tag of 128 characters is accepted', async () => {
    const repo = suite.repo('grammar');
    const image = makeImage();
    expectStatus(await pushManifestTree(suite.http, repo, image), 201);
    const tag = `T_${'x'.repeat(126)}`;
    expectStatus(await putManifest(suite.http, repo, tag, image), 201);
    const res = await suite.http.head(`/v2/${repo}/manifests/${tag}`).set('Accept', MediaTypes.ociManifest);
    expectStatus(res, 200);
  });

  it('a malformed digest on an upload PUT answers 400 DIGEST_INVALID', async () => {
    const { location } = await startUpload(suite.http, suite.repo('grammar'));
    for (const digest of ['sha256:xyz', 'sha256:' + 'A'.repeat(64), 'nothex', 'sha256:' + 'a'.repeat(63)]) {
      const res = await suite.http.put(withQuery(location, { digest })).set('Content-Type', MediaTypes.octetStream).send(Buffer.from('x'));
      expectV2Error(res, 400, 'DIGEST_INVALID');
    }
  });

  itJanus('a malformed digest on blob GET answers 400 DIGEST_INVALID', async () => {
    const repo = suite.repo('grammar');
    for (const digest of ['sha256:xyz', 'sha256:' + 'a'.repeat(63), 'sha256:' + 'A'.repeat(64)]) {
      expectV2Error(await suite.http.get(`/v2/${repo}/blobs/${digest}`), 400, 'DIGEST_INVALID');
    }
  });

  itJanus('a malformed digest on blob DELETE answers 400 DIGEST_INVALID', async () => {
    expectV2Error(await suite.http.delete(`/v2/${suite.repo('grammar')}/blobs/sha256:xyz`), 400, 'DIGEST_INVALID');
  });

  it('a malformed digest as a mount source starts an ordinary session or answers 400 DIGEST_INVALID', async () => {
    const res = await suite.http.post(`/v2/${suite.repo('grammar')}/blobs/uploads/?mount=sha256:xyz&from=protocol/other`);
    if (res.status === 202) expect(res.headers.location).toBeTruthy();
    else expectV2Error(res, 400, 'DIGEST_INVALID');
  });

  // distribution 2.8.2 answers 500 UNKNOWN here
  itJanus('an unknown digest algorithm on a manifest GET answers 400 or 404, not a server error', async () => {
    const res = await suite.http.get(`/v2/${suite.repo('grammar')}/manifests/md5:${'a'.repeat(32)}`);
    expectStatus(res, [400, 404]);
  });

  it('an unknown but well-formed sha512 manifest digest answers 404', async () => {
    const res = await suite.http.get(`/v2/${suite.repo('grammar')}/manifests/${unknownDigest('sha512')}`);
    expectStatus(res, 404);
  });
});
