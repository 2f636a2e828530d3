/**
 * Port of the redesigned OCI conformance suite (distribution-spec main, 2026, run.go
 * TestBlobAPIs): every blob push API, range requests, well-known contents and bad digests, for
 * sha256 and sha512.
 */
import { blobOf, randomBlob, unknownDigest, type Blob, type DigestAlgorithm } from '../helpers/content';
import {
  CHUNK_MIN,
  badDigestUpload,
  blobDelete,
  blobGetExistsFull,
  blobHeadExists,
  blobMount,
  blobPatchChunked,
  blobPatchStream,
  blobPostCancel,
  blobPostOnly,
  blobPostPut,
  goodUpload,
  type BlobCallResult,
} from '../helpers/conformance-2026-api';
import { statusAndHeaders } from '../helpers/streamed-request';
import { expectStatus } from '../helpers/v2-assertions';
import { pushBlob } from '../helpers/v2-client';
import { rawBody } from '../helpers/v2-http';
import { targetKind } from '../helpers/target';
import { useV2Suite } from '../helpers/v2-suite';

// distribution 2.8 answers a sha512 upload with its sha256 Location, so sha512 runs on Janus only
const ALGORITHMS: DigestAlgorithm[] = targetKind() === 'reference' ? ['sha256'] : ['sha256', 'sha512'];

describe.each(ALGORITHMS)('conformance: %s blobs', (algorithm) => {
  const suite = useV2Suite();
  let repo: string;
  let repo2: string;
  /** Janus implements every optional blob API, so a fallback is a failure there */
  const expectNoFallback = (result: BlobCallResult) => {
    if (suite.kind === 'janus') expect(result.fellBack).toBe(false);
  };

  beforeAll(() => {
    repo = suite.repo('conformance-repo1');
    repo2 = suite.repo('conformance-repo2');
  });

  const checkAndClean = async (blob: Blob) => {
    await blobHeadExists(suite.http, repo, blob);
    await blobGetExistsFull(suite.http, repo, blob);
    await blobDelete(suite.http, repo, blob.digest);
  };

  it('conformance: get-missing', async () => {
    expectStatus(await suite.http.get(`/v2/${repo}/blobs/${unknownDigest(algorithm)}`), 404);
  });

  it('conformance: post only', async () => {
    const blob = randomBlob(512, algorithm);
    expectNoFallback(await blobPostOnly(suite.http, repo, goodUpload(blob)));
    await checkAndClean(blob);
  });

  it('conformance: post+put', async () => {
    const blob = randomBlob(512, algorithm);
    await blobPostPut(suite.http, repo, goodUpload(blob));
    await checkAndClean(blob);
  });

  it('conformance: chunked single', async () => {
    const blob = randomBlob(512, algorithm);
    await blobPatchChunked(suite.http, repo, goodUpload(blob));
    await checkAndClean(blob);
  });

  it('conformance: stream', async () => {
    const blob = randomBlob(512, algorithm);
    await blobPatchStream(suite.http, suite.recorder, repo, goodUpload(blob));
    await checkAndClean(blob);
  });

  it('conformance: mount', async () => {
    const blob = randomBlob(512, algorithm);
    await pushBlob(suite.http, repo2, blob);
    expectNoFallback(await blobMount(suite.http, repo, repo2, blob));
    await checkAndClean(blob);
    await blobDelete(suite.http, repo2, blob.digest);
  });

  it('conformance: mount anonymous', async () => {
    const blob = randomBlob(512, algorithm);
    await pushBlob(suite.http, repo2, blob);
    await blobMount(suite.http, repo, undefined, blob);
    await checkAndClean(blob);
    await blobDelete(suite.http, repo2, blob.digest);
  });

  it('conformance: mount missing', async () => {
    const blob = randomBlob(512, algorithm);
    const result = await blobMount(suite.http, repo, repo2, blob);
    expect(result.fellBack).toBe(true);
    await checkAndClean(blob);
  });

  it('conformance: post cancel', async () => {
    await blobPostCancel(suite.http, repo);
  });

  // distribution 2.8 ignores Content-Range: the out-of-order variants need 416
  const itRanges = suite.kind === 'janus' ? it : it.skip;
  const multiChunkBlob = () => randomBlob(CHUNK_MIN * 3 - 5, algorithm);

  it('conformance: chunked multi', async () => {
    const blob = multiChunkBlob();
    await blobPatchChunked(suite.http, repo, goodUpload(blob));
    await checkAndClean(blob);
  });

  it('conformance: chunked multi and put chunk', async () => {
    const blob = multiChunkBlob();
    await blobPatchChunked(suite.http, repo, goodUpload(blob), { putLastChunk: true });
    await checkAndClean(blob);
  });

  itRanges('conformance: chunked out-of-order', async () => {
    const blob = multiChunkBlob();
    await blobPatchChunked(suite.http, repo, goodUpload(blob), { outOfOrder: true });
    await checkAndClean(blob);
  });

  itRanges('conformance: chunked out-of-order and put chunk', async () => {
    const blob = multiChunkBlob();
    await blobPatchChunked(suite.http, repo, goodUpload(blob), { outOfOrder: true, putLastChunk: true });
    await checkAndClean(blob);
  });

  describe('conformance: range requests', () => {
    const blob = randomBlob(2048, algorithm);
    const size = blob.size;

    beforeAll(async () => {
      await pushBlob(suite.http, repo, blob);
    });

    afterAll(async () => {
      await blobDelete(suite.http, repo, blob.digest);
    });

    it.each([
      ['range 500-1499', 'bytes=500-1499', 500, 1499],
      ['range 500-', 'bytes=500-', 500, size - 1],
      ['range -500', 'bytes=-500', size - 500, size - 1],
      ['range 2000-5000', 'bytes=2000-5000', 2000, size - 1],
    ])('conformance: %s', async (_name, range, first, last) => {
      const res = await suite.http.get(`/v2/${repo}/blobs/${blob.digest}`).set('Range', range).buffer(true).parse(rawBody);
      expectStatus(res, 206);
      expect(Buffer.compare(res.body as Buffer, blob.bytes.subarray(first, last + 1))).toBe(0);
      expect(res.headers['content-length']).toBe(String(last - first + 1));
      expect([`bytes ${first}-${last}/${size}`, `bytes ${first}-${last}/*`]).toContain(res.headers['content-range']);
    });

    it.each([
      ['range 500-0', 'bytes=500-0'],
      ['range 5000-10000', 'bytes=5000-10000'],
    ])('conformance: %s', async (_name, range) => {
      const res = await statusAndHeaders(suite.http.resolve(`/v2/${repo}/blobs/${blob.digest}`), 'GET', { Range: range }, suite.recorder);
      expect(res.status).toBe(416);
    });
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['emptyJSON', Buffer.from('{}')],
  ])('conformance: %s', async (_name, bytes) => {
    const blob = blobOf(bytes, algorithm);
    await blobPostPut(suite.http, repo, goodUpload(blob));
    await checkAndClean(blob);
  });

  describe('bad digests', () => {
    const corrupted = () => badDigestUpload(multiChunkBlob());

    it('conformance: bad digest post only', async () => {
      await blobPostOnly(suite.http, repo, corrupted());
    });

    it('conformance: bad digest post+put', async () => {
      await blobPostPut(suite.http, repo, corrupted());
    });

    it('conformance: bad digest chunked', async () => {
      await blobPatchChunked(suite.http, repo, corrupted());
    });

    it('conformance: bad digest chunked and put chunk', async () => {
      await blobPatchChunked(suite.http, repo, corrupted(), { putLastChunk: true });
    });

    it('conformance: bad digest stream', async () => {
      await blobPatchStream(suite.http, suite.recorder, repo, corrupted());
    });
  });
});
