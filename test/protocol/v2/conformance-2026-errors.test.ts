/**
 * Port of the redesigned OCI conformance suite (distribution-spec main, 2026, run.go): ping,
 * the empty-repository checks and TestManifestErrors.
 */
import { randomBytes } from 'node:crypto';
import { MediaTypes, makeImage, unknownDigest } from '../helpers/content';
import { expectStatus } from '../helpers/v2-assertions';
import { pushBlob } from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

const ACCEPT = [MediaTypes.ociIndex, MediaTypes.ociManifest] as unknown as string;

describe('conformance: registry checks', () => {
  const suite = useV2Suite();
  let repo: string;

  beforeAll(() => {
    repo = suite.repo('conformance-errors');
  });

  it('conformance: ping', async () => {
    expectStatus(await suite.http.get('/v2/'), 200);
  });

  it('conformance: empty / tag list', async () => {
    const res = await suite.http.get(`/v2/${repo}/tags/list`);
    expectStatus(res, [200, 404]);
  });

  // distribution 2.8 has no referrers API
  itJanus('conformance: empty / referrers', async () => {
    const res = await suite.http.get(`/v2/${repo}/referrers/${unknownDigest()}`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe(MediaTypes.ociIndex);
    const index = JSON.parse(res.text) as { mediaType: string; schemaVersion: number; manifests: unknown[] };
    expect(index).toEqual({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [] });
  });

  it('conformance: missing-manifest / by-digest', async () => {
    expectStatus(await suite.http.get(`/v2/${repo}/manifests/${unknownDigest()}`).set('Accept', ACCEPT), 404);
  });

  it('conformance: missing-manifest / by-tag', async () => {
    const tag = `missing-${randomBytes(10).toString('hex')}`;
    expectStatus(await suite.http.get(`/v2/${repo}/manifests/${tag}`).set('Accept', ACCEPT), 404);
  });

  describe('invalid-digest-format', () => {
    const manifest = makeImage({ layerCount: 1 });

    beforeAll(async () => {
      for (const blob of manifest.blobs) await pushBlob(suite.http, repo, blob);
    });

    // distribution 2.8's router has no route for "sha256:baddigeststring" (text/plain 404)
    itJanus('conformance: manifest-put', async () => {
      const res = await suite.http.put(`/v2/${repo}/manifests/sha256:baddigeststring`).set('Content-Type', manifest.mediaType).send(manifest.bytes);
      expectStatus(res, 400);
    });

    // distribution 2.8.2 answers 500 (it looks the string up as a tag path)
    itJanus('conformance: manifest-get', async () => {
      const res = await suite.http.get(`/v2/${repo}/manifests/sha256:baddigeststring`).set('Accept', ACCEPT);
      expectStatus(res, [404, 400]);
    });
  });
});
