/**
 * /v1/search over repositories pushed with V1 (scripted client) and V2 (skopeo), read with a
 * plain GET, `docker search` through dockerd 20.10 (/v1/_ping then /v1/search) and
 * `podman search` (/v1/search first); deleted tags and repositories leave the index.
 */
import { join } from 'node:path';
import { V1Client } from '../protocol/helpers/v1-client';
import type { DockerVariant } from '../protocol/helpers/v1-client';
import { buildImageChain } from '../protocol/helpers/v1-images';
import type { V1TestImage } from '../protocol/helpers/v1-images';
import { Podman, Skopeo, startDockerd } from './helpers/clients';
import type { DockerDaemon } from './helpers/clients';
import { buildImage } from './helpers/images';
import type { BuiltImage } from './helpers/images';
import type { RunningRegistry } from './helpers/target';
import { startTarget } from './helpers/target';
import { makeTempDir, removeDir } from './helpers/temp-dir';
import { searchV1, searchV1Names, settle } from './helpers/v1-search';
import { describeWithV1 } from './helpers/v1-target';

jest.setTimeout(120_000);

/** the newest Docker that pushes over V1 to Janus (V2 is hidden from 1.5) */
const PUSHER: DockerVariant = 'docker-1.5';

/** repositories as /v1/search names them; the search terms pick subsets of them */
const V1_PUSHED = 'srchv1/kestrel-one';
const V1_PUSHED_LIBRARY = 'kestrel-lib';
const V1_PUSHED_TWO_TAGS = 'srchv1/harrier';
const V2_PUSHED = 'srchv2/kestrel-two';
const V2_PUSHED_OTHER = 'srchv2/osprey';
const KESTRELS = [`library/${V1_PUSHED_LIBRARY}`, V1_PUSHED, V2_PUSHED].sort();
const ALL = [...KESTRELS, V1_PUSHED_TWO_TAGS, V2_PUSHED_OTHER].sort();

interface PodmanSearchResult {
  readonly Index: string;
  readonly Name: string;
}

describeWithV1(['skopeo', 'podman', 'dockerd', 'containerd', 'docker'])('search across V1 and V2 pushes', () => {
  let registry: RunningRegistry | undefined;
  let skopeo: Skopeo | undefined;
  let podman: Podman | undefined;
  let dockerd: DockerDaemon | undefined;
  let workDir: string;
  let chain: V1TestImage[];
  let image: BuiltImage;

  const named = (repositoryAndTag: string): string => `${registry!.host}/${repositoryAndTag}`;

  async function v1Delete(path: string): Promise<void> {
    const response = await fetch(`${registry!.url}${path}`, { method: 'DELETE' });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`DELETE ${path} answered ${response.status}: ${body}`);
  }

  /** names found by GET /v1/search once the index has caught up with `expected` (or timed out) */
  function settledNames(term: string, expected: readonly string[]): Promise<string[]> {
    const wanted = JSON.stringify([...expected].sort());
    return settle(() => searchV1Names(registry!.url, term), (names) => JSON.stringify(names) === wanted);
  }

  async function dockerSearch(term: string): Promise<string[]> {
    const { stdout } = await dockerd!.docker(['search', '--no-trunc', '--format', '{{.Name}}', named(term)]);
    return stdout.split('\n').filter(Boolean).sort();
  }

  async function podmanSearch(term: string): Promise<PodmanSearchResult[]> {
    const { stdout } = await podman!.run(['search', '--tls-verify=false', '--no-trunc', '--format', 'json', named(term)]);
    // podman 4.3 prints nothing at all (not `[]`) when nothing matched
    return stdout.trim() === '' ? [] : (JSON.parse(stdout) as PodmanSearchResult[]);
  }

  beforeAll(async () => {
    workDir = await makeTempDir('search-e2e');
    chain = await buildImageChain({ length: 2, format: 'gzip' });
    image = await buildImage(join(workDir, 'layout'), { tag: 'search', layers: 1, randomBytesPerLayer: 1024 });
    [registry, skopeo, podman, dockerd] = await Promise.all([startTarget(), Skopeo.create(), Podman.create(), startDockerd()]);

    const v1 = new V1Client(registry.url, PUSHER);
    await v1.push(V1_PUSHED, chain, 'latest');
    await v1.push(V1_PUSHED_LIBRARY, chain, 'latest');
    await v1.push(V1_PUSHED_TWO_TAGS, chain, 'a');
    await v1.push(V1_PUSHED_TWO_TAGS, chain, 'b');
    await skopeo.copy(image.reference, `docker://${named(`${V2_PUSHED}:1`)}`, ['--format', 'v2s2']);
    await skopeo.copy(image.reference, `docker://${named(`${V2_PUSHED_OTHER}:1`)}`, ['--format', 'oci']);
  });

  afterAll(async () => {
    await dockerd?.stop();
    await registry?.stop();
    await skopeo?.dispose();
    await podman?.dispose();
    await removeDir(workDir);
  });

  test('GET /v1/search finds V1- and V2-pushed repositories by substring', async () => {
    const answer = await searchV1(registry!.url, 'kestrel');
    expect(answer.query).toBe('kestrel');
    expect(answer.num_results).toBe(KESTRELS.length);
    expect(answer.results.map((result) => result.name).sort()).toEqual(KESTRELS);
    expect(await searchV1Names(registry!.url, 'osprey')).toEqual([V2_PUSHED_OTHER]);
    expect(await searchV1Names(registry!.url, 'srchv1/')).toEqual([V1_PUSHED_TWO_TAGS, V1_PUSHED].sort());
  });

  test('an empty query lists every tagged repository', async () => {
    expect(await searchV1Names(registry!.url, '')).toEqual(ALL);
  });

  test('docker search HOST/term goes through dockerd and lists the same repositories', async () => {
    expect(await dockerSearch('kestrel')).toEqual(KESTRELS);
    expect(await dockerSearch('osprey')).toEqual([V2_PUSHED_OTHER]);
  });

  test('podman search HOST/term lists them under the registry host', async () => {
    const results = await podmanSearch('kestrel');
    expect(results.map((result) => result.Name).sort()).toEqual(KESTRELS.map((name) => named(name)));
    expect(new Set(results.map((result) => result.Index))).toEqual(new Set([registry!.host]));
  });

  test('a V1 repository keeps its entry until its last tag is deleted', async () => {
    await v1Delete(`/v1/repositories/${V1_PUSHED_TWO_TAGS}/tags/a`);
    expect(await settledNames('harrier', [V1_PUSHED_TWO_TAGS])).toEqual([V1_PUSHED_TWO_TAGS]);
    await v1Delete(`/v1/repositories/${V1_PUSHED_TWO_TAGS}/tags/b`);
    expect(await settledNames('harrier', [])).toEqual([]);
    expect(await dockerSearch('harrier')).toEqual([]);
  });

  test('a V1 repository delete removes it from every search', async () => {
    await v1Delete(`/v1/repositories/${V1_PUSHED}/`);
    const remaining = KESTRELS.filter((name) => name !== V1_PUSHED);
    expect(await settledNames('kestrel', remaining)).toEqual(remaining);
    expect(await dockerSearch('kestrel')).toEqual(remaining);
    expect((await podmanSearch('kestrel')).map((result) => result.Name).sort()).toEqual(remaining.map((name) => named(name)));
  });

  test('a V2 manifest delete (skopeo delete) removes the repository once no tag is left', async () => {
    await skopeo!.delete(`docker://${named(`${V2_PUSHED_OTHER}:1`)}`);
    expect(await settledNames('osprey', [])).toEqual([]);
    expect(await dockerSearch('osprey')).toEqual([]);
    expect(await podmanSearch('osprey')).toEqual([]);
  });
});
