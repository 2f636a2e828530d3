/**
 * The tap a V1 layer PUT streams through: it does not hash the stored bytes (the upload session
 * does) and feeds the decompressor in batches, yet learns exactly what a full inspection of the
 * same bytes learns; corrupt compression past the first batch is still caught, and strict
 * inspection still fails the stream.
 */
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { createLayerInspector, type LayerInspectorOptions } from '../../../src/registry/legacy/checksums';
import { buildTar, xzCompress } from '../helpers/v1-images';

const json = Buffer.from('{"id":"' + 'cd'.repeat(32) + '","Size":0}');

/** request-body-sized pieces of varying length */
function pieces(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0, turn = 0; offset < bytes.length; turn++) {
    const size = [16 * 1024, 32 * 1024 + 7, 65536, 1000][turn % 4]!;
    out.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

async function runThrough(bytes: Buffer, options: LayerInspectorOptions) {
  const inspector = createLayerInspector(options);
  const passed: Buffer[] = [];
  await pipeline(Readable.from(pieces(bytes)), inspector, new Writable({ write: (chunk: Buffer, _e, done) => (passed.push(chunk), done()) }));
  return { inspector, passed: Buffer.concat(passed) };
}

let tar: Buffer;

beforeAll(async () => {
  tar = await buildTar([
    { name: 'data/', type: 'directory' },
    { name: 'data/a.bin', content: randomBytes(3 * 1024 * 1024 + 5) },
    { name: 'data/b.txt', content: Buffer.from('hello\n'.repeat(50_000)) },
  ]);
});

describe('V1 layer PUT tap', () => {
  it.each(['tar', 'gzip', 'xz'] as const)('learns from a %s layer what a full inspection learns, without the stored digest', async (format) => {
    const stored = format === 'tar' ? tar : format === 'gzip' ? gzipSync(tar) : await xzCompress(tar);
    const full = await runThrough(stored, { json });
    const tap = await runThrough(stored, { json, tarsum: true, hashStored: false });

    const { digest, ...content } = full.inspector.result();
    expect(digest).toMatch(/^sha256:/);
    expect(tap.inspector.contentResult()).toEqual(content);
    expect(content).toMatchObject({ format, size: stored.length, uncompressedSize: tar.length });
    expect(content.diffId).toBe(format === 'tar' ? digest : (await runThrough(tar, {})).inspector.result().digest);
    expect(tap.passed.equals(stored)).toBe(true);
    expect(() => tap.inspector.result()).toThrow(/hashStored: false/);
  });

  it('records a gzip layer that turns corrupt past the first batch as undecompressable, and keeps every byte', async () => {
    const gzip = gzipSync(tar);
    const corrupt = Buffer.from(gzip);
    corrupt.fill(0xff, 2 * 1024 * 1024, 2 * 1024 * 1024 + 4096);
    const tap = await runThrough(corrupt, { json, hashStored: false });
    const result = tap.inspector.contentResult();
    expect(result.format).toBe('gzip');
    expect(result.diffId).toBeUndefined();
    expect(result.payloadChecksum).toMatch(/^sha256:/);
    expect(result.contentError?.problem).toBe('corrupt-compression');
    expect(tap.passed.equals(corrupt)).toBe(true);
  });

  it('fails the stream on such a layer when strict', async () => {
    const corrupt = Buffer.from(gzipSync(tar));
    corrupt.fill(0xff, 2 * 1024 * 1024, 2 * 1024 * 1024 + 4096);
    await expect(runThrough(corrupt, { json, hashStored: false, strict: true })).rejects.toMatchObject({ problem: 'corrupt-compression' });
  });
});
