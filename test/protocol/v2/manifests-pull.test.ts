/** Manifest GET / HEAD by tag and digest, Accept negotiation, conditional requests, unknowns. */
import { MediaTypes, makeImage, makePlatformIndex, unknownDigest, type ManifestDocument } from '../helpers/content';
import { expectEmptyBody, expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { getManifest, pushImage } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

describe('V2 manifest GET and HEAD', () => {
  const suite = useV2Suite();
  let repo: string;
  const stored: Record<string, ManifestDocument> = {};

  beforeAll(async () => {
    repo = suite.repo('pull');
    stored.oci = makeImage({ format: 'oci' });
    stored.schema2 = makeImage({ format: 'schema2' });
    stored.index = makePlatformIndex('oci');
    stored.list = makePlatformIndex('list');
    for (const [tag, manifest] of Object.entries(stored)) await pushImage(suite.http, repo, manifest, tag);
  });

  describe.each(['oci', 'schema2', 'index', 'list'])('stored %s', (tag) => {
    const manifest = () => stored[tag]!;

    it.each(['tag', 'digest'])('GET by %s with its type in Accept answers 200 with the stored bytes and headers', async (by) => {
      const reference = by === 'tag' ? tag : manifest().digest;
      const res = await getManifest(suite.http, repo, reference, manifest().mediaType);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toBe(manifest().mediaType);
      expect(res.headers['docker-content-digest']).toBe(manifest().digest);
      expect(res.headers['content-length']).toBe(String(manifest().size));
      expect(Buffer.compare(res.body as Buffer, manifest().bytes)).toBe(0);
    });

    it.each(['tag', 'digest'])('HEAD by %s answers 200 with the GET headers and no body', async (by) => {
      const reference = by === 'tag' ? tag : manifest().digest;
      const res = await suite.http.head(`/v2/${repo}/manifests/${reference}`).set('Accept', manifest().mediaType);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toBe(manifest().mediaType);
      expect(res.headers['docker-content-digest']).toBe(manifest().digest);
      expect(res.headers['content-length']).toBe(String(manifest().size));
      expectEmptyBody(res);
    });

    it('an Accept listing several types including the stored one serves the stored one', async () => {
      const accept = `${MediaTypes.dockerManifest}, ${MediaTypes.dockerManifestList};q=0.9, ${MediaTypes.ociManifest}, ${MediaTypes.ociIndex}`;
      const res = await getManifest(suite.http, repo, tag, accept);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toBe(manifest().mediaType);
      expect(Buffer.compare(res.body as Buffer, manifest().bytes)).toBe(0);
    });

    it('Accept given as repeated headers is understood', async () => {
      const res = await suite.http
        .get(`/v2/${repo}/manifests/${tag}`)
        .set('Accept', [MediaTypes.schema1Signed, manifest().mediaType] as unknown as string);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toBe(manifest().mediaType);
    });

    it('If-None-Match with the digest answers 304', async () => {
      const res = await suite.http
        .get(`/v2/${repo}/manifests/${tag}`)
        .set('Accept', manifest().mediaType)
        .set('If-None-Match', `"${manifest().digest}"`);
      expectStatus(res, 304);
    });

    it('ETag names the digest', async () => {
      const res = await suite.http.head(`/v2/${repo}/manifests/${manifest().digest}`).set('Accept', manifest().mediaType);
      expect(res.headers.etag).toContain(manifest().digest);
    });
  });

  it('If-None-Match with another digest answers 200', async () => {
    const res = await suite.http
      .get(`/v2/${repo}/manifests/oci`)
      .set('Accept', MediaTypes.ociManifest)
      .set('If-None-Match', `"${unknownDigest()}"`);
    expectStatus(res, 200);
  });

  it('GET of an unknown tag answers 404 MANIFEST_UNKNOWN', async () => {
    expectV2Error(await suite.http.get(`/v2/${repo}/manifests/no-such-tag`), 404, 'MANIFEST_UNKNOWN');
  });

  it('GET of an unknown digest answers 404 MANIFEST_UNKNOWN', async () => {
    expectV2Error(await suite.http.get(`/v2/${repo}/manifests/${unknownDigest()}`), 404, 'MANIFEST_UNKNOWN');
  });

  it('HEAD of an unknown tag answers 404 without a body', async () => {
    const res = await suite.http.head(`/v2/${repo}/manifests/no-such-tag`);
    expectStatus(res, 404);
    expectEmptyBody(res);
  });

  it('GET in an unknown repository answers 404 NAME_UNKNOWN or MANIFEST_UNKNOWN', async () => {
    expectV2Error(await suite.http.get(`/v2/${suite.repo('nowhere')}/manifests/latest`), 404, ['NAME_UNKNOWN', 'MANIFEST_UNKNOWN']);
  });

  // distribution 2.8.2 answers 500 UNKNOWN when asked for a config blob as a manifest
  itJanus('a blob digest is not a manifest', async () => {
    const res = await suite.http.get(`/v2/${repo}/manifests/${stored.oci!.blobs[0]!.digest}`).set('Accept', MediaTypes.ociManifest);
    expectV2Error(res, 404, 'MANIFEST_UNKNOWN');
  });

  it('a manifest of another repository is not served here', async () => {
    const other = suite.repo('pull-other');
    await pushImage(suite.http, other, makeImage({ format: 'oci' }), 'v1');
    expectV2Error(await suite.http.get(`/v2/${other}/manifests/${stored.oci!.digest}`).set('Accept', MediaTypes.ociManifest), 404, 'MANIFEST_UNKNOWN');
  });
});
