/** Port of the OCI conformance suite v1.1.1, 03_discovery_test.go. */
import { MediaTypes, emptyJsonBlob } from '../helpers/content';
import { ARTIFACT_TYPE_A, ANNOTATION_KEY, TEST_TAG_NAME, makeConformanceFixtures, type ConformanceManifest } from '../helpers/conformance-fixtures';
import { expectStatus } from '../helpers/v2-assertions';
import { pushBlob } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

interface Index {
  manifests: Array<{ digest: string; annotations?: Record<string, string> }>;
}

describe('conformance: Content Discovery', () => {
  const suite = useV2Suite();
  const fixtures = makeConformanceFixtures();
  const refs = fixtures.referrers;
  const manifest2 = fixtures.manifests[2]!;
  const manifest3 = fixtures.manifests[3]!;
  const manifest4 = fixtures.manifests[4]!;
  let name: string;
  let numTags = 4;
  let tagList: string[] = [];

  beforeAll(() => {
    name = suite.repo('conformance-discovery');
  });

  const put = (reference: string, manifest: ConformanceManifest) =>
    suite.http.put(`/v2/${name}/manifests/${reference}`).set('Content-Type', manifest.mediaType).send(manifest.bytes);
  /** pushes a referrer and checks OCI-Subject where the registry implements referrers */
  const putReferrer = async (manifest: ConformanceManifest, subject: string) => {
    const res = await put(manifest.digest, manifest);
    expectStatus(res, [200, 201, 202]);
    if (suite.kind === 'janus') expect(res.headers['oci-subject']).toBe(subject);
  };
  const referrers = async (digest: string, query = '') => {
    const res = await suite.http.get(`/v2/${name}/referrers/${digest}${query}`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe(MediaTypes.ociIndex);
    return { res, index: JSON.parse(res.text) as Index };
  };
  const tagsOf = (body: unknown) => ((body as { tags?: string[] | null }).tags ?? []);

  describe('Setup', () => {
    it('conformance: Populate registry with test blob', async () => {
      await pushBlob(suite.http, name, fixtures.configs[2]!);
    });

    it('conformance: Populate registry with test layer', async () => {
      await pushBlob(suite.http, name, fixtures.layer);
    });

    it('conformance: Populate registry with test tags', async () => {
      for (let i = 0; i < numTags; i++) expectStatus(await put(`test${i}`, manifest2), [200, 201, 202]);
      tagList = tagsOf((await suite.http.get(`/v2/${name}/tags/list`)).body);
    });

    it('conformance: References setup', async () => {
      expect(emptyJsonBlob.digest).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
      await pushBlob(suite.http, name, emptyJsonBlob);
      await pushBlob(suite.http, name, fixtures.refBlobA);
      await putReferrer(refs.manifestAConfig, manifest4.digest);
      await putReferrer(refs.manifestALayer, manifest4.digest);
      await putReferrer(refs.index, manifest4.digest);
      await pushBlob(suite.http, name, fixtures.configs[4]!);
      await pushBlob(suite.http, name, fixtures.layer);
      expectStatus(await put(TEST_TAG_NAME, manifest4), [200, 201, 202]);
      await pushBlob(suite.http, name, fixtures.refBlobB);
      await putReferrer(refs.manifestBConfig, manifest4.digest);
      await putReferrer(refs.manifestBLayer, manifest4.digest);
      await putReferrer(refs.manifestCLayer, manifest3.digest);
    });
  });

  describe('Test content discovery endpoints (listing tags)', () => {
    it('conformance: GET request to list tags should yield 200 response', async () => {
      const res = await suite.http.get(`/v2/${name}/tags/list`);
      expectStatus(res, 200);
      tagList = tagsOf(res.body);
      numTags = tagList.length;
      expect(numTags).toBe(5);
    });

    // distribution 2.8.2 ignores n on tags/list
    itJanus('conformance: GET number of tags should be limitable by `n` query parameter', async () => {
      const numResults = Math.floor(numTags / 2);
      const res = await suite.http.get(`/v2/${name}/tags/list?n=${numResults}`);
      expectStatus(res, 200);
      expect(tagsOf(res.body)).toHaveLength(numResults);
    });

    itJanus('conformance: GET start of tag is set by `last` query parameter', async () => {
      const numResults = Math.floor(numTags / 2);
      const first = tagsOf((await suite.http.get(`/v2/${name}/tags/list?n=${numResults}`)).body);
      const last = first[numResults - 1]!;
      const res = await suite.http.get(`/v2/${name}/tags/list?n=${numResults}&last=${encodeURIComponent(last)}`);
      expectStatus(res, 200);
      const page = tagsOf(res.body);
      expect(page.length).toBeLessThanOrEqual(numResults);
      expect(page).not.toContain(last);
      for (const tag of page) expect(tag > last).toBe(true);
    });
  });

  // distribution 2.8 has no referrers API
  describe('Test content discovery endpoints (listing references)', () => {
    itJanus('conformance: GET request to nonexistent blob should result in empty 200 response', async () => {
      const { index } = await referrers(fixtures.dummyDigest);
      expect(index.manifests).toHaveLength(0);
    });

    itJanus('conformance: GET request to existing blob should yield 200', async () => {
      const { index } = await referrers(manifest4.digest);
      expect(index.manifests).toHaveLength(5);
      expect(index.manifests[0]!.digest).not.toBe(index.manifests[1]!.digest);
      for (const descriptor of index.manifests) {
        expect(Object.keys(descriptor.annotations ?? {})).toHaveLength(1);
        expect(descriptor.annotations?.[ANNOTATION_KEY]).toBe(refs.annotations.get(descriptor.digest));
      }
    });

    itJanus('conformance: GET request to existing blob with filter should yield 200', async () => {
      const { res, index } = await referrers(manifest4.digest, `?artifactType=${encodeURIComponent(ARTIFACT_TYPE_A)}`);
      // the suite tolerates a registry that does not filter; Janus filters, so require the header
      expect(res.headers['oci-filters-applied']).toBe('artifactType');
      expect(index.manifests).toHaveLength(2);
      for (const descriptor of index.manifests) {
        expect(Object.keys(descriptor.annotations ?? {})).toHaveLength(1);
        expect(descriptor.annotations?.[ANNOTATION_KEY]).toBe(refs.annotations.get(descriptor.digest));
      }
    });

    itJanus('conformance: GET request to missing manifest should yield 200', async () => {
      const { index } = await referrers(manifest3.digest);
      expect(index.manifests.map((descriptor) => descriptor.digest)).toEqual([refs.manifestCLayer.digest]);
    });
  });

  describe('Teardown', () => {
    const deletable = [200, 201, 202, 204, 404, 405];

    it('conformance: Delete created manifest & associated tags', async () => {
      for (const manifest of [refs.index, manifest2, manifest4, refs.manifestAConfig, refs.manifestALayer, refs.manifestBConfig, refs.manifestBLayer, refs.manifestCLayer]) {
        expectStatus(await suite.http.delete(`/v2/${name}/manifests/${manifest.digest}`), deletable);
      }
    });

    it('conformance: Delete config blob created in tests', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/blobs/${fixtures.configs[2]!.digest}`), deletable);
    });

    it('conformance: Delete layer blob created in setup', async () => {
      expectStatus(await suite.http.delete(`/v2/${name}/blobs/${fixtures.layer.digest}`), deletable);
    });

    it('conformance: References teardown', async () => {
      for (const blob of [fixtures.configs[4]!, fixtures.refBlobA, fixtures.refBlobB, emptyJsonBlob]) {
        expectStatus(await suite.http.delete(`/v2/${name}/blobs/${blob.digest}`), deletable);
      }
    });
  });
});
