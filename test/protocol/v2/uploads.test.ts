/** Blob upload sessions: start, monolithic, streamed, chunked, status, finish, cancel, errors. */
import { randomUUID } from 'node:crypto';
import { MediaTypes, blobOf, digestOf, randomBlob, unknownDigest } from '../helpers/content';
import { sendStreamed } from '../helpers/streamed-request';
import { expectEmptyBody, expectStatus, expectV2Error } from '../helpers/v2-assertions';
import {
  getBlob,
  locationOf,
  patchChunk,
  startUpload,
  uploadBlobChunked,
  uploadBlobMonolithic,
  uploadBlobStreamed,
  withQuery,
} from '../helpers/v2-client';
import { itJanus, useV2Suite } from '../helpers/v2-suite';

describe('V2 blob uploads', () => {
  const suite = useV2Suite();
  /** distribution 2.8 reports a Location without a valid `_state` as 404 BLOB_UPLOAD_INVALID */
  const UPLOAD_UNKNOWN = suite.kind === 'janus' ? ['BLOB_UPLOAD_UNKNOWN'] : ['BLOB_UPLOAD_UNKNOWN', 'BLOB_UPLOAD_INVALID'];

  const expectBlobReadable = async (repo: string, bytes: Buffer) => {
    const res = await getBlob(suite.http, repo, digestOf(bytes));
    expectStatus(res, 200);
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
  };

  const expectFinished = (res: Awaited<ReturnType<typeof uploadBlobMonolithic>>, repo: string, digest: string) => {
    expectStatus(res, 201);
    expect(suite.http.resolve(locationOf(res)).pathname).toBe(`/v2/${repo}/blobs/${digest}`);
    expect(res.headers['docker-content-digest']).toBe(digest);
  };

  describe('starting a session', () => {
    it('POST answers 202 with Location, Docker-Upload-UUID and Range 0-0', async () => {
      const repo = suite.repo('uploads');
      const res = await suite.http.post(`/v2/${repo}/blobs/uploads/`);
      expectStatus(res, 202);
      expect(suite.http.resolve(locationOf(res)).pathname).toMatch(new RegExp(`^/v2/${repo}/blobs/uploads/.+`));
      expect(res.headers['docker-upload-uuid']).toMatch(/\S/);
      expect(res.headers.range).toBe('0-0');
      expect(res.headers['content-length']).toBe('0');
    });

    it('every POST opens a distinct session', async () => {
      const repo = suite.repo('uploads');
      const first = await startUpload(suite.http, repo);
      const second = await startUpload(suite.http, repo);
      expect(first.res.headers['docker-upload-uuid']).not.toBe(second.res.headers['docker-upload-uuid']);
    });
  });

  describe('monolithic uploads', () => {
    it('POST then PUT ?digest= with the whole body answers 201 with Location and Docker-Content-Digest', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(4096);
      expectFinished(await uploadBlobMonolithic(suite.http, repo, blob), repo, blob.digest);
      await expectBlobReadable(repo, blob.bytes);
    });

    // distribution 2.8 ignores ?digest= on POST and answers 202 (allowed by OCI; Janus implements it)
    itJanus('POST ?digest= with the body answers 201 with Location and Docker-Content-Digest', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(1000);
      const res = await suite.http
        .post(`/v2/${repo}/blobs/uploads/?digest=${blob.digest}`)
        .set('Content-Type', MediaTypes.octetStream)
        .send(blob.bytes);
      expectFinished(res, repo, blob.digest);
      await expectBlobReadable(repo, blob.bytes);
    });

    itJanus('POST ?digest= with a wrong digest answers 400 DIGEST_INVALID and stores nothing', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(1000);
      const claimed = unknownDigest();
      const res = await suite.http
        .post(`/v2/${repo}/blobs/uploads/?digest=${claimed}`)
        .set('Content-Type', MediaTypes.octetStream)
        .send(blob.bytes);
      expectV2Error(res, 400, 'DIGEST_INVALID');
      expectStatus(await suite.http.head(`/v2/${repo}/blobs/${claimed}`), 404);
      expectStatus(await suite.http.head(`/v2/${repo}/blobs/${blob.digest}`), 404);
    });

    it('a zero-byte blob uploads and reads back empty', async () => {
      const repo = suite.repo('uploads');
      const empty = blobOf(Buffer.alloc(0));
      expect(empty.digest).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expectFinished(await uploadBlobMonolithic(suite.http, repo, empty), repo, empty.digest);
      const head = await suite.http.head(`/v2/${repo}/blobs/${empty.digest}`);
      expectStatus(head, 200);
      expect(head.headers['content-length']).toBe('0');
      await expectBlobReadable(repo, empty.bytes);
    });

    // distribution 2.8 stores the content but answers with its sha256 digest in Location
    itJanus('a sha512 blob uploads and reads back under its sha512 digest', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(777, 'sha512');
      expectFinished(await uploadBlobMonolithic(suite.http, repo, blob), repo, blob.digest);
      const res = await getBlob(suite.http, repo, blob.digest);
      expectStatus(res, 200);
      expect(res.headers['docker-content-digest']).toBe(blob.digest);
      expect(Buffer.compare(res.body as Buffer, blob.bytes)).toBe(0);
    });
  });

  describe('streamed uploads (PATCH without Content-Range)', () => {
    it('PATCH answers 202 with Location, Range and Docker-Upload-UUID; PUT ?digest= finishes', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(3000);
      const { location } = await startUpload(suite.http, repo);
      const patched = await suite.http.patch(location).set('Content-Type', MediaTypes.octetStream).send(blob.bytes);
      expectStatus(patched, 202);
      expect(patched.headers.range).toBe(`0-${blob.size - 1}`);
      expect(patched.headers['docker-upload-uuid']).toMatch(/\S/);
      const put = await suite.http.put(withQuery(locationOf(patched), { digest: blob.digest })).send(Buffer.alloc(0));
      expectFinished(put, repo, blob.digest);
      await expectBlobReadable(repo, blob.bytes);
    });

    it('a PATCH with chunked transfer encoding and no Content-Length is accepted', async () => {
      const repo = suite.repo('uploads');
      const parts = [randomBlob(1000).bytes, randomBlob(5000).bytes, randomBlob(10).bytes];
      const whole = Buffer.concat(parts);
      const { location } = await startUpload(suite.http, repo);
      const patched = await sendStreamed(suite.http.resolve(location), 'PATCH', parts, { 'Content-Type': MediaTypes.octetStream }, suite.recorder);
      expect(patched.status).toBe(202);
      expect(patched.headers.range).toBe(`0-${whole.length - 1}`);
      const next = patched.headers.location as string;
      const put = await suite.http.put(withQuery(next, { digest: digestOf(whole) })).send(Buffer.alloc(0));
      expectFinished(put, repo, digestOf(whole));
      await expectBlobReadable(repo, whole);
    });

    it('the helper upload (POST, PATCH, PUT) answers 201', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(100);
      expectFinished(await uploadBlobStreamed(suite.http, repo, blob), repo, blob.digest);
    });
  });

  describe('chunked uploads (PATCH with Content-Range)', () => {
    it('each chunk answers 202 with the accumulated Range; PUT ?digest= finishes', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(3001);
      let { location } = await startUpload(suite.http, repo);
      for (const start of [0, 1000, 2000]) {
        const chunk = blob.bytes.subarray(start, Math.min(start + 1000, blob.size));
        const res = await patchChunk(suite.http, location, chunk, start);
        expectStatus(res, 202);
        expect(res.headers.range).toBe(`0-${start + chunk.length - 1}`);
        location = locationOf(res);
      }
      const last = blob.bytes.subarray(3000);
      const put = await suite.http
        .put(withQuery(location, { digest: blob.digest }))
        .set('Content-Type', MediaTypes.octetStream)
        .set('Content-Range', `3000-3000`)
        .send(last);
      expectFinished(put, repo, blob.digest);
      await expectBlobReadable(repo, blob.bytes);
    });

    it('the helper upload in many chunks answers 201', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(2500);
      expectFinished(await uploadBlobChunked(suite.http, repo, blob, 700), repo, blob.digest);
      await expectBlobReadable(repo, blob.bytes);
    });

    // distribution 2.8 ignores Content-Range (RANGE_INVALID arrived in v3)
    itJanus('a first chunk that does not start at 0 answers 416', async () => {
      const { location } = await startUpload(suite.http, suite.repo('uploads'));
      const res = await patchChunk(suite.http, location, randomBlob(10).bytes, 10);
      expectStatus(res, 416);
    });

    itJanus('a chunk that skips ahead answers 416 and leaves the session where it was', async () => {
      const blob = randomBlob(30);
      let { location } = await startUpload(suite.http, suite.repo('uploads'));
      const first = await patchChunk(suite.http, location, blob.bytes.subarray(0, 10), 0);
      expectStatus(first, 202);
      location = locationOf(first);
      expectStatus(await patchChunk(suite.http, location, blob.bytes.subarray(20, 30), 20), 416);
      const status = await suite.http.get(location);
      expectStatus(status, 204);
      expect(status.headers.range).toBe('0-9');
    });

    itJanus('re-sending the first chunk answers 416', async () => {
      const blob = randomBlob(20);
      const { location } = await startUpload(suite.http, suite.repo('uploads'));
      expectStatus(await patchChunk(suite.http, location, blob.bytes.subarray(0, 10), 0), 202);
      expectStatus(await patchChunk(suite.http, location, blob.bytes.subarray(0, 10), 0), 416);
    });

    itJanus('a Content-Range that disagrees with Content-Length answers 400 SIZE_INVALID (or 416)', async () => {
      const { location } = await startUpload(suite.http, suite.repo('uploads'));
      const res = await suite.http
        .patch(location)
        .set('Content-Type', MediaTypes.octetStream)
        .set('Content-Range', '0-9')
        .send(randomBlob(5).bytes);
      if (res.status === 416) return;
      expectV2Error(res, 400, 'SIZE_INVALID');
    });
  });

  describe('session status', () => {
    it('GET on the session answers 204 with Location, Range and Docker-Upload-UUID', async () => {
      const repo = suite.repo('uploads');
      const { location } = await startUpload(suite.http, repo);
      const patched = await patchChunk(suite.http, location, randomBlob(42).bytes, 0);
      expectStatus(patched, 202);
      const res = await suite.http.get(locationOf(patched));
      expectStatus(res, 204);
      expect(res.headers.range).toBe('0-41');
      expect(suite.http.resolve(locationOf(res)).pathname).toMatch(new RegExp(`^/v2/${repo}/blobs/uploads/.+`));
      expect(res.headers['docker-upload-uuid']).toBe(patched.headers['docker-upload-uuid']);
      expectEmptyBody(res);
    });

    it('GET on an unknown session answers 404 BLOB_UPLOAD_UNKNOWN', async () => {
      expectV2Error(await suite.http.get(`/v2/${suite.repo('uploads')}/blobs/uploads/${randomUUID()}`), 404, UPLOAD_UNKNOWN);
    });

    it('PATCH, PUT and DELETE on an unknown session answer 404 BLOB_UPLOAD_UNKNOWN', async () => {
      const path = `/v2/${suite.repo('uploads')}/blobs/uploads/${randomUUID()}`;
      const blob = randomBlob(10);
      expectV2Error(await suite.http.patch(path).set('Content-Type', MediaTypes.octetStream).send(blob.bytes), 404, UPLOAD_UNKNOWN);
      expectV2Error(await suite.http.put(`${path}?digest=${blob.digest}`).send(blob.bytes), 404, UPLOAD_UNKNOWN);
      expectV2Error(await suite.http.delete(path), 404, UPLOAD_UNKNOWN);
    });
  });

  describe('finishing', () => {
    it('PUT without ?digest= answers 400 DIGEST_INVALID', async () => {
      const { location } = await startUpload(suite.http, suite.repo('uploads'));
      const res = await suite.http.put(location).set('Content-Type', MediaTypes.octetStream).send(randomBlob(10).bytes);
      expectV2Error(res, 400, 'DIGEST_INVALID');
    });

    it('PUT with a wrong digest answers 400 DIGEST_INVALID, stores nothing and ends the session', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(100);
      const claimed = unknownDigest();
      const { location } = await startUpload(suite.http, repo);
      const res = await suite.http.put(withQuery(location, { digest: claimed })).set('Content-Type', MediaTypes.octetStream).send(blob.bytes);
      expectV2Error(res, 400, 'DIGEST_INVALID');
      expectStatus(await suite.http.head(`/v2/${repo}/blobs/${claimed}`), 404);
      expectStatus(await suite.http.head(`/v2/${repo}/blobs/${blob.digest}`), 404);
      expectV2Error(await suite.http.get(location), 404, UPLOAD_UNKNOWN);
    });

    it('a finished session is gone: GET on its Location answers 404 BLOB_UPLOAD_UNKNOWN', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(10);
      const { location } = await startUpload(suite.http, repo);
      expectStatus(await suite.http.put(withQuery(location, { digest: blob.digest })).send(blob.bytes), 201);
      expectV2Error(await suite.http.get(location), 404, UPLOAD_UNKNOWN);
    });

    it('uploading the same blob twice answers 201 both times', async () => {
      const repo = suite.repo('uploads');
      const blob = randomBlob(10);
      expectFinished(await uploadBlobMonolithic(suite.http, repo, blob), repo, blob.digest);
      expectFinished(await uploadBlobMonolithic(suite.http, repo, blob), repo, blob.digest);
    });
  });

  describe('cancelling', () => {
    it('DELETE on the session answers 204, then GET answers 404 BLOB_UPLOAD_UNKNOWN', async () => {
      const repo = suite.repo('uploads');
      const { location } = await startUpload(suite.http, repo);
      const patched = await patchChunk(suite.http, location, randomBlob(10).bytes, 0);
      expectStatus(patched, 202);
      expectStatus(await suite.http.delete(locationOf(patched)), 204);
      expectV2Error(await suite.http.get(locationOf(patched)), 404, 'BLOB_UPLOAD_UNKNOWN');
    });
  });

  describe('cross-repository mount', () => {
    it('mount ?mount=&from= of a blob present in the source answers 201 with Location and Docker-Content-Digest', async () => {
      const source = suite.repo('mount-source');
      const target = suite.repo('mount-target');
      const blob = randomBlob(300);
      expectStatus(await uploadBlobMonolithic(suite.http, source, blob), 201);
      const res = await suite.http.post(`/v2/${target}/blobs/uploads/?mount=${blob.digest}&from=${source}`);
      expectFinished(res, target, blob.digest);
      await expectBlobReadable(target, blob.bytes);
    });

    it('mount of a blob absent from the source answers 202 with a usable session', async () => {
      const source = suite.repo('mount-source');
      const target = suite.repo('mount-target');
      expectStatus(await uploadBlobMonolithic(suite.http, source, randomBlob(5)), 201);
      const blob = randomBlob(300);
      const res = await suite.http.post(`/v2/${target}/blobs/uploads/?mount=${blob.digest}&from=${source}`);
      expectStatus(res, 202);
      expect(res.headers['docker-upload-uuid']).toMatch(/\S/);
      const put = await suite.http.put(withQuery(locationOf(res), { digest: blob.digest })).send(blob.bytes);
      expectFinished(put, target, blob.digest);
    });

    it('mount from a repository where the blob exists but is not linked answers 202', async () => {
      const holder = suite.repo('mount-holder');
      const source = suite.repo('mount-source');
      const target = suite.repo('mount-target');
      const blob = randomBlob(50);
      expectStatus(await uploadBlobMonolithic(suite.http, holder, blob), 201);
      expectStatus(await uploadBlobMonolithic(suite.http, source, randomBlob(5)), 201);
      const res = await suite.http.post(`/v2/${target}/blobs/uploads/?mount=${blob.digest}&from=${source}`);
      expectStatus(res, 202);
      expectStatus(await suite.http.head(`/v2/${target}/blobs/${blob.digest}`), 404);
    });

    it('mount of an unknown digest without from answers 202', async () => {
      const res = await suite.http.post(`/v2/${suite.repo('mount-target')}/blobs/uploads/?mount=${unknownDigest()}`);
      expectStatus(res, 202);
      expect(res.headers.location).toBeTruthy();
    });

    it('mount of a known digest without from answers 202, or 201 when mounting automatically', async () => {
      const source = suite.repo('mount-source');
      const target = suite.repo('mount-target');
      const blob = randomBlob(50);
      expectStatus(await uploadBlobMonolithic(suite.http, source, blob), 201);
      const res = await suite.http.post(`/v2/${target}/blobs/uploads/?mount=${blob.digest}`);
      expectStatus(res, [201, 202]);
      if (res.status === 201) expectFinished(res, target, blob.digest);
      else expectStatus(await suite.http.head(`/v2/${target}/blobs/${blob.digest}`), 404);
    });
  });
});
