/**
 * A docker-registry 0.6.9 / 0.8.1 store served in place (never modified) over V1 and V2, then
 * migrated into the native store — same V1 ids and V2 digests — with broken entries reported.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { migrateLegacyStore } from '../../src/registry/legacy-store/migration';
import { createRegistryModel } from '../../src/registry/model';
import { createDriver } from '../../src/storage/factory';
import { MediaTypes } from '../../src/util/media-types';
import { isValidRepositoryName } from '../../src/util/reference';
import { generateScenarioStore, type LegacyTagFacts, type ScenarioStore } from '../fixtures/legacy-store';
import { V1Client } from '../protocol/helpers/v1-client';
import { startTestRegistry, type TestRegistry } from '../helpers/test-registry';

jest.setTimeout(180_000);

const SCHEMA2_ACCEPT = [MediaTypes.schema2, MediaTypes.manifestList].join(', ');

async function treeDigests(root: string, skip: (path: string) => boolean = () => false): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (skip(rel)) continue;
      if (entry.isDirectory()) await walk(path);
      else result.set(rel, createHash('sha256').update(await readFile(path)).digest('hex'));
    }
  };
  await walk(root);
  return result;
}

const isJanusData = (rel: string): boolean => rel === 'docker' || rel === 'janus' || rel.startsWith('~');

/** servable by docker-registry's rules and carrying a name registry clients can use (`c++` was made by curl) */
function servable(tag: LegacyTagFacts): boolean {
  return tag.servable && isValidRepositoryName(modelName(tag));
}

function v1Name(tag: LegacyTagFacts): string {
  return tag.repository;
}

function modelName(tag: LegacyTagFacts): string {
  return tag.namespace === 'library' ? tag.name : `${tag.namespace}/${tag.name}`;
}

/** the tag's manifest by V2 (schema2 Accept) and the uncompressed digest of each layer */
async function pullV2(url: string, tag: LegacyTagFacts): Promise<{ digest: string; diffIds: string[] }> {
  const res = await request(url).get(`/v2/${modelName(tag)}/manifests/${tag.tag}`).set('Accept', SCHEMA2_ACCEPT).expect(200);
  const manifest = JSON.parse(res.text) as { layers: Array<{ digest: string }> };
  const diffIds: string[] = [];
  for (const layer of manifest.layers) {
    const blob = await request(url).get(`/v2/${modelName(tag)}/blobs/${layer.digest}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(blob.status).toBe(200);
    const bytes = blob.body as Buffer;
    const tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    diffIds.push('sha256:' + createHash('sha256').update(tar).digest('hex'));
  }
  return { digest: res.headers['docker-content-digest'] as string, diffIds };
}

function expectedDiffIds(tag: LegacyTagFacts): string[] {
  return tag.layers.filter((layer) => layer.diffId !== EMPTY_TAR).map((layer) => layer.diffId);
}
const EMPTY_TAR = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

/** the store for 0.6.9 (200 images in 20 repositories); a smaller one for 0.8.1 */
const SIZES = { '0.6.9': { images: 200, repositories: 20 }, '0.8.1': { images: 40, repositories: 8 } } as const;

describe.each(['0.6.9', '0.8.1'] as const)('a docker-registry %s store', (version) => {
  let root: string;
  let scenario: ScenarioStore;
  let original: Map<string, string>;
  let registry: TestRegistry;
  const servedInPlace = new Map<string, { v1Id: string; v2Digest: string }>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `janus-legacy-${version}-`));
    scenario = await generateScenarioStore(root, version, { ...SIZES[version], seed: 7 });
    original = await treeDigests(root);
    registry = await startTestRegistry({ storage: 'filesystem', root, search: true });
  });
  afterAll(async () => {
    await registry?.stop();
    await rm(root, { recursive: true, force: true });
  });

  test('every servable tag is pulled over V1 at once, byte-identical, with the original ids', async () => {
    const tags = scenario.manifest.tags.filter(servable);
    expect(tags.length).toBeGreaterThan(5);
    for (const tag of tags) {
      const pulled = await new V1Client(registry.url, 'docker-1.3').pull(v1Name(tag), tag.tag);
      expect(pulled.ids).toEqual([...tag.chain].reverse());
      for (const layer of tag.layers) {
        const image = pulled.images.get(layer.id)!;
        expect('sha256:' + createHash('sha256').update(image.layer).digest('hex')).toBe(layer.layerDigest);
      }
    }
  });

  test('broken tags are not offered: missing image, in-progress image', async () => {
    const { danglingTag, inProgressTag } = scenario.cases;
    for (const broken of [danglingTag, inProgressTag]) {
      const [namespace, ...rest] = broken.repository.split('/');
      const tags = await request(registry.url).get(`/v1/repositories/${namespace}/${rest.join('/')}/tags`);
      if (tags.status === 200) expect(Object.keys(tags.body as object)).not.toContain(broken.tag);
    }
    const phantom = scenario.cases.underscoreTag;
    const [namespace, ...rest] = phantom.repository.split('/');
    const tags = (await request(registry.url).get(`/v1/repositories/${namespace}/${rest.join('/')}/tags`).expect(200)).body as Record<string, string>;
    expect(Object.keys(tags)).not.toContain(phantom.phantomTag);
    expect(Object.keys(tags)).toContain(phantom.tag);
  });

  test('every servable tag is pulled over V2 with its original layer contents', async () => {
    for (const tag of scenario.manifest.tags.filter(servable)) {
      const pulled = await pullV2(registry.url, tag);
      expect(pulled.diffIds).toEqual(expectedDiffIds(tag));
      const v1Id = (await request(registry.url).get(`/v1/repositories/${tag.repository}/tags/${tag.tag}`).expect(200)).body as string;
      expect(v1Id).toBe(tag.imageId);
      servedInPlace.set(`${tag.repository}:${tag.tag}`, { v1Id, v2Digest: pulled.digest });
    }
  });

  test('the catalog and search list the legacy repositories', async () => {
    const catalog = (await request(registry.url).get('/v2/_catalog').expect(200)).body.repositories as string[];
    for (const tag of scenario.manifest.tags.filter(servable)) expect(catalog).toContain(modelName(tag));
    const found = (await request(registry.url).get('/v1/search?q=&n=100').expect(200)).body as { results: Array<{ name: string }> };
    const names = found.results.map((r) => r.name);
    for (const tag of scenario.manifest.tags.filter(servable)) expect(names).toContain(tag.repository);
  });

  test('new pushes to a legacy repository work over V1 and V2', async () => {
    const tag = scenario.manifest.tags.find(servable)!;
    const base = tag.chain[tag.chain.length - 1]!;
    const { buildImageChain } = await import('../protocol/helpers/v1-images');
    const [child] = await buildImageChain({ length: 1, parent: base });
    await new V1Client(registry.url, 'docker-1.5').push(tag.repository, [child!], 'pushed-after');
    const pulled = await new V1Client(registry.url, 'docker-1.3').pull(tag.repository, 'pushed-after');
    expect(pulled.ids).toEqual([child!.id, ...[...tag.chain].reverse()]);
    const v2 = await request(registry.url).get(`/v2/${modelName(tag)}/manifests/pushed-after`).set('Accept', SCHEMA2_ACCEPT).expect(200);
    expect((JSON.parse(v2.text) as { layers: unknown[] }).layers.length).toBeGreaterThanOrEqual(expectedDiffIds(tag).length);
    await request(registry.url).delete(`/v1/repositories/${tag.repository}/tags/pushed-after`).expect(200);
  });

  test('the original files are byte-identical afterwards', async () => {
    const after = await treeDigests(root, isJanusData);
    expect(after).toEqual(original);
  });

  test('migration keeps V1 ids and V2 digests; broken entries are reported; a second run is a no-op', async () => {
    const target = await mkdtemp(join(tmpdir(), `janus-migrated-${version}-`));
    try {
      const source = createDriver('filesystem', { rootdirectory: root });
      const model = createRegistryModel(createDriver('filesystem', { rootdirectory: target }), { deleteEnabled: true });
      const report = await migrateLegacyStore(source, model);
      const migratable = scenario.manifest.tags.filter(servable);
      expect(report.tags.migrated).toBe(migratable.length);
      const brokenTags = report.tags.broken.map((b) => `${b.repository}:${b.tag}`).sort();
      const named = scenario.manifest.tags.filter((t) => isValidRepositoryName(modelName(t)));
      const expectedBroken = named.filter((t) => !t.servable).map((t) => `${modelName(t)}:${t.tag}`).sort();
      expect(brokenTags).toEqual(expectedBroken);
      const unnamed = [...new Set(scenario.manifest.tags.filter((t) => !isValidRepositoryName(modelName(t))).map(modelName))];
      expect(report.repositories.skipped.map((r) => r.name).sort()).toEqual(unnamed.sort());
      const second = await migrateLegacyStore(source, model);
      expect(second.images.migrated).toBe(0);
      const migrated = await startTestRegistry({ storage: 'filesystem', root: target });
      try {
        for (const tag of migratable) {
          const pulled = await pullV2(migrated.url, tag);
          const v1Id = (await request(migrated.url).get(`/v1/repositories/${tag.repository}/tags/${tag.tag}`).expect(200)).body as string;
          expect({ v1Id, v2Digest: pulled.digest }).toEqual(servedInPlace.get(`${tag.repository}:${tag.tag}`));
          expect(pulled.diffIds).toEqual(expectedDiffIds(tag));
        }
      } finally {
        await migrated.stop();
      }
      expect((await stat(join(target, 'images')).catch(() => undefined)) === undefined).toBe(true);
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  });
});
