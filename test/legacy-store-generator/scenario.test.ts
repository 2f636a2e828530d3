/** The scenario store: size, variety and every special case the in-place/migration feature must handle. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateScenarioStore, type LegacyRegistryVersion, type LegacyTagFacts, type ScenarioStore } from '../fixtures/legacy-store';
import { readText, useTempDirectory } from './tree';

const temp = useTempDirectory();

describe.each(['0.6.9', '0.8.1'] as const)('scenario store written as docker-registry %s', (version: LegacyRegistryVersion) => {
  let root: string;
  let scenario: ScenarioStore;
  const tagOf = (repository: string, tag: string): LegacyTagFacts => scenario.manifest.tags.find((facts) => facts.repository === repository && facts.tag === tag)!;
  const repositoryOf = (repository: string) => scenario.manifest.repositories.find((facts) => facts.repository === repository)!;

  beforeAll(async () => {
    root = join(temp(), version);
    scenario = await generateScenarioStore(root, version, { images: 200, repositories: 20, seed: 42, searchDatabase: join(temp(), `${version}.db`) });
  });

  it('has the requested size and a mix of formats and chains sharing bases', () => {
    const images = Object.values(scenario.manifest.images);
    expect(images).toHaveLength(200);
    expect(scenario.manifest.repositories).toHaveLength(20);
    expect(readdirSync(join(root, 'images'))).toHaveLength(198);
    expect(new Set(images.map((image) => image.compression))).toEqual(new Set(['tar', 'gzip', 'xz']));
    const repositoriesPerBase = new Map<string, Set<string>>();
    for (const tag of scenario.manifest.tags) repositoriesPerBase.set(tag.chain[0]!, (repositoriesPerBase.get(tag.chain[0]!) ?? new Set()).add(tag.repository));
    expect(Math.max(...[...repositoriesPerBase.values()].map((repositories) => repositories.size))).toBeGreaterThan(2);
    expect(scenario.manifest.tags.some((tag) => tag.chain.length >= 4)).toBe(true);
  });

  it('gives repositories several tags, latest with its repository json', () => {
    for (const repository of scenario.manifest.repositories) {
      expect(repository.tags.length).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(root, repository.directory, 'json'))).toBe(repository.tags.includes('latest'));
      for (const tag of repository.tags.filter((name) => !name.startsWith('_'))) {
        expect(existsSync(join(root, repository.directory, `tag${tag}_json`))).toBe(true);
      }
    }
    expect(scenario.manifest.tags.length).toBeGreaterThan(60);
  });

  it('serves only tags whose whole chain is complete on disk', () => {
    for (const tag of scenario.manifest.tags.filter((facts) => facts.servable)) {
      for (const image of tag.chain) {
        const directory = join(root, scenario.manifest.images[image]!.directory);
        expect([existsSync(join(directory, 'json')), existsSync(join(directory, 'layer')), existsSync(join(directory, '_inprogress'))]).toEqual([true, true, false]);
      }
    }
    const broken = scenario.manifest.tags.filter((facts) => !facts.servable).map((facts) => `${facts.repository}:${facts.tag}:${facts.problem}`);
    const { cases } = scenario;
    expect(broken.sort()).toEqual(
      [
        `${cases.inProgressTag.repository}:${cases.inProgressTag.tag}:image-in-progress`,
        `${cases.ancestorInProgressTag.repository}:${cases.ancestorInProgressTag.tag}:ancestor-in-progress`,
        `${cases.danglingTag.repository}:${cases.danglingTag.tag}:missing-image`,
        `${cases.brokenAncestryTag.repository}:${cases.brokenAncestryTag.tag}:missing-ancestor`,
      ].sort(),
    );
  });

  it('leaves an untagged in-progress image from an interrupted push, with the raw first index body', () => {
    const { inProgressImage, interruptedRepository } = scenario.cases;
    expect(readText(root, `images/${inProgressImage}/_inprogress`)).toBe('true');
    expect(scenario.manifest.tags.some((tag) => tag.imageId === inProgressImage)).toBe(false);
    const repository = repositoryOf(interruptedRepository);
    expect(repository.indexImages).toBe('verbatim');
    const body = readText(root, `${repository.directory}/_index_images`);
    expect(body).toContain(`{"id":"${inProgressImage}","Tag":"next"}`);
    expect(existsSync(join(root, repository.directory, 'tag_next'))).toBe(false);
  });

  it('has a dangling tag and a tag whose parent image is gone', () => {
    const { danglingTag, brokenAncestryTag } = scenario.cases;
    const dangling = tagOf(danglingTag.repository, danglingTag.tag);
    expect(readText(root, dangling.tagFile)).toBe(danglingTag.imageId);
    expect(existsSync(join(root, 'images', danglingTag.imageId))).toBe(false);
    const orphaned = tagOf(brokenAncestryTag.repository, brokenAncestryTag.tag);
    expect(JSON.parse(readText(root, `images/${orphaned.imageId}/ancestry`))).toContain(brokenAncestryTag.missingParent);
    expect(existsSync(join(root, 'images', brokenAncestryTag.missingParent))).toBe(false);
    expect(orphaned.problemImage).toBe(brokenAncestryTag.missingParent);
  });

  it('has the "_x" tag whose metadata file lists as a phantom tag', () => {
    const { underscoreTag } = scenario.cases;
    const repository = repositoryOf(underscoreTag.repository);
    const tagFiles = readdirSync(join(root, repository.directory)).filter((name) => name.startsWith('tag_'));
    expect(tagFiles).toEqual(expect.arrayContaining(['tag__x', 'tag_x_json']));
    expect(repository.tags).toContain('_x');
    expect(repository.tags).not.toContain('x_json');
    expect(repository.phantomTags).toEqual(['x_json']);
    expect(tagOf(underscoreTag.repository, '_x').servable).toBe(true);
  });

  it('quotes the odd repository names like this version did', () => {
    const quoted = repositoryOf(scenario.cases.quotedRepository);
    const threeLevel = repositoryOf(scenario.cases.threeLevelRepository);
    expect(quoted.directory).toBe(version === '0.6.9' ? 'repositories/qa/c%2B%2B' : 'repositories/qa/c%252B%252B');
    expect(threeLevel.directory).toBe(version === '0.6.9' ? 'repositories/team/tools%2Fbuilder' : 'repositories/team/tools%252Fbuilder');
    expect(existsSync(join(root, quoted.directory, 'tag_latest'))).toBe(true);
  });

  it('has a curl-made repository without _index_images, and docker-made ones rewritten by the last index PUT', () => {
    const curl = repositoryOf(scenario.cases.curlRepository);
    expect(curl.indexImages).toBe('absent');
    expect(existsSync(join(root, curl.directory, '_index_images'))).toBe(false);
    const merged = scenario.manifest.repositories.filter((repository) => repository.indexImages === 'merged');
    expect(merged.length).toBeGreaterThan(10);
    for (const repository of merged) expect(readText(root, `${repository.directory}/_index_images`)).toMatch(/^\[\{"id": "[0-9a-f]{64}"\}(, \{"id": "[0-9a-f]{64}"\})*\]$/);
  });

  it('has a private repository and one with _images_list', () => {
    expect(existsSync(join(root, repositoryOf(scenario.cases.privateRepository).directory, '_private'))).toBe(true);
    const list = readText(root, `${repositoryOf(scenario.cases.imagesListRepository).directory}/_images_list`);
    expect(list).toMatch(/^\["[0-9a-f]{64}"(, "[0-9a-f]{64}")*\]$/);
  });

  it('writes the _checksum format of its version', () => {
    const formats = new Set(
      Object.values(scenario.manifest.images)
        .filter((image) => image.checksumFile !== undefined)
        .map((image) => (image.checksumFile!.startsWith('[') ? (image.storedChecksums.length === 2 ? 'list+tarsum' : 'list') : image.checksumFile!.split(':')[0])),
    );
    expect(formats).toEqual(version === '0.6.9' ? new Set(['tarsum+sha256', 'sha256']) : new Set(['list', 'list+tarsum', 'tarsum+sha256', 'sha256']));
    if (version === '0.8.1') expect(scenario.cases.carriedOverImages.length).toBeGreaterThan(0);
    expect(scenario.cases.preTenClientImages.some((image) => scenario.manifest.images[image]!.hasFilesCache)).toBe(true);
  });

  it('indexes in the search database the repositories created by an index PUT, names quoted once', () => {
    const db = new Database(join(temp(), `${version}.db`), { readonly: true });
    try {
      const names = (db.prepare('SELECT name FROM repository ORDER BY id').all() as Array<{ name: string }>).map((row) => row.name);
      const expected = scenario.manifest.repositories.filter((repository) => repository.searchIndexed).map((repository) => repository.searchName);
      expect(new Set(names)).toEqual(new Set(expected));
      expect(names).toContain('qa/c%2B%2B');
      expect(names).not.toContain(scenario.cases.curlRepository);
    } finally {
      db.close();
    }
  });
});
