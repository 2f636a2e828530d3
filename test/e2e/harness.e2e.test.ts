/** Sanity of the e2e harness itself, no external tools: offline-built OCI layouts are valid and reproducible. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { hasTool, missingTools } from './helpers/has-tool';
import { buildImage, buildImageIndex, foreignPlatform, hostPlatform } from './helpers/images';
import type { BuiltImage, BuiltIndex } from './helpers/images';
import { blobPath, REF_NAME_ANNOTATION } from './helpers/oci-layout';
import { makeTempDir, removeDir } from './helpers/temp-dir';

const RANDOM_BYTES = 100 * 1024;

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return `sha256:${hash.digest('hex')}`;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** names and sizes of the entries in a gzip layer, and the sha256 of the uncompressed tar */
async function readLayer(path: string): Promise<{ entries: Array<{ name: string; size: number }>; diffId: string }> {
  const hash = createHash('sha256');
  const entries: Array<{ name: string; size: number }> = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    entries.push({ name: header.name, size: header.size });
    stream.on('end', () => next());
    stream.resume();
  });
  const gunzip = createGunzip();
  gunzip.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(createReadStream(path), gunzip, extract);
  return { entries, diffId: `sha256:${hash.digest('hex')}` };
}

interface IndexJson {
  manifests: Array<{ mediaType: string; digest: string; size: number; annotations?: Record<string, string> }>;
}

describe('e2e harness: offline OCI image builder', () => {
  let workDir: string;
  let image: BuiltImage;
  let index: BuiltIndex;

  beforeAll(async () => {
    workDir = await makeTempDir('harness');
    image = await buildImage(join(workDir, 'layout'), { tag: 'two', layers: 2, randomBytesPerLayer: RANDOM_BYTES });
    index = await buildImageIndex(join(workDir, 'layout'), {
      tag: 'multi',
      layers: 1,
      platforms: [hostPlatform(), foreignPlatform()],
    });
  });

  afterAll(async () => {
    await removeDir(workDir);
  });

  test('every blob file is named by the sha256 of its bytes', async () => {
    const dir = join(image.layoutDir, 'blobs', 'sha256');
    const names = await readdir(dir);
    expect(names.length).toBeGreaterThanOrEqual(4 + 3 + 1);
    for (const name of names) expect(await fileDigest(join(dir, name))).toBe(`sha256:${name}`);
  });

  test('index.json tags the image and the index; oci-layout is present', async () => {
    const indexJson = await readJson<IndexJson>(join(image.layoutDir, 'index.json'));
    const byTag = new Map(indexJson.manifests.map((entry) => [entry.annotations?.[REF_NAME_ANNOTATION], entry]));
    expect(byTag.get('two')).toMatchObject({ digest: image.manifest.digest, size: image.manifest.size });
    expect(byTag.get('multi')).toMatchObject({
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest: index.index.digest,
    });
    expect(await readJson(join(image.layoutDir, 'oci-layout'))).toEqual({ imageLayoutVersion: '1.0.0' });
  });

  test('manifest and config describe the layers and diff_ids that were returned', async () => {
    const manifest = await readJson<{
      config: { digest: string; size: number };
      layers: Array<{ mediaType: string; digest: string; size: number }>;
    }>(blobPath(image.layoutDir, image.manifest.digest));
    expect(manifest.config).toMatchObject({ digest: image.config.digest, size: image.config.size });
    expect(manifest.layers.map((layer) => layer.digest)).toEqual(image.layers.map((layer) => layer.digest));
    const config = await readJson<{ architecture: string; rootfs: { diff_ids: string[] }; history: unknown[] }>(
      blobPath(image.layoutDir, image.config.digest),
    );
    expect(config.architecture).toBe(hostPlatform().architecture);
    expect(config.rootfs.diff_ids).toEqual(image.diffIds);
    expect(config.history).toHaveLength(2);
  });

  test('layers gunzip to tars whose sha256 is the diff_id and hold the expected files', async () => {
    for (const [position, layer] of image.layers.entries()) {
      const { entries, diffId } = await readLayer(blobPath(image.layoutDir, layer.digest));
      expect(diffId).toBe(layer.diffId);
      expect(entries).toEqual([
        { name: `layer-${position}.txt`, size: expect.any(Number) },
        { name: `random-${position}.bin`, size: RANDOM_BYTES },
      ]);
    }
    expect(new Set(image.layers.map((layer) => layer.digest)).size).toBe(2);
  });

  test('building again with the same options gives the same digests; another seed does not', async () => {
    const again = await buildImage(join(workDir, 'again'), { tag: 'two', layers: 2, randomBytesPerLayer: RANDOM_BYTES });
    expect(again.manifest.digest).toBe(image.manifest.digest);
    const reseeded = await buildImage(join(workDir, 'again'), { tag: 'two', layers: 2, randomBytesPerLayer: RANDOM_BYTES, seed: 'other' });
    expect(reseeded.layers[0].digest).not.toBe(image.layers[0].digest);
    expect(reseeded.diffIds[1]).not.toBe(image.diffIds[1]);
  });

  test('an index lists one manifest per platform with distinct content', async () => {
    const document = await readJson<{ manifests: Array<{ digest: string; platform: { architecture: string } }> }>(
      blobPath(index.layoutDir, index.index.digest),
    );
    expect(document.manifests.map((entry) => entry.digest)).toEqual(index.images.map((child) => child.manifest.digest));
    expect(document.manifests.map((entry) => entry.platform.architecture)).toEqual([
      hostPlatform().architecture,
      foreignPlatform().architecture,
    ]);
    expect(index.images[0].diffIds[0]).not.toBe(index.images[1].diffIds[0]);
  });

  test('tool detection finds binaries on PATH and reports missing ones', () => {
    expect(hasTool('node')).toBe(true);
    expect(missingTools(['node', 'no-such-e2e-tool-4711'])).toEqual(['no-such-e2e-tool-4711']);
  });
});
