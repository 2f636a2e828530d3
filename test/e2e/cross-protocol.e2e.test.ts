/**
 * V1 and V2 over one store, with real V2 clients (dockerd 20.10, podman, skopeo) and the scripted
 * Docker 1.x V1 client: a V1-pushed chain (plain tar, gzip and xz layers) pulled by every V2
 * client, and V2-pushed images (skopeo v2s1, docker push) pulled over V1.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { V1Client } from '../protocol/helpers/v1-client';
import type { DockerVariant, PullResult } from '../protocol/helpers/v1-client';
import { buildImageChain } from '../protocol/helpers/v1-images';
import type { V1TestImage } from '../protocol/helpers/v1-images';
import { Podman, Skopeo, startDockerd } from './helpers/clients';
import type { DockerDaemon } from './helpers/clients';
import { copyOutImage } from './helpers/copied-out-image';
import { savedLayerDigests } from './helpers/docker-save';
import { buildImage } from './helpers/images';
import type { BuiltImage } from './helpers/images';
import { uncompressedBufferDigest } from './helpers/layer-content';
import type { RunningRegistry } from './helpers/target';
import { startTarget } from './helpers/target';
import { makeTempDir, removeDir } from './helpers/temp-dir';
import { describeWithV1 } from './helpers/v1-target';

jest.setTimeout(180_000);

/**
 * Docker 1.5 is the newest client that speaks V1 to Janus (V2 is hidden from it; 1.6+ use V2):
 * parallel existence checks and the /v2/ probe. 1.3 is the older sequence (all tags listed).
 */
const PUSHER: DockerVariant = 'docker-1.5';
const PULLERS: readonly DockerVariant[] = ['docker-1.5', 'docker-1.3'];

/** the Docker schema2 layer media type for what the blob really is */
const LAYER_MEDIA_TYPES: Readonly<Record<string, string>> = {
  none: 'application/vnd.docker.image.rootfs.diff.tar',
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

interface V1ImageJson {
  readonly id: string;
  readonly parent?: string;
  readonly created: string;
  readonly architecture: string;
  readonly os: string;
  readonly config: { readonly Cmd: string[] };
}

/** the fields of `docker image inspect` and `podman image inspect` compared here */
interface InspectedImage {
  readonly Architecture: string;
  readonly Os: string;
  readonly Created: string;
  readonly Config: { readonly Cmd: string[] | null };
  readonly RootFS: { readonly Type: string; readonly Layers: string[] };
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function parseJson(image: V1TestImage): V1ImageJson {
  return JSON.parse(image.json.toString('utf8')) as V1ImageJson;
}

/** what a V2 client must see for a V1 chain: the top image's config, one layer per V1 image */
function expectedFromChain(chain: readonly V1TestImage[]) {
  const top = parseJson(chain[chain.length - 1]);
  return {
    Architecture: top.architecture,
    Os: top.os,
    Cmd: top.config.Cmd,
    created: Date.parse(top.created),
    diffIds: chain.map((image) => sha256(image.tar)),
  };
}

function expectInspectedChain(inspected: InspectedImage, chain: readonly V1TestImage[]): void {
  const expected = expectedFromChain(chain);
  expect(inspected.RootFS.Layers).toEqual(expected.diffIds);
  expect(inspected).toMatchObject({ Architecture: expected.Architecture, Os: expected.Os });
  expect(inspected.Config.Cmd).toEqual(expected.Cmd);
  expect(Date.parse(inspected.Created)).toBe(expected.created);
}

/** base first: the diff_id of every pulled V1 layer, and the parent links along the ancestry */
async function pulledChain(pulled: PullResult): Promise<{ diffIds: string[]; parentsLinked: boolean }> {
  const baseFirst = [...pulled.ids].reverse();
  const diffIds: string[] = [];
  let parentsLinked = true;
  for (const [position, id] of baseFirst.entries()) {
    const image = pulled.images.get(id);
    if (!image) throw new Error(`the V1 pull did not fetch ${id}`);
    diffIds.push(await uncompressedBufferDigest(image.layer));
    const json = JSON.parse(image.json.toString('utf8')) as { id: string; parent?: string };
    if (json.id !== id || json.parent !== (position === 0 ? undefined : baseFirst[position - 1])) parentsLinked = false;
  }
  return { diffIds, parentsLinked };
}

describeWithV1(['skopeo', 'podman', 'dockerd', 'containerd', 'docker', 'xz'])('V1 and V2 clients on one Janus store', () => {
  let registry: RunningRegistry | undefined;
  let skopeo: Skopeo | undefined;
  let podman: Podman | undefined;
  let dockerd: DockerDaemon | undefined;
  let workDir: string;
  let chain: V1TestImage[];
  let busyboxChain: V1TestImage[];
  let v2Image: BuiltImage;

  const named = (repositoryAndTag: string): string => `${registry!.host}/${repositoryAndTag}`;

  async function dockerInspect(reference: string): Promise<InspectedImage> {
    const { stdout } = await dockerd!.docker(['image', 'inspect', reference]);
    return (JSON.parse(stdout) as InspectedImage[])[0];
  }

  beforeAll(async () => {
    workDir = await makeTempDir('cross-e2e');
    chain = await buildImageChain({ length: 3, format: ['tar', 'gzip', 'xz'], contentBytes: 64 * 1024 });
    busyboxChain = await buildImageChain({ length: 2, format: 'tar' });
    v2Image = await buildImage(join(workDir, 'layout'), { tag: 'v2', layers: 3, randomBytesPerLayer: 64 * 1024 });
    [registry, skopeo, podman, dockerd] = await Promise.all([startTarget(), Skopeo.create(), Podman.create(), startDockerd()]);
  });

  afterAll(async () => {
    await dockerd?.stop();
    await registry?.stop();
    await skopeo?.dispose();
    await podman?.dispose();
    await removeDir(workDir);
  });

  describe('a V1 push (plain tar, gzip and xz layers) seen by V2 clients', () => {
    const repository = 'e2e/v1-chain';

    test(`the scripted ${PUSHER} client pushes the 3-image chain`, async () => {
      const client = new V1Client(registry!.url, PUSHER);
      const result = await client.push(repository, chain, 'latest');
      expect(result).toEqual({ pushed: chain.map((image) => image.id), skipped: [] });
    });

    test('dockerd pulls it: config from the top V1 image, RootFS.Layers = sha256 of each uncompressed tar', async () => {
      await dockerd!.docker(['pull', '--quiet', named(`${repository}:latest`)]);
      expectInspectedChain(await dockerInspect(named(`${repository}:latest`)), chain);
    });

    test('docker save of the pulled image holds the original layer tars', async () => {
      const layers = await savedLayerDigests(dockerd!, named(`${repository}:latest`), join(workDir, 'v1-chain.tar'));
      expect(layers).toEqual(chain.map((image) => sha256(image.tar)));
    });

    test('podman pulls it and image inspect matches', async () => {
      await podman!.pull(named(`${repository}:latest`));
      const { stdout } = await podman!.run(['image', 'inspect', named(`${repository}:latest`)]);
      expectInspectedChain((JSON.parse(stdout) as InspectedImage[])[0], chain);
    });

    test('skopeo copies it to dir: and every layer blob decompresses to the original tar', async () => {
      const copied = await copyOutImage(skopeo!, `docker://${named(`${repository}:latest`)}`, join(workDir, 'v1-chain-dir'));
      expect(copied.layers.map((layer) => layer.diffId)).toEqual(chain.map((image) => sha256(image.tar)));
      // xz is served as a gzip copy (no current client reads xz); each media type tells the truth
      expect(copied.layers.map((layer) => [layer.compression, layer.mediaType])).toEqual(
        copied.layers.map((layer) => [layer.compression, LAYER_MEDIA_TYPES[layer.compression]]),
      );
      expect(copied.layers.map((layer) => layer.compression)).not.toContain('xz');
      const config = JSON.parse(await skopeo!.inspectConfigRaw(`docker://${named(`${repository}:latest`)}`)) as {
        rootfs: { diff_ids: string[] };
      };
      expect(config.rootfs.diff_ids).toEqual(chain.map((image) => sha256(image.tar)));
    });

    test('docker, podman and skopeo agree on the image id (the config digest, fixed at tag time)', async () => {
      const reference = named(`${repository}:latest`);
      const manifest = JSON.parse(await skopeo!.inspectRaw(`docker://${reference}`)) as { config: { digest: string } };
      const again = JSON.parse(await skopeo!.inspectRaw(`docker://${reference}`)) as { config: { digest: string } };
      expect(again.config.digest).toBe(manifest.config.digest);
      const { stdout: dockerId } = await dockerd!.docker(['image', 'inspect', '--format', '{{.Id}}', reference]);
      const { stdout: podmanId } = await podman!.run(['image', 'inspect', '--format', '{{.Id}}', reference]);
      expect(dockerId.trim()).toBe(manifest.config.digest);
      expect(`sha256:${podmanId.trim()}`).toBe(manifest.config.digest);
    });

    test('a V1 push to busybox is pulled by docker as HOST/busybox', async () => {
      const client = new V1Client(registry!.url, PUSHER);
      await client.push('busybox', busyboxChain, 'latest');
      await dockerd!.docker(['pull', '--quiet', named('busybox')]);
      expectInspectedChain(await dockerInspect(named('busybox')), busyboxChain);
    });
  });

  describe('V2-pushed images pulled by the scripted V1 clients', () => {
    const sources = [
      { source: 'skopeo copy --format v2s1', repository: 'e2e/from-v2s1' },
      { source: 'docker push', repository: 'e2e/from-docker' },
    ] as const;

    beforeAll(async () => {
      await skopeo!.copy(v2Image.reference, `docker://${named('e2e/from-v2s1:1')}`, ['--format', 'v2s1']);
      // dockerd needs the image locally before it can push it: pull a schema2 copy, retag, push
      await skopeo!.copy(v2Image.reference, `docker://${named('e2e/docker-source:1')}`, ['--format', 'v2s2']);
      await dockerd!.docker(['pull', '--quiet', named('e2e/docker-source:1')]);
      await dockerd!.docker(['tag', named('e2e/docker-source:1'), named('e2e/from-docker:1')]);
      await dockerd!.docker(['push', named('e2e/from-docker:1')]);
    });

    describe.each(sources)('$source', ({ repository }) => {
      test('skopeo copies it out with the built layer contents', async () => {
        const copied = await copyOutImage(skopeo!, `docker://${named(`${repository}:1`)}`, join(workDir, `${repository.replace('/', '-')}-dir`));
        expect(copied.layers.map((layer) => layer.diffId)).toEqual(v2Image.diffIds);
      });

      test.each(PULLERS)('the scripted %s client pulls identical layer contents', async (variant) => {
        const copied = await copyOutImage(
          skopeo!,
          `docker://${named(`${repository}:1`)}`,
          join(workDir, `${repository.replace('/', '-')}-${variant}-dir`),
        );
        const pulled = await new V1Client(registry!.url, variant).pull(repository, '1');
        const { diffIds, parentsLinked } = await pulledChain(pulled);
        expect(diffIds).toEqual(copied.layers.map((layer) => layer.diffId));
        expect(diffIds).toEqual(v2Image.diffIds);
        expect(parentsLinked).toBe(true);
      });
    });
  });
});
