/** dockerd 20.10 (private, vfs) against the registry under test: pull every manifest type, push, login, lists. */
import { join } from 'node:path';
import { Skopeo, startDockerd } from './helpers/clients';
import type { DockerDaemon } from './helpers/clients';
import { describeWithTools } from './helpers/has-tool';
import { buildImage, buildImageIndex, foreignPlatform, hostPlatform } from './helpers/images';
import type { BuiltImage, BuiltIndex } from './helpers/images';
import { MEDIA_TYPES, manifestMediaType } from './helpers/manifests';
import { startTarget, targetKind, targetTools } from './helpers/target';
import type { RunningRegistry } from './helpers/target';
import { makeTempDir, removeDir } from './helpers/temp-dir';

jest.setTimeout(120_000);

const FORMATS = ['oci', 'v2s2', 'v2s1'] as const;

interface DockerImage {
  readonly Id: string;
  readonly Architecture: string;
  readonly Os: string;
  readonly RootFS: { readonly Type: string; readonly Layers: string[] };
}

describeWithTools(['skopeo', 'dockerd', 'containerd', 'docker', ...targetTools()])(`dockerd 20.10 against ${targetKind()}`, () => {
  let registry: RunningRegistry | undefined;
  let skopeo: Skopeo | undefined;
  let dockerd: DockerDaemon | undefined;
  let workDir: string;
  let image: BuiltImage;
  let index: BuiltIndex;

  const named = (repositoryAndTag: string): string => `${registry!.host}/${repositoryAndTag}`;

  async function inspectLocal(reference: string): Promise<DockerImage> {
    const { stdout } = await dockerd!.docker(['image', 'inspect', reference]);
    const [local] = JSON.parse(stdout) as DockerImage[];
    return local;
  }

  beforeAll(async () => {
    workDir = await makeTempDir('docker-e2e');
    const layout = join(workDir, 'layout');
    image = await buildImage(layout, { tag: 'two', layers: 2, randomBytesPerLayer: 128 * 1024 });
    index = await buildImageIndex(layout, { tag: 'multi', layers: 2, randomBytesPerLayer: 1024, platforms: [hostPlatform(), foreignPlatform()] });
    [registry, skopeo, dockerd] = await Promise.all([startTarget(), Skopeo.create(), startDockerd()]);
    for (const format of FORMATS) await skopeo.copy(image.reference, `docker://${named(`e2e/d-${format}:1`)}`, ['--format', format]);
    await skopeo.copy(index.reference, `docker://${named('e2e/d-multi:oci')}`, ['--all']);
    await skopeo.copy(index.reference, `docker://${named('e2e/d-multi:list')}`, ['--all', '--format', 'v2s2']);
  });

  // every pull starts from an empty image store, so all blobs are downloaded again
  afterEach(async () => {
    await dockerd?.docker(['image', 'prune', '--all', '--force']);
  });

  afterAll(async () => {
    await dockerd?.stop();
    await registry?.stop();
    await skopeo?.dispose();
    await removeDir(workDir);
  });

  test.each(FORMATS)('pulls the skopeo-pushed %s image; RootFS.Layers are the built diff_ids', async (format) => {
    const reference = named(`e2e/d-${format}:1`);
    await dockerd!.docker(['pull', '--quiet', reference]);
    const local = await inspectLocal(reference);
    expect(local.RootFS.Layers).toEqual(image.diffIds);
    expect(local).toMatchObject({ Architecture: image.platform.architecture, Os: image.platform.os });
  });

  test('tags a pulled image and pushes it to a new repository as schema2', async () => {
    await dockerd!.docker(['pull', '--quiet', named('e2e/d-oci:1')]);
    await dockerd!.docker(['tag', named('e2e/d-oci:1'), named('e2e/docker-pushed:1')]);
    const { stdout } = await dockerd!.docker(['push', named('e2e/docker-pushed:1')]);
    expect(stdout).toMatch(/1: digest: sha256:[0-9a-f]{64} size: \d+/);
    const reference = `docker://${named('e2e/docker-pushed:1')}`;
    expect(manifestMediaType(await skopeo!.inspectRaw(reference))).toBe(MEDIA_TYPES.dockerV2);
    const config = JSON.parse(await skopeo!.inspectConfigRaw(reference)) as { rootfs: { diff_ids: string[] } };
    expect(config.rootfs.diff_ids).toEqual(image.diffIds);
  });

  test('pulls back what docker pushed', async () => {
    await dockerd!.docker(['pull', '--quiet', named('e2e/docker-pushed:1')]);
    expect((await inspectLocal(named('e2e/docker-pushed:1'))).RootFS.Layers).toEqual(image.diffIds);
  });

  test('login with any credentials succeeds', async () => {
    const { stdout } = await dockerd!.docker(['login', '-u', 'a', '-p', 'b', registry!.host]);
    expect(stdout).toMatch(/Login Succeeded/);
    await dockerd!.docker(['logout', registry!.host]);
  });

  test.each(['list', 'oci'])('pulls the host platform out of a multi-platform %s', async (kind) => {
    const reference = named(`e2e/d-multi:${kind}`);
    await dockerd!.docker(['pull', '--quiet', reference]);
    const local = await inspectLocal(reference);
    expect(local.Architecture).toBe(hostPlatform().architecture);
    expect(local.RootFS.Layers).toEqual(index.images[0].diffIds);
  });
});
