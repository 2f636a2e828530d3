import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createLayerInspector, detectLayerFormat, isLayerContentError, type LayerInspection } from '../../../src/registry/legacy/checksums';
import { buildTar, xzCompress } from '../../protocol/helpers/v1-images';
import { oddChunks } from './raw-tar';

const sha256 = (data: Buffer): string => 'sha256:' + createHash('sha256').update(data).digest('hex');

async function inspect(chunks: Buffer[], options: { json?: Buffer; strict?: boolean } = {}): Promise<{ result: LayerInspection; passed: Buffer }> {
  const inspector = createLayerInspector(options);
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), inspector, new Writable({ write: (chunk: Buffer, _e, cb) => (out.push(chunk), cb()) }));
  return { result: inspector.result(), passed: Buffer.concat(out) };
}

let tar: Buffer;
const json = Buffer.from('{"id":"' + 'ab'.repeat(32) + '","Size":0}');

beforeAll(async () => {
  // several MiB, two large files with random (incompressible) content
  tar = await buildTar([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/big', content: randomBytes(3 * 1024 * 1024 + 17) },
    { name: 'bin/link', type: 'symlink', linkname: 'big' },
    { name: 'etc/other', content: randomBytes(1024 * 1024 + 1) },
  ]);
});

describe('layer inspector', () => {
  it('gives plain, gzip and xz copies of one tar the same diff_id and tarsum, fed in odd chunk sizes', async () => {
    const gzip = gzipSync(tar);
    const xz = await xzCompress(tar);
    const plain = await inspect(oddChunks(tar), { json });
    const gz = await inspect(oddChunks(gzip), { json });
    const x = await inspect(oddChunks(xz), { json });

    expect([plain.result.format, gz.result.format, x.result.format]).toEqual(['tar', 'gzip', 'xz']);
    for (const { result } of [plain, gz, x]) {
      expect(result.diffId).toBe(sha256(tar));
      expect(result.uncompressedSize).toBe(tar.length);
      expect(result.tarsum).toBe(plain.result.tarsum);
      expect(result.contentError).toBeUndefined();
    }
    expect(plain.result.tarsum).toMatch(/^tarsum\+sha256:[a-f0-9]{64}$/);
    expect(gz.result.digest).toBe(sha256(gzip));
    expect(gz.result.size).toBe(gzip.length);
    expect(x.result.digest).toBe(sha256(xz));
    expect(x.result.payloadChecksum).toBe(sha256(Buffer.concat([json, Buffer.from('\n'), xz])));
    expect(plain.passed.equals(tar)).toBe(true);
    expect(x.passed.equals(xz)).toBe(true);
  });

  it('gives the same answers whatever the chunking', async () => {
    const gzip = gzipSync(tar);
    const whole = await inspect([gzip], { json });
    const bytewise = await inspect(oddChunks(gzip.subarray(0, 4096), [1]).concat([gzip.subarray(4096)]), { json });
    expect(bytewise.result).toEqual(whole.result);
  });

  it('leaves out the payload checksum without json, and the tarsum then has no json part', async () => {
    const { result } = await inspect([tar]);
    const withJson = await inspect([tar], { json });
    expect(result.payloadChecksum).toBeUndefined();
    expect(result.tarsum).not.toBe(withJson.result.tarsum);
  });

  it('reads an empty body as an empty layer', async () => {
    const { result } = await inspect([]);
    expect(result).toMatchObject({ format: 'tar', size: 0, diffId: sha256(Buffer.alloc(0)) });
    expect(result.tarsum).toBe('tarsum+sha256:' + createHash('sha256').digest('hex'));
  });

  describe('unreadable content', () => {
    const corruptGzip = (): Buffer => {
      // the first deflate block header made invalid (BTYPE 11): zlib fails before producing any
      // output, so the corruption cannot first surface as an unreadable tar
      const gzip = Buffer.from(gzipSync(tar));
      gzip[10] = 0xff;
      return gzip;
    };

    it.each([
      ['corrupt gzip', () => corruptGzip(), 'gzip', 'corrupt-compression'],
      ['truncated gzip', () => gzipSync(tar).subarray(0, 5000), 'gzip', 'corrupt-compression'],
      ['truncated xz', async () => (await xzCompress(tar)).subarray(0, 5000), 'xz', 'corrupt-compression'],
      ['corrupt xz', async () => { const xz = Buffer.from(await xzCompress(tar)); xz.fill(0x41, 200, 300); return xz; }, 'xz', 'corrupt-compression'],
      ['bzip2', () => execFileSync('bzip2', ['-c'], { input: tar.subarray(0, 4096) }), 'bzip2', 'unsupported-compression'],
    ] as const)('%s: keeps passing bytes, records a typed error, no diff_id', async (_label, make, format, problem) => {
      const bytes = await make();
      const { result, passed } = await inspect(oddChunks(bytes), { json });
      expect(passed.equals(bytes)).toBe(true);
      expect(result.format).toBe(format);
      expect(result.digest).toBe(sha256(bytes));
      expect(result.payloadChecksum).toBe(sha256(Buffer.concat([json, Buffer.from('\n'), bytes])));
      expect(result.diffId).toBeUndefined();
      expect(result.tarsum).toBeUndefined();
      expect(isLayerContentError(result.contentError)).toBe(true);
      expect(result.contentError!.problem).toBe(problem);
    });

    it('bytes that are no tar: diff_id of the bytes, no tarsum, invalid-tar', async () => {
      const bytes = Buffer.from('this is not a layer, just curl -T of a text file\n'.repeat(30));
      const { result } = await inspect([bytes]);
      expect(result.format).toBe('unknown');
      expect(result.diffId).toBe(sha256(bytes));
      expect(result.tarsum).toBeUndefined();
      expect(result.contentError?.problem).toBe('invalid-tar');
    });

    it('strict mode fails the stream with the typed error', async () => {
      const attempt = inspect(oddChunks(corruptGzip()), { strict: true });
      await expect(attempt).rejects.toMatchObject({ name: 'LayerContentError', problem: 'corrupt-compression' });
      const notTar = inspect([Buffer.alloc(2048, 0x61)], { strict: true });
      await expect(notTar).rejects.toMatchObject({ problem: 'invalid-tar' });
    });

    it('xz with a SHA-256 check is reported as unsupported', async () => {
      const xz = execFileSync('xz', ['-z', '-c', '--check=sha256'], { input: tar.subarray(0, 10240) });
      const { result } = await inspect([xz]);
      expect(result.contentError?.problem).toBe('unsupported-compression');
    });
  });

  it('result() before the end is an error', () => {
    expect(() => createLayerInspector().result()).toThrow(/before the layer ended/);
  });
});

describe('detectLayerFormat', () => {
  it.each([
    [[0x1f, 0x8b, 0x08, 0], 'gzip'],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0], 'xz'],
    [[0x42, 0x5a, 0x68, 0x39], 'bzip2'],
    [[0x28, 0xb5, 0x2f, 0xfd, 0], 'zstd'],
  ] as const)('%j is %s', (bytes, format) => {
    expect(detectLayerFormat(Buffer.from(bytes))).toBe(format);
  });

  it('knows a tar by its header checksum, or an all-zero first block', () => {
    expect(detectLayerFormat(tar.subarray(0, 512))).toBe('tar');
    expect(detectLayerFormat(Buffer.alloc(512))).toBe('tar');
    expect(detectLayerFormat(Buffer.alloc(512, 1))).toBe('unknown');
    expect(detectLayerFormat(Buffer.from('short'))).toBe('unknown');
  });
});
