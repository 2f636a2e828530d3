/**
 * The blob calls of the redesigned OCI conformance suite (distribution-spec main, 2026,
 * conformance/api.go), each with the suite's expectations. `fellBack` reports the cases the suite
 * counts as "unsupported" (a 202 where a 201 was hoped for, then a PUT).
 */
import type { Response } from 'supertest';
import { MediaTypes, type Blob } from './content';
import { sendStreamed } from './streamed-request';
import { expectEmptyBody, expectStatus } from './v2-assertions';
import { locationOf, withQuery } from './v2-client';
import { rawBody, type V2Http } from './v2-http';
import type { StatusRecorder } from './status-recorder';

/** conformance config.go chunkMin */
export const CHUNK_MIN = 1024;

export interface BlobCallResult {
  readonly fellBack: boolean;
}

/** the bytes the suite sends: the blob, or the blob with "oh no" appended for bad-digest runs */
export interface UploadCase {
  readonly blob: Blob;
  readonly body: Buffer;
  readonly expectBadDigest: boolean;
}

export function goodUpload(blob: Blob): UploadCase {
  return { blob, body: blob.bytes, expectBadDigest: false };
}

export function badDigestUpload(blob: Blob): UploadCase {
  return { blob, body: Buffer.concat([blob.bytes, Buffer.from('oh no')]), expectBadDigest: true };
}

function expectDigestHeader(res: Response, digest: string): void {
  const header = res.headers['docker-content-digest'];
  if (header !== undefined && header !== '') expect(header).toBe(digest);
}

/** BlobVerifyLocation: GET on the returned Location gives the bytes */
export async function verifyLocation(http: V2Http, location: string, bytes: Buffer): Promise<void> {
  const res = await http.get(location).buffer(true).parse(rawBody);
  expectStatus(res, 200);
  expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
}

async function finishOrFail(http: V2Http, res: Response, upload: UploadCase): Promise<void> {
  if (upload.expectBadDigest) {
    expectStatus(res, 400);
    return;
  }
  expectStatus(res, 201);
  expectDigestHeader(res, upload.blob.digest);
  await verifyLocation(http, locationOf(res), upload.blob.bytes);
}

export async function blobPostOnly(http: V2Http, repo: string, upload: UploadCase): Promise<BlobCallResult> {
  const res = await http
    .post(`/v2/${repo}/blobs/uploads/?digest=${upload.blob.digest}`)
    .set('Content-Type', MediaTypes.octetStream)
    .send(upload.body);
  if (res.status === 202) {
    const put = await http.put(withQuery(locationOf(res), { digest: upload.blob.digest })).set('Content-Type', MediaTypes.octetStream).send(upload.body);
    await finishOrFail(http, put, upload);
    return { fellBack: true };
  }
  await finishOrFail(http, res, upload);
  return { fellBack: false };
}

export async function blobPostPut(http: V2Http, repo: string, upload: UploadCase): Promise<BlobCallResult> {
  const post = await http.post(`/v2/${repo}/blobs/uploads/`);
  expectStatus(post, 202);
  const put = await http.put(withQuery(locationOf(post), { digest: upload.blob.digest })).set('Content-Type', MediaTypes.octetStream).send(upload.body);
  await finishOrFail(http, put, upload);
  return { fellBack: false };
}

export interface ChunkedOptions {
  readonly outOfOrder?: boolean;
  readonly putLastChunk?: boolean;
}

export async function blobPatchChunked(http: V2Http, repo: string, upload: UploadCase, options: ChunkedOptions = {}): Promise<BlobCallResult> {
  const bytes = upload.body;
  const post = await http.post(`/v2/${repo}/blobs/uploads/`).set('Content-Length', '0');
  expectStatus(post, 202);
  let location = locationOf(post);
  let chunkSize = Math.floor(bytes.length / 3) + 1;
  const minimum = Number(post.headers['oci-chunk-min-length'] ?? 0);
  if (minimum > chunkSize) chunkSize = minimum;
  chunkSize = Math.min(Math.max(chunkSize, CHUNK_MIN), bytes.length);
  let lastByte = -1;
  let finished: Response | undefined;
  while (lastByte < bytes.length - 1) {
    if (options.outOfOrder) {
      let badStart = lastByte + 1 + chunkSize;
      if (badStart >= bytes.length) badStart = 0;
      const badLast = Math.min(badStart + chunkSize - 1, bytes.length - 1);
      const viaPut = options.putLastChunk === true && badLast === bytes.length - 1;
      const target = viaPut ? withQuery(location, { digest: upload.blob.digest }) : location;
      const bad = await (viaPut ? http.put(target) : http.patch(target))
        .set('Content-Type', MediaTypes.octetStream)
        .set('Content-Range', `${badStart}-${badLast}`)
        .send(bytes.subarray(badStart, badLast + 1));
      expectStatus(bad, 416);
      if (bad.headers.location) location = bad.headers.location as string;
      const status = await http.get(location);
      expectStatus(status, 204);
      if (status.headers.location) location = status.headers.location as string;
      const range = String(status.headers.range ?? '');
      expect(range.startsWith('0-')).toBe(true);
      if (lastByte >= 0) expect(range).toBe(`0-${lastByte}`);
    }
    const start = lastByte + 1;
    lastByte = Math.min(start + chunkSize - 1, bytes.length - 1);
    const chunk = bytes.subarray(start, lastByte + 1);
    if (options.putLastChunk && lastByte === bytes.length - 1) {
      finished = await http
        .put(withQuery(location, { digest: upload.blob.digest }))
        .set('Content-Type', MediaTypes.octetStream)
        .set('Content-Range', `${start}-${lastByte}`)
        .send(chunk);
    } else {
      const res = await http.patch(location).set('Content-Type', MediaTypes.octetStream).set('Content-Range', `${start}-${lastByte}`).send(chunk);
      expectStatus(res, 202);
      location = locationOf(res);
    }
  }
  if (!finished) {
    finished = await http.put(withQuery(location, { digest: upload.blob.digest })).set('Content-Type', MediaTypes.octetStream).send(Buffer.alloc(0));
  }
  await finishOrFail(http, finished, upload);
  return { fellBack: false };
}

/** POST, one PATCH whose body goes out chunked (no Content-Length, as Go's client sends it), PUT */
export async function blobPatchStream(http: V2Http, recorder: StatusRecorder, repo: string, upload: UploadCase): Promise<BlobCallResult> {
  const post = await http.post(`/v2/${repo}/blobs/uploads/`).set('Content-Length', '0');
  expectStatus(post, 202);
  const patched = await sendStreamed(http.resolve(locationOf(post)), 'PATCH', [upload.body], { 'Content-Type': MediaTypes.octetStream }, recorder);
  expect(patched.status).toBe(202);
  const location = patched.headers.location as string;
  expect(location).toBeTruthy();
  const put = await http.put(withQuery(location, { digest: upload.blob.digest })).set('Content-Type', MediaTypes.octetStream).send(Buffer.alloc(0));
  await finishOrFail(http, put, upload);
  return { fellBack: false };
}

export async function blobPostCancel(http: V2Http, repo: string): Promise<void> {
  const post = await http.post(`/v2/${repo}/blobs/uploads/`);
  expectStatus(post, 202);
  expectStatus(await http.delete(locationOf(post)).set('Content-Length', '0'), 204);
}

/** mount from `source` (or anonymously); a 202 falls back to a PUT of the bytes */
export async function blobMount(http: V2Http, repo: string, source: string | undefined, blob: Blob): Promise<BlobCallResult> {
  const query = source ? `?mount=${blob.digest}&from=${source}` : `?mount=${blob.digest}`;
  const res = await http.post(`/v2/${repo}/blobs/uploads/${query}`);
  expectStatus(res, [201, 202]);
  if (res.status === 201) {
    expectDigestHeader(res, blob.digest);
    await verifyLocation(http, locationOf(res), blob.bytes);
    return { fellBack: false };
  }
  const put = await http.put(withQuery(locationOf(res), { digest: blob.digest })).set('Content-Type', MediaTypes.octetStream).send(blob.bytes);
  expectStatus(put, 201);
  expectDigestHeader(put, blob.digest);
  await verifyLocation(http, locationOf(put), blob.bytes);
  return { fellBack: true };
}

export async function blobHeadExists(http: V2Http, repo: string, blob: Blob): Promise<void> {
  const res = await http.head(`/v2/${repo}/blobs/${blob.digest}`);
  expectStatus(res, 200);
  expectEmptyBody(res);
  expect(res.headers['content-length']).toBe(String(blob.size));
  expectDigestHeader(res, blob.digest);
}

export async function blobGetExistsFull(http: V2Http, repo: string, blob: Blob): Promise<void> {
  const res = await http.get(`/v2/${repo}/blobs/${blob.digest}`).buffer(true).parse(rawBody);
  expectStatus(res, 200);
  expect(Buffer.compare(res.body as Buffer, blob.bytes)).toBe(0);
  expect(res.headers['content-length']).toBe(String(blob.size));
  expectDigestHeader(res, blob.digest);
}

/** blob-delete: 202/404/405, then (atomic) HEAD answers 404 */
export async function blobDelete(http: V2Http, repo: string, digest: string): Promise<void> {
  const res = await http.delete(`/v2/${repo}/blobs/${digest}`);
  expectStatus(res, [202, 404, 405]);
  if (res.status !== 405) expectStatus(await http.head(`/v2/${repo}/blobs/${digest}`), 404);
}
