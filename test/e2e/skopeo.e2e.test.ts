/** skopeo 1.9 against the registry under test: every manifest format, inspect, list-tags, delete, --all. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Skopeo } from './helpers/clients';
import { fileDigest } from './helpers/file-digest';
import { describeWithTools } from './helpers/has-tool';
import { buildImage, buildImageIndex, foreignPlatform, hostPlatform } from './helpers/images';
import type { BuiltImage, BuiltIndex, BuiltLayer } from './helpers/images';
import { MEDIA_TYPES, bytesDigest, manifestLayerDigests, manifestMediaType, parseManifest } from './helpers/manifests';
import { startTarget, targetKind, targetTools } from './helpers/target';
import type { RunningRegistry } from './helpers/target';
import { makeTempDir, removeDir } from './helpers/temp-dir';

jest.setTimeout(120_000);

const FORMATS = [
  { format: 'v2s2', mediaType: MEDIA_TYPES.dockerV2 },
  { format: 'oci', mediaType: MEDIA_TYPES.ociManifest },
  { format: 'v2s1', mediaType: MEDIA_TYPES.dockerV1Signed },
] as const;

/** every layer is in the dir: copy, byte for byte (the file's sha256 is the original blob digest) */
async function expectLayersInDir(dir: string, layers: readonly BuiltLayer[]): Promise<void> {
  for (const layer of layers) {
    expect(await fileDigest(join(dir, layer.digest.replace(/^sha256:/, '')))).toBe(layer.digest);
  }
}

describeWithTools(['skopeo', ...targetTools()])(`skopeo against ${targetKind()}`, () => {
  let registry: RunningRegistry | undefined;
  let skopeo: Skopeo | undefined;
  let workDir: string;
  let image: BuiltImage;
  let index: BuiltIndex;

  const docker = (repositoryAndTag: string): string => `docker://${registry!.host}/${repositoryAndTag}`;

  beforeAll(async () => {
    workDir = await makeTempDir('skopeo-e2e');
    const layout = join(workDir, 'layout');
    image = await buildImage(layout, { tag: 'two', layers: 2, randomBytesPerLayer: 256 * 1024 });
    index = await buildImageIndex(layout, { tag: 'multi', layers: 1, randomBytesPerLayer: 1024, platforms: [hostPlatform(), foreignPlatform()] });
    [registry, skopeo] = await Promise.all([startTarget(), Skopeo.create()]);
  });

  afterAll(async () => {
    await registry?.stop();
    await skopeo?.dispose();
    await removeDir(workDir);
  });

  describe.each(FORMATS)('copy --format $format', ({ format, mediaType }) => {
    const repository = `e2e/fmt-${format}`;

    test('pushes from an OCI layout and the registry serves that manifest type', async () => {
      await skopeo!.copy(image.reference, docker(`${repository}:1`), ['--format', format]);
      const raw = await skopeo!.inspectRaw(docker(`${repository}:1`));
      expect(manifestMediaType(raw)).toBe(mediaType);
      expect(manifestLayerDigests(raw)).toEqual(image.layers.map((layer) => layer.digest));
    });

    test('inspect reports the layers and platform', async () => {
      const inspection = await skopeo!.inspect(docker(`${repository}:1`));
      expect(inspection.Name).toBe(`${registry!.host}/${repository}`);
      expect(inspection.Layers).toEqual(image.layers.map((layer) => layer.digest));
      expect(inspection).toMatchObject({ Architecture: image.platform.architecture, Os: image.platform.os, RepoTags: ['1'] });
    });

    test('copies back to dir: with byte-identical layer blobs', async () => {
      const back = join(workDir, `back-${format}`);
      await skopeo!.copy(docker(`${repository}:1`), `dir:${back}`);
      const raw = await readFile(join(back, 'manifest.json'), 'utf8');
      expect(manifestMediaType(raw)).toBe(mediaType);
      expect(manifestLayerDigests(raw)).toEqual(image.layers.map((layer) => layer.digest));
      await expectLayersInDir(back, image.layers);
    });
  });

  test('an OCI manifest and its config are served byte for byte as built', async () => {
    const reference = docker('e2e/fmt-oci:1');
    const raw = await skopeo!.inspectRaw(reference);
    expect(bytesDigest(raw)).toBe(image.manifest.digest);
    expect((await skopeo!.inspect(reference)).Digest).toBe(image.manifest.digest);
    expect(bytesDigest(await skopeo!.inspectConfigRaw(reference))).toBe(image.config.digest);
  });

  test('a schema2 manifest keeps the original config blob', async () => {
    const raw = await skopeo!.inspectRaw(docker('e2e/fmt-v2s2:1'));
    expect(parseManifest(raw)).toMatchObject({ config: { digest: image.config.digest } });
    expect((await skopeo!.inspect(docker('e2e/fmt-v2s2:1'))).Digest).toBe(bytesDigest(raw));
  });

  test('list-tags lists every tag of a repository (tags made by registry-to-registry copies)', async () => {
    for (const tag of ['c', 'a', 'b']) await skopeo!.copy(docker('e2e/fmt-v2s2:1'), docker(`e2e/tags:${tag}`));
    const listing = await skopeo!.listTags(docker('e2e/tags'));
    expect(listing.Repository).toBe(`${registry!.host}/e2e/tags`);
    expect([...listing.Tags].sort()).toEqual(['a', 'b', 'c']);
  });

  test('delete removes a manifest: its tag is gone, other tags stay', async () => {
    await skopeo!.copy(image.reference, docker('e2e/del:1'), ['--format', 'v2s2']);
    await skopeo!.copy(image.reference, docker('e2e/del:2'), ['--format', 'oci']);
    await skopeo!.delete(docker('e2e/del:1'));
    await expect(skopeo!.inspectRaw(docker('e2e/del:1'))).rejects.toThrow(/manifest unknown/i);
    expect((await skopeo!.listTags(docker('e2e/del'))).Tags).toEqual(['2']);
    expect(bytesDigest(await skopeo!.inspectRaw(docker('e2e/del:2')))).toBe(image.manifest.digest);
  });

  test('copy --all pushes an OCI index unchanged and every platform image in it', async () => {
    await skopeo!.copy(index.reference, docker('e2e/multi:oci'), ['--all']);
    const raw = await skopeo!.inspectRaw(docker('e2e/multi:oci'));
    expect(bytesDigest(raw)).toBe(index.index.digest);
    const children = parseManifest(raw).manifests ?? [];
    expect(children.map((child) => child.digest)).toEqual(index.images.map((child) => child.manifest.digest));
    for (const child of index.images) {
      const childRaw = await skopeo!.inspectRaw(docker(`e2e/multi@${child.manifest.digest}`));
      expect(bytesDigest(childRaw)).toBe(child.manifest.digest);
    }
  });

  test('copy --all --format v2s2 turns the index into a Docker manifest list', async () => {
    await skopeo!.copy(index.reference, docker('e2e/multi:list'), ['--all', '--format', 'v2s2']);
    const list = parseManifest(await skopeo!.inspectRaw(docker('e2e/multi:list')));
    expect(list.mediaType).toBe(MEDIA_TYPES.dockerList);
    expect(list.manifests?.map((child) => child.platform?.architecture)).toEqual(index.images.map((child) => child.platform.architecture));
    for (const [position, child] of (list.manifests ?? []).entries()) {
      expect(child.mediaType).toBe(MEDIA_TYPES.dockerV2);
      const childRaw = await skopeo!.inspectRaw(docker(`e2e/multi@${child.digest}`));
      expect(manifestLayerDigests(childRaw)).toEqual(index.images[position].layers.map((layer) => layer.digest));
    }
  });

  test('copy --all back to dir: brings every platform\'s layers', async () => {
    const back = join(workDir, 'back-multi');
    await skopeo!.copy(docker('e2e/multi:oci'), `dir:${back}`, ['--all']);
    expect(bytesDigest(await readFile(join(back, 'manifest.json'), 'utf8'))).toBe(index.index.digest);
    for (const child of index.images) await expectLayersInDir(back, child.layers);
  });
});
