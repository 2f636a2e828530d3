/** Port of the OCI conformance suite v1.1.1, 04_management_test.go. */
import { MediaTypes } from '../helpers/content';
import { makeConformanceFixtures } from '../helpers/conformance-fixtures';
import { errorsOf, expectStatus } from '../helpers/v2-assertions';
import { pushBlob } from '../helpers/v2-client';
import { useV2Suite } from '../helpers/v2-suite';

describe('conformance: Content Management', () => {
  const suite = useV2Suite();
  const fixtures = makeConformanceFixtures();
  const config3 = fixtures.configs[3]!;
  const manifest3 = fixtures.manifests[3]!;
  const tagToDelete = 'tagtest0';
  let name: string;
  let numTags = 0;
  let blobDeleteAllowed = true;

  beforeAll(() => {
    name = suite.repo('conformance-management');
  });

  describe('Setup', () => {
    it('conformance: Populate registry with test config blob', async () => {
      await pushBlob(suite.http, name, config3);
    });

    it('conformance: Populate registry with test layer', async () => {
      await pushBlob(suite.http, name, fixtures.layer);
    });

    it('conformance: Populate registry with test tag', async () => {
      const res = await suite.http.put(`/v2/${name}/manifests/${tagToDelete}`).set('Content-Type', MediaTypes.ociManifest).send(manifest3.bytes);
      expectStatus(res, [200, 201, 202]);
    });

    it('conformance: Check how many tags there are before anything gets deleted', async () => {
      const res = await suite.http.get(`/v2/${name}/tags/list`);
      expectStatus(res, 200);
      numTags = ((res.body as { tags: string[] }).tags ?? []).length;
    });
  });

  describe('Manifest delete', () => {
    it('conformance: DELETE request to manifest tag should return 202, unless tag deletion is disallowed (400/405)', async () => {
      const res = await suite.http.delete(`/v2/${name}/manifests/${tagToDelete}`);
      // Janus deletes tags; distribution 2.8 refuses
      expectStatus(res, suite.kind === 'janus' ? [202] : [400, 202, 405]);
      // the suite wants UNSUPPORTED on a 400; distribution 2.8 sends DIGEST_INVALID
      if (res.status === 400 && suite.kind === 'janus') expect(errorsOf(res)[0]!.code).toBe('UNSUPPORTED');
    });

    it('conformance: DELETE request to manifest (digest) should yield 202 response unless already deleted', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/manifests/${manifest3.digest}`), [202, 404]);
    });

    it('conformance: GET request to deleted manifest URL should yield 404 response, unless delete is disallowed', async () => {
      const res = await suite.http.get(`/v2/${name}/manifests/${manifest3.digest}`).set('Accept', MediaTypes.ociManifest);
      expectStatus(res, suite.kind === 'janus' ? [404] : [404, 200]);
    });

    it('conformance: GET request to tags list should reflect manifest deletion', async () => {
      const res = await suite.http.get(`/v2/${name}/tags/list`);
      expectStatus(res, [404, 200]);
      const expectTags = numTags - 1;
      if (res.status === 200) expect(((res.body as { tags: string[] | null }).tags ?? []).length).toBe(expectTags);
      else expect(expectTags).toBe(0);
    });
  });

  describe('Blob delete', () => {
    it('conformance: DELETE request to blob URL should yield 202 response', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/blobs/${config3.digest}`), [202, 404, 405]);
      const res = await suite.http.delete(`/v2/${name}/blobs/${fixtures.layer.digest}`);
      expectStatus(res, [202, 404, 405]);
      if (res.status === 405) blobDeleteAllowed = false;
    });

    it('conformance: GET request to deleted blob URL should yield 404 response', async () => {
      if (!blobDeleteAllowed) return;
      expectStatus(await suite.http.get(`/v2/${name}/blobs/${config3.digest}`), 404);
    });
  });
});
