/**
 * Port of the OCI conformance suite v1.1.1, 01_pull_test.go. Test names are the suite's own;
 * acceptance sets are the suite's.
 */
import { MediaTypes } from '../helpers/content';
import { makeConformanceFixtures, NONEXISTENT_MANIFEST, TEST_TAG_NAME, INVALID_MANIFEST_CONTENT } from '../helpers/conformance-fixtures';
import { SPEC_ERROR_CODES, errorsOf, expectStatus } from '../helpers/v2-assertions';
import { pushBlob } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

const OK_OR_GONE = [200, 201, 202, 204, 404, 405];

describe('conformance: Pull', () => {
  const suite = useV2Suite();
  const fixtures = makeConformanceFixtures();
  const [config0, config1] = fixtures.configs as [typeof fixtures.configs[0], typeof fixtures.configs[0]];
  const [manifest0, manifest1] = fixtures.manifests as [typeof fixtures.manifests[0], typeof fixtures.manifests[0]];
  let name: string;
  const tag = TEST_TAG_NAME;
  const headManifest = (reference: string) => suite.http.head(`/v2/${name}/manifests/${reference}`).set('Accept', MediaTypes.ociManifest);
  const getManifest = (reference: string) => suite.http.get(`/v2/${name}/manifests/${reference}`).set('Accept', MediaTypes.ociManifest);
  const expectDigestHeaderIfPresent = (res: { headers: Record<string, string> }, digest: string) => {
    const header = res.headers['docker-content-digest'];
    if (header) expect(header).toBe(digest);
  };

  describe('Setup', () => {
    beforeAll(() => {
      name = suite.repo('conformance-pull');
    });

    it('conformance: Populate registry with test blob', async () => {
      await pushBlob(suite.http, name, config0);
      await pushBlob(suite.http, name, config1);
    });

    it('conformance: Populate registry with test layer', async () => {
      await pushBlob(suite.http, name, fixtures.layer);
    });

    it('conformance: Populate registry with test manifest', async () => {
      const byTag = await suite.http.put(`/v2/${name}/manifests/${tag}`).set('Content-Type', MediaTypes.ociManifest).send(manifest0.bytes);
      expectStatus(byTag, [200, 201, 202]);
      const res = await suite.http.put(`/v2/${name}/manifests/${manifest1.digest}`).set('Content-Type', MediaTypes.ociManifest).send(manifest1.bytes);
      expectStatus(res, [200, 201, 202]);
    });
  });

  describe('Pull blobs', () => {
    it('conformance: HEAD request to nonexistent blob should result in 404 response', async () => {
      expectStatus(await suite.http.head(`/v2/${name}/blobs/${fixtures.dummyDigest}`), 404);
    });

    it('conformance: HEAD request to existing blob should yield 200', async () => {
      const res = await suite.http.head(`/v2/${name}/blobs/${config0.digest}`);
      expectStatus(res, 200);
      expectDigestHeaderIfPresent(res, config0.digest);
    });

    it('conformance: GET nonexistent blob should result in 404 response', async () => {
      expectStatus(await suite.http.get(`/v2/${name}/blobs/${fixtures.dummyDigest}`), 404);
    });

    it('conformance: GET request to existing blob URL should yield 200', async () => {
      expectStatus(await suite.http.get(`/v2/${name}/blobs/${config0.digest}`), 200);
    });
  });

  describe('Pull manifests', () => {
    it('conformance: HEAD request to nonexistent manifest should return 404', async () => {
      expectStatus(await suite.http.head(`/v2/${name}/manifests/${NONEXISTENT_MANIFEST}`), 404);
    });

    it('conformance: HEAD request to manifest[0] path (digest) should yield 200 response', async () => {
      const res = await headManifest(manifest0.digest);
      expectStatus(res, 200);
      expectDigestHeaderIfPresent(res, manifest0.digest);
    });

    it('conformance: HEAD request to manifest[1] path (digest) should yield 200 response', async () => {
      const res = await headManifest(manifest1.digest);
      expectStatus(res, 200);
      expectDigestHeaderIfPresent(res, manifest1.digest);
    });

    it('conformance: HEAD request to manifest path (tag) should yield 200 response', async () => {
      const res = await headManifest(tag);
      expectStatus(res, 200);
      expectDigestHeaderIfPresent(res, manifest0.digest);
    });

    it('conformance: GET nonexistent manifest should return 404', async () => {
      expectStatus(await suite.http.get(`/v2/${name}/manifests/${NONEXISTENT_MANIFEST}`), 404);
    });

    it('conformance: GET request to manifest[0] path (digest) should yield 200 response', async () => {
      expectStatus(await getManifest(manifest0.digest), 200);
    });

    it('conformance: GET request to manifest[1] path (digest) should yield 200 response', async () => {
      expectStatus(await getManifest(manifest1.digest), 200);
    });

    it('conformance: GET request to manifest path (tag) should yield 200 response', async () => {
      expectStatus(await getManifest(tag), 200);
    });
  });

  describe('Error codes', () => {
    // distribution 2.8.2 answers 500 (it looks "sha256:totallywrong" up as a tag path)
    itJanus('conformance: 400 response body should contain OCI-conforming JSON message', async () => {
      const res = await suite.http
        .get(`/v2/${name}/manifests/sha256:totallywrong`)
        .set('Content-Type', MediaTypes.ociManifest)
        .send(INVALID_MANIFEST_CONTENT);
      expectStatus(res, [400, 404]);
      if (res.status === 400) expect(SPEC_ERROR_CODES).toContain(errorsOf(res)[0]!.code);
    });
  });

  describe('Teardown', () => {
    it('conformance: Delete manifest[0] created in setup', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/manifests/${manifest0.digest}`), [200, 201, 202, 204, 405]);
    });

    it('conformance: Delete manifest[1] created in setup', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/manifests/${manifest1.digest}`), [200, 201, 202, 204, 405]);
    });

    it('conformance: Delete config[0] blob created in setup', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/blobs/${config0.digest}`), OK_OR_GONE);
    });

    it('conformance: Delete config[1] blob created in setup', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/blobs/${config1.digest}`), OK_OR_GONE);
    });

    it('conformance: Delete layer blob created in setup', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/blobs/${fixtures.layer.digest}`), OK_OR_GONE);
    });
  });
});
