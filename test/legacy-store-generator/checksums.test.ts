/**
 * _checksum and _files as each version wrote them (§2.2, §5): py0.6.9 keeps the raw value the
 * client's checksum PUT sent, py0.8.1 a JSON list computed at the layer PUT, with the server's
 * tarsum added for docker < 0.10.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeLegacyStore, type LegacyImageSpec, type LegacyRegistryVersion, type LegacyStoreManifest } from '../fixtures/legacy-store';
import { id, smallSpec } from './small-spec';
import { readText, useTempDirectory } from './tree';

const temp = useTempDirectory();
let counter = 0;

async function write(version: LegacyRegistryVersion, overrides: Partial<Record<string, Partial<LegacyImageSpec>>>): Promise<{ root: string; manifest: LegacyStoreManifest }> {
  const root = join(temp(), `store-${counter++}`);
  return { root, manifest: await writeLegacyStore(root, smallSpec(version, overrides), { version }) };
}

describe('docker-registry 0.6.9 _checksum: the raw string the client sent', () => {
  it('holds the tarsum for docker 0.6 to 0.9', async () => {
    const { root, manifest } = await write('0.6.9', { a: { pushedBy: '0.7.6' } });
    const checksum = readText(root, `images/${id('a')}/_checksum`);
    expect(checksum).toBe(manifest.images[id('a')]!.tarsum);
    expect(checksum).toMatch(/^tarsum\+sha256:[0-9a-f]{64}$/);
    expect(manifest.images[id('a')]!.storedChecksums).toEqual([checksum]);
  });

  it('holds the payload checksum for docker 0.10+ and for docker 0.5 (xz)', async () => {
    const { root, manifest } = await write('0.6.9', { a: { pushedBy: '1.0.0' }, c: { pushedBy: '0.5.3' } });
    expect(readText(root, `images/${id('a')}/_checksum`)).toBe(manifest.images[id('a')]!.payloadChecksum);
    expect(readText(root, `images/${id('c')}/_checksum`)).toBe(manifest.images[id('c')]!.payloadChecksum);
  });

  it('holds the wrong value after a checksum mismatch, with the marker left', async () => {
    const { root, manifest } = await write('0.6.9', { f: { pushedBy: '0.7.6' } });
    const checksum = readText(root, `images/${id('f')}/_checksum`);
    expect(checksum).toMatch(/^tarsum\+sha256:[0-9a-f]{64}$/);
    expect(checksum).not.toBe(manifest.images[id('f')]!.tarsum);
    expect(existsSync(join(root, `images/${id('f')}/_inprogress`))).toBe(true);
  });

  it('has no _checksum when the checksum PUT never came', async () => {
    const { root } = await write('0.6.9', { e: { pushedBy: '0.7.6' } });
    expect(existsSync(join(root, `images/${id('e')}/_checksum`))).toBe(false);
  });
});

describe('docker-registry 0.8.1 _checksum: a JSON list', () => {
  it('holds ["sha256:<payload>"] for docker 0.10+', async () => {
    const { root, manifest } = await write('0.8.1', {});
    expect(readText(root, `images/${id('a')}/_checksum`)).toBe(`["${manifest.images[id('a')]!.payloadChecksum}"]`);
    expect(readText(root, `images/${id('e')}/_checksum`)).toBe(`["${manifest.images[id('e')]!.payloadChecksum}"]`);
  });

  it('adds the server tarsum for docker < 0.10, and the _files cache', async () => {
    const { root, manifest } = await write('0.8.1', { a: { pushedBy: '0.9.1' } });
    const image = manifest.images[id('a')]!;
    expect(readText(root, `images/${id('a')}/_checksum`)).toBe(`["${image.payloadChecksum}", "${image.tarsum}"]`);
    expect(image.storedChecksums).toEqual([image.payloadChecksum, image.tarsum]);
    expect(readText(root, `images/${id('a')}/_files`)).toBe('[["etc", "d", false, 0, 1400000000, 493, 0, 0], ["etc/hostname", "f", false, 7, 1400000000, 420, 0, 0]]');
  });

  it("computes an xz layer's server tarsum over the json alone (Python's tarfile cannot read xz), no _files", async () => {
    const { root, manifest } = await write('0.8.1', { c: { pushedBy: '0.9.1' } });
    const json = readText(root, `images/${id('c')}/json`);
    const jsonOnly = 'tarsum+sha256:' + createHash('sha256').update(json).digest('hex');
    expect(readText(root, `images/${id('c')}/_checksum`)).toBe(`["${manifest.images[id('c')]!.payloadChecksum}", "${jsonOnly}"]`);
    expect(existsSync(join(root, `images/${id('c')}/_files`))).toBe(false);
  });

  it('keeps raw strings for images carried over from a 0.6.9 store', async () => {
    const { root, manifest } = await write('0.8.1', { a: { pushedBy: '0.7.6', writtenBy: '0.6.9' } });
    expect(readText(root, `images/${id('a')}/_checksum`)).toBe(manifest.images[id('a')]!.tarsum);
    expect(manifest.images[id('a')]!.writtenBy).toBe('0.6.9');
  });
});
