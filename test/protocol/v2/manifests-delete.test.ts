/** Manifest DELETE by digest and by tag. */
import { MediaTypes, makeImage, unknownDigest } from '../helpers/content';
import { expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { pushImage, putManifest } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

describe('V2 manifest DELETE', () => {
  const suite = useV2Suite();

  const tagsOf = async (repo: string): Promise<string[]> => {
    const res = await suite.http.get(`/v2/${repo}/tags/list`);
    if (res.status === 404) return [];
    expectStatus(res, 200);
    return (res.body as { tags: string[] | null }).tags ?? [];
  };

  it('DELETE by digest answers 202; GET and HEAD then answer 404 MANIFEST_UNKNOWN', async () => {
    const repo = suite.repo('delete');
    const image = makeImage();
    await pushImage(suite.http, repo, image, 'doomed');
    expectStatus(await suite.http.delete(`/v2/${repo}/manifests/${image.digest}`), 202);
    expectV2Error(await suite.http.get(`/v2/${repo}/manifests/${image.digest}`).set('Accept', MediaTypes.ociManifest), 404, 'MANIFEST_UNKNOWN');
    expectStatus(await suite.http.head(`/v2/${repo}/manifests/${image.digest}`).set('Accept', MediaTypes.ociManifest), 404);
  });

  it('DELETE by digest removes every tag pointing at it and keeps the others', async () => {
    const repo = suite.repo('delete');
    const doomed = makeImage();
    const kept = makeImage();
    await pushImage(suite.http, repo, doomed, 'a');
    await putManifest(suite.http, repo, 'b', doomed);
    await pushImage(suite.http, repo, kept, 'c');
    expectStatus(await suite.http.delete(`/v2/${repo}/manifests/${doomed.digest}`), 202);
    expectV2Error(await suite.http.get(`/v2/${repo}/manifests/a`).set('Accept', MediaTypes.ociManifest), 404, 'MANIFEST_UNKNOWN');
    expectV2Error(await suite.http.get(`/v2/${repo}/manifests/b`).set('Accept', MediaTypes.ociManifest), 404, 'MANIFEST_UNKNOWN');
    expect(await tagsOf(repo)).toEqual(['c']);
    expectStatus(await suite.http.head(`/v2/${repo}/manifests/c`).set('Accept', MediaTypes.ociManifest), 200);
  });

  it('DELETE by digest leaves the referenced blobs readable', async () => {
    const repo = suite.repo('delete');
    const image = makeImage();
    await pushImage(suite.http, repo, image, 'x');
    expectStatus(await suite.http.delete(`/v2/${repo}/manifests/${image.digest}`), 202);
    for (const blob of image.blobs) expectStatus(await suite.http.head(`/v2/${repo}/blobs/${blob.digest}`), 200);
  });

  it('DELETE of an unknown digest answers 404 MANIFEST_UNKNOWN', async () => {
    const repo = suite.repo('delete');
    await pushImage(suite.http, repo, makeImage(), 'present');
    expectV2Error(await suite.http.delete(`/v2/${repo}/manifests/${unknownDigest()}`), 404, 'MANIFEST_UNKNOWN');
  });

  it('a deleted manifest can be pushed again', async () => {
    const repo = suite.repo('delete');
    const image = makeImage();
    await pushImage(suite.http, repo, image, 'again');
    expectStatus(await suite.http.delete(`/v2/${repo}/manifests/${image.digest}`), 202);
    expectStatus(await putManifest(suite.http, repo, 'again', image), 201);
    expectStatus(await suite.http.head(`/v2/${repo}/manifests/again`).set('Accept', MediaTypes.ociManifest), 200);
  });

  // distribution 2.8 needs a digest (400 DIGEST_INVALID for a tag); tag deletion arrived in v3
  itJanus('DELETE by tag answers 202 and removes only that tag', async () => {
    const repo = suite.repo('delete');
    const image = makeImage();
    await pushImage(suite.http, repo, image, 'one');
    await putManifest(suite.http, repo, 'two', image);
    expectStatus(await suite.http.delete(`/v2/${repo}/manifests/one`), 202);
    expectV2Error(await suite.http.get(`/v2/${repo}/manifests/one`).set('Accept', MediaTypes.ociManifest), 404, 'MANIFEST_UNKNOWN');
    expectStatus(await suite.http.head(`/v2/${repo}/manifests/two`).set('Accept', MediaTypes.ociManifest), 200);
    expectStatus(await suite.http.head(`/v2/${repo}/manifests/${image.digest}`).set('Accept', MediaTypes.ociManifest), 200);
    expect(await tagsOf(repo)).toEqual(['two']);
  });

  itJanus('DELETE of an unknown tag answers 404 MANIFEST_UNKNOWN', async () => {
    const repo = suite.repo('delete');
    await pushImage(suite.http, repo, makeImage(), 'present');
    expectV2Error(await suite.http.delete(`/v2/${repo}/manifests/absent`), 404, 'MANIFEST_UNKNOWN');
  });

  it('DELETE in an unknown repository answers 404', async () => {
    const res = await suite.http.delete(`/v2/${suite.repo('nowhere')}/manifests/${unknownDigest()}`);
    expectV2Error(res, 404, ['MANIFEST_UNKNOWN', 'NAME_UNKNOWN']);
  });

  if (suite.kind === 'reference') {
    it('distribution 2.8 refuses DELETE by tag with 400 DIGEST_INVALID or 405', async () => {
      const repo = suite.repo('delete');
      await pushImage(suite.http, repo, makeImage(), 'one');
      const res = await suite.http.delete(`/v2/${repo}/manifests/one`);
      expectStatus(res, [400, 405]);
    });
  }
});
