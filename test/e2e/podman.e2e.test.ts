/** podman 4.3 (vfs, root) against the registry under test: pull, tag, push (v2s2, oci), pull back, login, search. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Podman, Skopeo } from './helpers/clients';
import { describeWithTools } from './helpers/has-tool';
import { buildImage } from './helpers/images';
import type { BuiltImage } from './helpers/images';
import { MEDIA_TYPES, manifestMediaType } from './helpers/manifests';
import { startTarget, targetKind, targetTools } from './helpers/target';
import type { RunningRegistry } from './helpers/target';
import { makeTempDir, removeDir } from './helpers/temp-dir';

jest.setTimeout(120_000);

const PUSH_FORMATS = [
  { format: 'v2s2', mediaType: MEDIA_TYPES.dockerV2 },
  { format: 'oci', mediaType: MEDIA_TYPES.ociManifest },
] as const;

describeWithTools(['skopeo', 'podman', ...targetTools()])(`podman against ${targetKind()}`, () => {
  let registry: RunningRegistry | undefined;
  let skopeo: Skopeo | undefined;
  let podman: Podman | undefined;
  let workDir: string;
  let image: BuiltImage;

  const named = (repositoryAndTag: string): string => `${registry!.host}/${repositoryAndTag}`;

  /** what the registry serves: manifest type and the config's diff_ids */
  async function servedImage(repositoryAndTag: string): Promise<{ mediaType?: string; diffIds: string[] }> {
    const reference = `docker://${named(repositoryAndTag)}`;
    const config = JSON.parse(await skopeo!.inspectConfigRaw(reference)) as { rootfs: { diff_ids: string[] } };
    return { mediaType: manifestMediaType(await skopeo!.inspectRaw(reference)), diffIds: config.rootfs.diff_ids };
  }

  beforeAll(async () => {
    workDir = await makeTempDir('podman-e2e');
    image = await buildImage(join(workDir, 'layout'), { tag: 'two', layers: 2, randomBytesPerLayer: 128 * 1024 });
    [registry, skopeo, podman] = await Promise.all([startTarget(), Skopeo.create(), Podman.create()]);
    await skopeo.copy(image.reference, `docker://${named('e2e/base:1')}`, ['--format', 'v2s2']);
  });

  afterAll(async () => {
    await registry?.stop();
    await skopeo?.dispose();
    await podman?.dispose();
    await removeDir(workDir);
  });

  test('pulls the skopeo-pushed image with all its layers', async () => {
    await podman!.pull(named('e2e/base:1'));
    const pulled = await podman!.inspectImage(named('e2e/base:1'));
    expect(pulled.RootFS.Layers).toEqual(image.diffIds);
    expect(pulled.Architecture).toBe(image.platform.architecture);
  });

  describe.each(PUSH_FORMATS)('push --format $format', ({ format, mediaType }) => {
    const target = `e2e/podman-${format}:2`;

    test('tags and pushes to another repository', async () => {
      await podman!.pull(named('e2e/base:1'));
      await podman!.tag(named('e2e/base:1'), named(target));
      await podman!.push(named(target), format);
      expect(await servedImage(target)).toEqual({ mediaType, diffIds: image.diffIds });
    });

    test('pulls the pushed image back into an empty local store', async () => {
      await podman!.removeAllImages();
      await expect(podman!.inspectImage(named(target))).rejects.toThrow(/image not known/);
      await podman!.pull(named(target));
      expect((await podman!.inspectImage(named(target))).RootFS.Layers).toEqual(image.diffIds);
    });
  });

  test('login with any credentials succeeds and is stored in the private auth file', async () => {
    const { stdout } = await podman!.login(registry!.host, 'e2e-user', 'e2e-password');
    expect(stdout).toMatch(/Login Succeeded/i);
    const auth = JSON.parse(await readFile(podman!.sandbox.authFile, 'utf8')) as { auths: Record<string, { auth: string }> };
    expect(Buffer.from(auth.auths[registry!.host].auth, 'base64').toString()).toBe('e2e-user:e2e-password');
    await podman!.pull(named('e2e/base:1'));
    await podman!.logout(registry!.host);
  });

  test('search --list-tags lists the tags of a repository', async () => {
    await podman!.pull(named('e2e/base:1'));
    await podman!.tag(named('e2e/base:1'), named('e2e/base:extra'));
    await podman!.push(named('e2e/base:extra'));
    const { stdout } = await podman!.run(['search', '--tls-verify=false', '--list-tags', '--format', 'json', named('e2e/base')]);
    const [result] = JSON.parse(stdout) as Array<{ Name: string; Tags: string[] }>;
    expect(result.Name).toBe(named('e2e/base'));
    expect([...result.Tags].sort()).toEqual(['1', 'extra']);
  });
});
