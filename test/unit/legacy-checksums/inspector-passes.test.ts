/** The inspector hashes no more than it must: a plain tar is its own diff id; the tarsum can be skipped. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createLayerInspector } from '../../../src/registry/legacy/checksums';
import { buildTar } from '../../protocol/helpers/v1-images';

async function inspect(bytes: Buffer, tarsum?: boolean) {
  const inspector = createLayerInspector({ json: Buffer.from('{"id":"x"}'), tarsum });
  inspector.resume();
  await new Promise<void>((resolve, reject) => inspector.on('finish', resolve).on('error', reject).end(bytes));
  return inspector.result();
}

describe('layer inspector passes', () => {
  test('a plain tar layer: the diff id is the digest of the stored bytes', async () => {
    const tar = await buildTar([{ name: 'a.txt', content: Buffer.from('hello') }]);
    const result = await inspect(tar);
    const sha = 'sha256:' + createHash('sha256').update(tar).digest('hex');
    expect(result).toMatchObject({ format: 'tar', digest: sha, diffId: sha, uncompressedSize: tar.length });
    expect(result.tarsum).toMatch(/^tarsum\+sha256:[0-9a-f]{64}$/);
  });

  test('a gzip layer: the diff id is the digest of the uncompressed tar', async () => {
    const tar = await buildTar([{ name: 'a.txt', content: Buffer.from('hello') }]);
    const result = await inspect(gzipSync(tar));
    expect(result.format).toBe('gzip');
    expect(result.diffId).toBe('sha256:' + createHash('sha256').update(tar).digest('hex'));
  });

  test('tarsum: false leaves the tarsum out and everything else in', async () => {
    const tar = await buildTar([{ name: 'a.txt', content: Buffer.from('hello') }]);
    const result = await inspect(tar, false);
    expect(result.tarsum).toBeUndefined();
    expect(result.payloadChecksum).toMatch(/^sha256:/);
    expect(result.diffId).toBe(result.digest);
  });
});
