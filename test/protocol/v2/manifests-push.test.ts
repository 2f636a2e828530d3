/** Manifest PUT: every modern media type, by tag and by digest, and every rejection. */
import {
  MediaTypes,
  descriptorOf,
  documentOf,
  emptyJsonBlob,
  makeArtifact,
  makeImage,
  makeIndex,
  makePlatformIndex,
  randomBlob,
  unknownDigest,
  type ManifestDocument,
} from '../helpers/content';
import { expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { getManifest, locationOf, pushBlob, pushImage, pushManifestTree, putManifest } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

const KINDS: ReadonlyArray<[string, () => ManifestDocument]> = [
  ['Docker schema2 manifest', () => makeImage({ format: 'schema2', layerCount: 2 })],
  ['OCI image manifest', () => makeImage({ format: 'oci', layerCount: 2 })],
  ['OCI image index', () => makePlatformIndex('oci')],
  ['Docker manifest list', () => makePlatformIndex('list')],
];

describe('V2 manifest PUT', () => {
  const suite = useV2Suite();

  const expectCreated = (res: Awaited<ReturnType<typeof putManifest>>, repo: string, manifest: ManifestDocument) => {
    expectStatus(res, 201);
    expect(suite.http.resolve(locationOf(res)).pathname).toBe(`/v2/${repo}/manifests/${manifest.digest}`);
    expect(res.headers['docker-content-digest']).toBe(manifest.digest);
  };

  const expectServedBack = async (repo: string, reference: string, manifest: ManifestDocument) => {
    const res = await getManifest(suite.http, repo, reference, manifest.mediaType);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe(manifest.mediaType);
    expect(res.headers['docker-content-digest']).toBe(manifest.digest);
    expect(res.headers['content-length']).toBe(String(manifest.size));
    expect((res.body as Buffer).toString('utf8')).toBe(manifest.bytes.toString('utf8'));
  };

  describe.each(KINDS)('%s', (_label, make) => {
    it('PUT by tag answers 201 with Location and Docker-Content-Digest; GET returns the same bytes', async () => {
      const repo = suite.repo('manifests');
      const manifest = make();
      const res = await pushManifestTree(suite.http, repo, manifest, 'v1');
      expectCreated(res, repo, manifest);
      await expectServedBack(repo, 'v1', manifest);
      await expectServedBack(repo, manifest.digest, manifest);
    });

    it('PUT by digest answers 201 with Location and Docker-Content-Digest; GET returns the same bytes', async () => {
      const repo = suite.repo('manifests');
      const manifest = make();
      const res = await pushManifestTree(suite.http, repo, manifest);
      expectCreated(res, repo, manifest);
      await expectServedBack(repo, manifest.digest, manifest);
    });
  });

  it('pushing the same manifest again answers 201', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage();
    await pushImage(suite.http, repo, manifest, 'a');
    expectCreated(await putManifest(suite.http, repo, 'a', manifest), repo, manifest);
    expectCreated(await putManifest(suite.http, repo, 'b', manifest), repo, manifest);
  });

  it('moving a tag to another manifest makes the tag serve the new one', async () => {
    const repo = suite.repo('manifests');
    const first = makeImage();
    const second = makeImage();
    await pushImage(suite.http, repo, first, 'moving');
    await pushImage(suite.http, repo, second, 'moving');
    await expectServedBack(repo, 'moving', second);
    await expectServedBack(repo, first.digest, first);
  });

  it('whitespace and key order are kept byte for byte (two-space indent, unusual key order)', async () => {
    const repo = suite.repo('manifests');
    const config = randomBlob(20);
    await pushBlob(suite.http, repo, config);
    const manifest = documentOf(
      MediaTypes.ociManifest,
      { layers: [], config: descriptorOf(config, MediaTypes.ociConfig), mediaType: MediaTypes.ociManifest, schemaVersion: 2 },
      [config],
      [],
      'sha256',
      2,
    );
    expectCreated(await putManifest(suite.http, repo, 'odd', manifest), repo, manifest);
    await expectServedBack(repo, 'odd', manifest);
  });

  it('an OCI manifest without the optional mediaType member is accepted', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage({ omitMediaType: true });
    expectCreated(await pushManifestTree(suite.http, repo, manifest, 'bare'), repo, manifest);
  });

  it('a manifest with an empty layers list answers 201', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage({ layerCount: 0 });
    expectCreated(await pushManifestTree(suite.http, repo, manifest, 'nolayers'), repo, manifest);
  });

  it('unknown top-level members and descriptor `data` fields are kept', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage({ dataField: true, extraFields: { 'org.example.custom': 'value', newUnspecifiedField: null } });
    expectCreated(await pushManifestTree(suite.http, repo, manifest, 'extra'), repo, manifest);
    await expectServedBack(repo, 'extra', manifest);
  });

  it('invalid JSON answers 400 MANIFEST_INVALID', async () => {
    const repo = suite.repo('manifests');
    const res = await suite.http.put(`/v2/${repo}/manifests/bad`).set('Content-Type', MediaTypes.ociManifest).send(Buffer.from('blablabla'));
    expectV2Error(res, 400, 'MANIFEST_INVALID');
  });

  it('a manifest whose config blob is missing answers 400 MANIFEST_BLOB_UNKNOWN', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage();
    const res = await putManifest(suite.http, repo, 'missing', manifest);
    expectV2Error(res, 400, 'MANIFEST_BLOB_UNKNOWN');
  });

  it('a manifest whose layer blob is missing answers 400 MANIFEST_BLOB_UNKNOWN', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage({ layerCount: 2 });
    await pushBlob(suite.http, repo, manifest.blobs[0]!);
    await pushBlob(suite.http, repo, manifest.blobs[1]!);
    const res = await putManifest(suite.http, repo, 'missing', manifest);
    expectV2Error(res, 400, 'MANIFEST_BLOB_UNKNOWN');
  });

  it('a manifest referencing a blob of another repository only answers 400 MANIFEST_BLOB_UNKNOWN', async () => {
    const other = suite.repo('manifests-other');
    const repo = suite.repo('manifests');
    const manifest = makeImage();
    for (const blob of manifest.blobs) await pushBlob(suite.http, other, blob);
    expectV2Error(await putManifest(suite.http, repo, 'x', manifest), 400, 'MANIFEST_BLOB_UNKNOWN');
  });

  it.each([
    ['OCI index', 'oci'],
    ['Docker manifest list', 'list'],
  ] as const)('an %s referencing an unknown manifest answers 400 MANIFEST_BLOB_UNKNOWN', async (_label, format) => {
    const repo = suite.repo('manifests');
    const index = makePlatformIndex(format);
    const res = await putManifest(suite.http, repo, 'idx', index);
    expectV2Error(res, 400, 'MANIFEST_BLOB_UNKNOWN');
  });

  it('a mediaType member disagreeing with Content-Type answers 400 MANIFEST_INVALID', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage({ format: 'schema2' });
    for (const blob of manifest.blobs) await pushBlob(suite.http, repo, blob);
    const res = await putManifest(suite.http, repo, 'mismatch', manifest, MediaTypes.ociManifest);
    expectV2Error(res, 400, 'MANIFEST_INVALID');
  });

  it('an OCI index with a manifest mediaType disagreeing with Content-Type answers 400 MANIFEST_INVALID', async () => {
    const repo = suite.repo('manifests');
    const index = makePlatformIndex('oci');
    for (const child of index.children) await pushImage(suite.http, repo, child);
    const res = await putManifest(suite.http, repo, 'mismatch', index, MediaTypes.ociManifest);
    expectV2Error(res, 400, 'MANIFEST_INVALID');
  });

  it('PUT by digest with bytes of another digest answers 400 DIGEST_INVALID', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage();
    for (const blob of manifest.blobs) await pushBlob(suite.http, repo, blob);
    const res = await putManifest(suite.http, repo, unknownDigest(), manifest);
    expectV2Error(res, 400, 'DIGEST_INVALID');
  });

  it('PUT by digest of bytes with trailing whitespace added answers 400 DIGEST_INVALID', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage();
    for (const blob of manifest.blobs) await pushBlob(suite.http, repo, blob);
    const res = await suite.http
      .put(`/v2/${repo}/manifests/${manifest.digest}`)
      .set('Content-Type', manifest.mediaType)
      .send(Buffer.concat([manifest.bytes, Buffer.from('  ')]));
    expectV2Error(res, 400, 'DIGEST_INVALID');
  });

  it('a manifest of about 3.9 MB (OCI asks to accept at least 4 MB) answers 201', async () => {
    const repo = suite.repo('manifests');
    const annotations: Record<string, string> = {};
    for (let i = 0; i < 390; i++) annotations[`large-annotation-${i}`] = 'A'.repeat(10_000);
    const manifest = makeImage({ annotations });
    expect(manifest.size).toBeGreaterThan(3_900_000);
    expectCreated(await pushManifestTree(suite.http, repo, manifest, 'large'), repo, manifest);
    await expectServedBack(repo, 'large', manifest);
  });

  it('a manifest over 4 MiB answers 413 (or 400) with a V2 error body', async () => {
    const repo = suite.repo('manifests');
    const manifest = makeImage({ annotations: { big: 'B'.repeat(4 * 1024 * 1024 + 10) } });
    for (const blob of manifest.blobs) await pushBlob(suite.http, repo, blob);
    const res = await putManifest(suite.http, repo, 'huge', manifest);
    expectStatus(res, [400, 413]);
    expectV2Error(res, res.status, ['MANIFEST_INVALID', 'SIZE_INVALID', 'UNSUPPORTED']);
  });

  it('a manifest with a subject that does not exist yet is accepted', async () => {
    const repo = suite.repo('manifests');
    const subject = { mediaType: MediaTypes.ociManifest, digest: unknownDigest(), size: 123 };
    const artifact = makeArtifact({ subject, artifactType: 'application/vnd.example.sbom' });
    expectCreated(await pushManifestTree(suite.http, repo, artifact), repo, artifact);
  });

  // distribution 2.8 does not implement referrers and sends no OCI-Subject
  itJanus('a manifest with a subject answers 201 with OCI-Subject', async () => {
    const repo = suite.repo('manifests');
    const image = makeImage();
    await pushImage(suite.http, repo, image, 'subject');
    const artifact = makeArtifact({ subject: image.descriptor, artifactType: 'application/vnd.example.sig' });
    const res = await pushManifestTree(suite.http, repo, artifact);
    expectCreated(res, repo, artifact);
    expect(res.headers['oci-subject']).toBe(image.digest);
  });

  itJanus('an index with a subject answers 201 with OCI-Subject', async () => {
    const repo = suite.repo('manifests');
    const image = makeImage();
    await pushImage(suite.http, repo, image);
    const index = makeIndex([{ manifest: makeArtifact({ artifactType: 'application/vnd.example.a' }) }], {
      artifactType: 'application/vnd.example.bundle',
      subject: image.descriptor,
    });
    const res = await pushManifestTree(suite.http, repo, index);
    expectCreated(res, repo, index);
    expect(res.headers['oci-subject']).toBe(image.digest);
  });

  it('a nested index (index of indexes) answers 201', async () => {
    const repo = suite.repo('manifests');
    const nested = makeIndex([{ manifest: makePlatformIndex('oci') }, { manifest: makePlatformIndex('oci') }]);
    expectCreated(await pushManifestTree(suite.http, repo, nested, 'index-of-index'), repo, nested);
    await expectServedBack(repo, 'index-of-index', nested);
  });

  it('an empty index answers 201', async () => {
    const repo = suite.repo('manifests');
    const empty = makeIndex([]);
    expectCreated(await putManifest(suite.http, repo, 'empty-index', empty), repo, empty);
  });

  it('an artifact whose only layer is the empty JSON blob answers 201', async () => {
    const repo = suite.repo('manifests');
    const artifact = makeArtifact({ artifactType: 'application/vnd.example.thing', payload: emptyJsonBlob });
    expectCreated(await pushManifestTree(suite.http, repo, artifact, 'empty-layer'), repo, artifact);
  });

  // distribution 2.8.2 answers 500 UNKNOWN here (the 2026 conformance suite pushes such an image)
  itJanus('non-distributable layers with urls need not be pushed', async () => {
    const repo = suite.repo('manifests');
    const config = randomBlob(30);
    await pushBlob(suite.http, repo, config);
    const foreign = unknownDigest();
    const manifest = documentOf(
      MediaTypes.ociManifest,
      {
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: descriptorOf(config, MediaTypes.ociConfig),
        layers: [{ mediaType: MediaTypes.ociLayerNondistributableGzip, digest: foreign, size: 123456, urls: [`https://store.example.com/blobs/sha256/${foreign.slice(7)}`] }],
      },
      [config],
    );
    expectCreated(await putManifest(suite.http, repo, 'nondist', manifest), repo, manifest);
  });

  itJanus('a sha512 manifest pushed by its sha512 digest answers 201 and is served under it', async () => {
    const repo = suite.repo('manifests');
    const image = makeImage({ algorithm: 'sha512' });
    const res = await pushManifestTree(suite.http, repo, image);
    expectCreated(res, repo, image);
    await expectServedBack(repo, image.digest, image);
  });
});
