import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { createDeterministicGzip, DETERMINISTIC_GZIP_HEADER } from '../../../src/registry/legacy/checksums';
import { oddChunks } from './raw-tar';

async function gzipOf(chunks: Buffer[], level?: number): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), createDeterministicGzip({ level }), new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
  return Buffer.concat(out);
}

describe('deterministic gzip', () => {
  const input = Buffer.concat([randomBytes(300000), Buffer.alloc(500000, 7), randomBytes(1234)]);

  it('gives the same bytes for the same input, however it is chunked', async () => {
    const once = await gzipOf([input]);
    const again = await gzipOf(oddChunks(input));
    const bytewise = await gzipOf(oddChunks(input, [1, 3, 4096]));
    expect(again.equals(once)).toBe(true);
    expect(bytewise.equals(once)).toBe(true);
  });

  it('has a fixed header (mtime 0, no name, OS 255) and a correct trailer', async () => {
    const gz = await gzipOf(oddChunks(input));
    expect(gz.subarray(0, 10).equals(DETERMINISTIC_GZIP_HEADER)).toBe(true);
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    expect(gunzipSync(gz).equals(input)).toBe(true);
    expect(gz.readUInt32LE(gz.length - 4)).toBe(input.length);
  });

  it('compresses an empty input to a valid gzip', async () => {
    const gz = await gzipOf([]);
    expect(gunzipSync(gz).length).toBe(0);
    expect(gz.equals(await gzipOf([]))).toBe(true);
  });

  it('depends on the level', async () => {
    const fast = await gzipOf([input], 1);
    const best = await gzipOf([input], 9);
    expect(gunzipSync(fast).equals(gunzipSync(best))).toBe(true);
    expect(fast.equals(best)).toBe(false);
  });
});
