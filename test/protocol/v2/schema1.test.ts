/** Signed schema1 manifest PUT and GET (no conversion assertions here). */
import { MediaTypes } from '../helpers/content';
import { makeSignedSchema1, tamperSignature } from '../helpers/schema1-content';
import { expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { getManifest, locationOf, pushBlob } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';
import { schema1Digest } from '../../../src/registry/schema1';

describe('V2 signed schema1 manifests', () => {
  const suite = useV2Suite();

  const put = (repo: string, reference: string, bytes: Buffer, contentType: string = MediaTypes.schema1Signed) =>
    suite.http.put(`/v2/${repo}/manifests/${reference}`).set('Content-Type', contentType).send(bytes);

  it('PUT by tag answers 201 with the payload digest; GET by tag and digest return the same bytes', async () => {
    const repo = suite.repo('schema1');
    const manifest = makeSignedSchema1({ name: repo, tag: 'v1' });
    for (const layer of manifest.layers) await pushBlob(suite.http, repo, layer);
    const res = await put(repo, 'v1', manifest.bytes);
    expectStatus(res, 201);
    expect(res.headers['docker-content-digest']).toBe(manifest.digest);
    expect(suite.http.resolve(locationOf(res)).pathname).toBe(`/v2/${repo}/manifests/${manifest.digest}`);
    for (const reference of ['v1', manifest.digest]) {
      const got = await getManifest(suite.http, repo, reference, MediaTypes.schema1Signed);
      expectStatus(got, 200);
      expect(got.headers['content-type']).toBe(MediaTypes.schema1Signed);
      expect(got.headers['docker-content-digest']).toBe(manifest.digest);
      expect(schema1Digest(got.body as Buffer)).toBe(manifest.digest);
      // distribution 2.8 stores payload and signatures apart and re-assembles the JWS on GET
      if (suite.kind === 'janus') expect((got.body as Buffer).toString('utf8')).toBe(manifest.bytes.toString('utf8'));
    }
  });

  it('PUT by digest answers 201', async () => {
    const repo = suite.repo('schema1');
    const manifest = makeSignedSchema1({ name: repo, tag: 'v1' });
    for (const layer of manifest.layers) await pushBlob(suite.http, repo, layer);
    const res = await put(repo, manifest.digest, manifest.bytes);
    expectStatus(res, 201);
    expect(res.headers['docker-content-digest']).toBe(manifest.digest);
  });

  it('a broken signature answers 400 MANIFEST_UNVERIFIED', async () => {
    const repo = suite.repo('schema1');
    const manifest = makeSignedSchema1({ name: repo, tag: 'v1' });
    for (const layer of manifest.layers) await pushBlob(suite.http, repo, layer);
    expectV2Error(await put(repo, 'v1', tamperSignature(manifest)), 400, 'MANIFEST_UNVERIFIED');
  });

  // distribution 2.8.2 no longer checks schema1 name and tag against the URL
  itJanus('a name that is not the repository answers 400 NAME_INVALID', async () => {
    const repo = suite.repo('schema1');
    const manifest = makeSignedSchema1({ name: `${repo}-elsewhere`, tag: 'v1' });
    for (const layer of manifest.layers) await pushBlob(suite.http, repo, layer);
    expectV2Error(await put(repo, 'v1', manifest.bytes), 400, 'NAME_INVALID');
  });

  itJanus('a tag that is not the URL tag answers 400 TAG_INVALID', async () => {
    const repo = suite.repo('schema1');
    const manifest = makeSignedSchema1({ name: repo, tag: 'other' });
    for (const layer of manifest.layers) await pushBlob(suite.http, repo, layer);
    expectV2Error(await put(repo, 'v1', manifest.bytes), 400, 'TAG_INVALID');
  });

  it('a missing layer answers 400 MANIFEST_BLOB_UNKNOWN', async () => {
    const repo = suite.repo('schema1');
    const manifest = makeSignedSchema1({ name: repo, tag: 'v1' });
    await pushBlob(suite.http, repo, manifest.layers[0]!);
    expectV2Error(await put(repo, 'v1', manifest.bytes), 400, 'MANIFEST_BLOB_UNKNOWN');
  });

  it('schema1 bytes that are not JSON answer 400 MANIFEST_INVALID', async () => {
    const repo = suite.repo('schema1');
    expectV2Error(await put(repo, 'v1', Buffer.from('{"schemaVersion": 1, "name":')), 400, ['MANIFEST_INVALID', 'MANIFEST_UNVERIFIED']);
  });
});
