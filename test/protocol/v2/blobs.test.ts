/** Blob HEAD / GET / DELETE: headers, repository scoping, ranges, conditional requests. */
import { randomBlob, unknownDigest, type Blob } from '../helpers/content';
import { expectEmptyBody, expectStatus, expectV2Error } from '../helpers/v2-assertions';
import { getBlob, pushBlob } from '../helpers/v2-client';
import { statusAndHeaders } from '../helpers/streamed-request';
import { rawBody } from '../helpers/v2-http';
import { useV2Suite } from '../helpers/v2-suite';

describe('V2 blobs', () => {
  const suite = useV2Suite();
  let repo: string;
  let blob: Blob;

  beforeAll(async () => {
    repo = suite.repo('blobs');
    blob = randomBlob(2048);
    await pushBlob(suite.http, repo, blob);
  });

  const ranged = (range: string) => suite.http.get(`/v2/${repo}/blobs/${blob.digest}`).set('Range', range).buffer(true).parse(rawBody);

  it('HEAD answers 200 with Content-Length, Docker-Content-Digest and ETag, and no body', async () => {
    const res = await suite.http.head(`/v2/${repo}/blobs/${blob.digest}`);
    expectStatus(res, 200);
    expect(res.headers['content-length']).toBe(String(blob.size));
    expect(res.headers['docker-content-digest']).toBe(blob.digest);
    expect(res.headers.etag).toContain(blob.digest);
    expectEmptyBody(res);
  });

  it('GET answers 200 with the exact bytes and the blob headers', async () => {
    const res = await getBlob(suite.http, repo, blob.digest);
    expectStatus(res, 200);
    expect(Buffer.compare(res.body as Buffer, blob.bytes)).toBe(0);
    expect(res.headers['content-length']).toBe(String(blob.size));
    expect(res.headers['docker-content-digest']).toBe(blob.digest);
    expect(res.headers.etag).toBe(`"${blob.digest}"`);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-type']).toBeTruthy();
  });

  it('GET of an unknown blob answers 404 BLOB_UNKNOWN', async () => {
    expectV2Error(await suite.http.get(`/v2/${repo}/blobs/${unknownDigest()}`), 404, 'BLOB_UNKNOWN');
  });

  it('HEAD of an unknown blob answers 404 without a body', async () => {
    const res = await suite.http.head(`/v2/${repo}/blobs/${unknownDigest()}`);
    expectStatus(res, 404);
    expectEmptyBody(res);
  });

  it('GET in an unknown repository answers 404 BLOB_UNKNOWN', async () => {
    expectV2Error(await suite.http.get(`/v2/${suite.repo('nowhere')}/blobs/${blob.digest}`), 404, ['BLOB_UNKNOWN', 'NAME_UNKNOWN']);
  });

  it('a blob stored for another repository is not readable where it is not linked', async () => {
    const other = suite.repo('blobs-other');
    await pushBlob(suite.http, other, randomBlob(16));
    expectV2Error(await suite.http.get(`/v2/${other}/blobs/${blob.digest}`), 404, 'BLOB_UNKNOWN');
    expectStatus(await suite.http.head(`/v2/${other}/blobs/${blob.digest}`), 404);
  });

  it('Range bytes=500-1499 answers 206 with Content-Range and the slice', async () => {
    const res = await ranged('bytes=500-1499');
    expectStatus(res, 206);
    expect(res.headers['content-range']).toBe(`bytes 500-1499/${blob.size}`);
    expect(res.headers['content-length']).toBe('1000');
    expect(Buffer.compare(res.body as Buffer, blob.bytes.subarray(500, 1500))).toBe(0);
  });

  it('an open range bytes=500- answers 206 up to the end', async () => {
    const res = await ranged('bytes=500-');
    expectStatus(res, 206);
    expect(res.headers['content-range']).toBe(`bytes 500-${blob.size - 1}/${blob.size}`);
    expect(Buffer.compare(res.body as Buffer, blob.bytes.subarray(500))).toBe(0);
  });

  it('a suffix range bytes=-500 answers 206 with the last 500 bytes', async () => {
    const res = await ranged('bytes=-500');
    expectStatus(res, 206);
    expect(res.headers['content-range']).toBe(`bytes ${blob.size - 500}-${blob.size - 1}/${blob.size}`);
    expect(Buffer.compare(res.body as Buffer, blob.bytes.subarray(blob.size - 500))).toBe(0);
  });

  it('a range running past the end is cut at the end', async () => {
    const res = await ranged('bytes=2000-5000');
    expectStatus(res, 206);
    expect(res.headers['content-range']).toBe(`bytes 2000-${blob.size - 1}/${blob.size}`);
    expect(Buffer.compare(res.body as Buffer, blob.bytes.subarray(2000))).toBe(0);
  });

  it.each(['bytes=5000-10000', 'bytes=500-0'])('an unsatisfiable range %s answers 416', async (range) => {
    const url = suite.http.resolve(`/v2/${repo}/blobs/${blob.digest}`);
    const res = await statusAndHeaders(url, 'GET', { Range: range }, suite.recorder);
    expect(res.status).toBe(416);
  });

  it('If-None-Match with the ETag answers 304', async () => {
    const res = await suite.http.get(`/v2/${repo}/blobs/${blob.digest}`).set('If-None-Match', `"${blob.digest}"`);
    expectStatus(res, 304);
  });

  it('If-None-Match with another ETag answers 200', async () => {
    const res = await suite.http.get(`/v2/${repo}/blobs/${blob.digest}`).set('If-None-Match', `"${unknownDigest()}"`);
    expectStatus(res, 200);
  });

  it('DELETE answers 202, then the blob is gone from the repository', async () => {
    const doomed = randomBlob(100);
    await pushBlob(suite.http, repo, doomed);
    const res = await suite.http.delete(`/v2/${repo}/blobs/${doomed.digest}`);
    expectStatus(res, 202);
    expectStatus(await suite.http.head(`/v2/${repo}/blobs/${doomed.digest}`), 404);
    expectV2Error(await suite.http.get(`/v2/${repo}/blobs/${doomed.digest}`), 404, 'BLOB_UNKNOWN');
  });

  it('DELETE of an unknown blob answers 404 BLOB_UNKNOWN', async () => {
    expectV2Error(await suite.http.delete(`/v2/${repo}/blobs/${unknownDigest()}`), 404, 'BLOB_UNKNOWN');
  });

  it('DELETE in one repository leaves the same blob readable in another', async () => {
    const shared = randomBlob(64);
    const other = suite.repo('blobs-shared');
    await pushBlob(suite.http, repo, shared);
    await pushBlob(suite.http, other, shared);
    expectStatus(await suite.http.delete(`/v2/${repo}/blobs/${shared.digest}`), 202);
    expectStatus(await suite.http.head(`/v2/${other}/blobs/${shared.digest}`), 200);
  });
});
