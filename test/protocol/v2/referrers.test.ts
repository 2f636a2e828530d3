/** GET /v2/<name>/referrers/<digest> (OCI 1.1). distribution 2.8 has no referrers API. */
import { MediaTypes, makeArtifact, makeImage, makeIndex, unknownDigest, type ManifestDocument } from '../helpers/content';
import { expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { pushImage, pushManifestTree } from '../helpers/v2-client';
import { describeJanus, useV2Suite } from '../helpers/v2-suite';

interface ReferrersIndex {
  schemaVersion: number;
  mediaType: string;
  manifests: Array<{ mediaType: string; digest: string; size: number; artifactType?: string; annotations?: Record<string, string> }>;
}

const TYPE_A = 'application/vnd.example.sbom.v1';
const TYPE_B = 'application/vnd.example.signature.v1';

describeJanus('V2 referrers', () => {
  const suite = useV2Suite();
  let repo: string;
  let subject: ManifestDocument;
  let referrers: ManifestDocument[];

  const listReferrers = async (digest: string, query = '') => {
    const res = await suite.http.get(`/v2/${repo}/referrers/${digest}${query}`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe(MediaTypes.ociIndex);
    const index = JSON.parse(res.text) as ReferrersIndex;
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe(MediaTypes.ociIndex);
    return { res, index };
  };

  beforeAll(async () => {
    repo = suite.repo('referrers');
    subject = makeImage();
    await pushImage(suite.http, repo, subject, 'subject');
    const artifactA = makeArtifact({ subject: subject.descriptor, artifactType: TYPE_A, annotations: { 'org.example.name': 'a' } });
    const configStyleB = makeArtifact({ subject: subject.descriptor, artifactType: TYPE_B, style: 'config', annotations: { 'org.example.name': 'b' } });
    const imageReferrer = makeImage({ subject: subject.descriptor, annotations: { 'org.example.name': 'image' } });
    const indexReferrer = makeIndex([{ manifest: makeArtifact({ artifactType: TYPE_A }) }], {
      artifactType: 'application/vnd.example.bundle',
      subject: subject.descriptor,
      annotations: { 'org.example.name': 'index' },
    });
    referrers = [artifactA, configStyleB, imageReferrer, indexReferrer];
    for (const referrer of referrers) {
      const res = await pushManifestTree(suite.http, repo, referrer);
      expectStatus(res, 201);
      expect(res.headers['oci-subject']).toBe(subject.digest);
    }
  });

  it('a subject without referrers answers 200 with an empty OCI index', async () => {
    const { index } = await listReferrers(unknownDigest());
    expect(index.manifests).toEqual([]);
  });

  it('lists every manifest whose subject is the digest, with artifactType and annotations', async () => {
    const { index } = await listReferrers(subject.digest);
    const byDigest = new Map(index.manifests.map((descriptor) => [descriptor.digest, descriptor]));
    expect(byDigest.size).toBe(4);
    const [artifactA, configStyleB, imageReferrer, indexReferrer] = referrers as [ManifestDocument, ManifestDocument, ManifestDocument, ManifestDocument];
    expect(byDigest.get(artifactA.digest)).toEqual({
      mediaType: MediaTypes.ociManifest,
      digest: artifactA.digest,
      size: artifactA.size,
      artifactType: TYPE_A,
      annotations: { 'org.example.name': 'a' },
    });
    expect(byDigest.get(configStyleB.digest)).toEqual(expect.objectContaining({ artifactType: TYPE_B, size: configStyleB.size, annotations: { 'org.example.name': 'b' } }));
    expect(byDigest.get(imageReferrer.digest)).toEqual(expect.objectContaining({ artifactType: MediaTypes.ociConfig, annotations: { 'org.example.name': 'image' } }));
    expect(byDigest.get(indexReferrer.digest)).toEqual(
      expect.objectContaining({ mediaType: MediaTypes.ociIndex, artifactType: 'application/vnd.example.bundle', annotations: { 'org.example.name': 'index' } }),
    );
  });

  it('filters by artifactType and says so in OCI-Filters-Applied', async () => {
    const { res, index } = await listReferrers(subject.digest, `?artifactType=${encodeURIComponent(TYPE_A)}`);
    expect(res.headers['oci-filters-applied']).toBe('artifactType');
    expect(index.manifests.map((descriptor) => descriptor.digest)).toEqual([referrers[0]!.digest]);
  });

  it('a filter matching nothing answers an empty list', async () => {
    const { index } = await listReferrers(subject.digest, '?artifactType=application/vnd.example.none');
    expect(index.manifests).toEqual([]);
  });

  it('referrers of a subject that was never pushed are listed', async () => {
    const missing = { mediaType: MediaTypes.ociManifest, digest: unknownDigest(), size: 123 };
    const orphan = makeArtifact({ subject: missing, artifactType: TYPE_B });
    const res = await pushManifestTree(suite.http, repo, orphan);
    expectStatus(res, 201);
    expect(res.headers['oci-subject']).toBe(missing.digest);
    const { index } = await listReferrers(missing.digest);
    expect(index.manifests.map((descriptor) => descriptor.digest)).toEqual([orphan.digest]);
  });

  it('a deleted referrer disappears from the list', async () => {
    const own = makeImage();
    await pushImage(suite.http, repo, own);
    const referrer = makeArtifact({ subject: own.descriptor, artifactType: TYPE_A });
    expectStatus(await pushManifestTree(suite.http, repo, referrer), 201);
    expect((await listReferrers(own.digest)).index.manifests).toHaveLength(1);
    expectStatus(await suite.http.delete(`/v2/${repo}/manifests/${referrer.digest}`), 202);
    expect((await listReferrers(own.digest)).index.manifests).toEqual([]);
  });

  it('referrers are scoped to the repository', async () => {
    const other = suite.repo('referrers-other');
    const res = await suite.http.get(`/v2/${other}/referrers/${subject.digest}`);
    if (res.status === 404) expectV2Error(res, 404, 'NAME_UNKNOWN');
    else expect(JSON.parse(res.text).manifests).toEqual([]);
  });

  it('a malformed digest answers 400', async () => {
    const res = await suite.http.get(`/v2/${repo}/referrers/sha256:not-a-digest`);
    expectV2Error(res, 400, 'DIGEST_INVALID');
  });

  it('a tag instead of a digest answers 400', async () => {
    expectStatus(await suite.http.get(`/v2/${repo}/referrers/latest`), 400);
  });
});
