/** Spot checks of the written tree against §4 of v1-protocol.md, for both registry versions. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { writeLegacyStore, type LegacyRegistryVersion, type LegacyStoreManifest } from '../fixtures/legacy-store';
import { BASE_TAR, id, smallSpec } from './small-spec';
import { readText, readTree, useTempDirectory } from './tree';

const temp = useTempDirectory();

describe.each(['0.6.9', '0.8.1'] as const)('docker-registry %s layout', (version: LegacyRegistryVersion) => {
  let root: string;
  let manifest: LegacyStoreManifest;
  const quotedRepo = version === '0.6.9' ? 'c%2B%2B' : 'c%252B%252B';
  const threeLevel = version === '0.6.9' ? 'tools%2Fbuilder' : 'tools%252Fbuilder';

  beforeAll(async () => {
    root = join(temp(), version);
    manifest = await writeLegacyStore(root, smallSpec(version), { version, searchDatabase: join(temp(), `${version}.db`) });
  });

  it('writes images/<id>/{json,layer,ancestry,_checksum} for a complete image, no marker', () => {
    const files = [...readTree(root).keys()].filter((path) => path.startsWith(`images/${id('a')}/`)).sort();
    expect(files).toEqual(['ancestry', 'json', 'layer', '_checksum'].sort().map((name) => `images/${id('a')}/${name}`));
    expect(readFileSync(join(root, 'images', id('a'), 'layer')).equals(BASE_TAR)).toBe(true);
  });

  it('writes ancestry as a Python JSON list, newest first', () => {
    expect(readText(root, `images/${id('c')}/ancestry`)).toBe(`["${id('c')}", "${id('b')}", "${id('a')}"]`);
    expect(readText(root, `images/${id('a')}/ancestry`)).toBe(`["${id('a')}"]`);
  });

  it('stores the image json as docker sent it: compact, docker field order', () => {
    const json = readText(root, `images/${id('b')}/json`);
    expect(json).toMatch(new RegExp(`^\\{"id":"${id('b')}","parent":"${id('a')}","created":"[^"]+","container":"[0-9a-f]{64}","container_config":\\{`));
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['id', 'parent', 'created', 'container', 'container_config', 'docker_version', 'config', 'architecture', 'os', 'Size']);
    expect(parsed.Size).toBe('#!/bin/sh\necho tool\n'.length);
  });

  it('stores layers in their pushed format', () => {
    const gzip = readFileSync(join(root, 'images', id('b'), 'layer'));
    expect(gzip.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const xz = readFileSync(join(root, 'images', id('c'), 'layer'));
    expect(xz.subarray(0, 6)).toEqual(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
    expect(manifest.images[id('b')]!.diffId).toBe('sha256:' + createHash('sha256').update(gunzipSync(gzip)).digest('hex'));
  });

  it('records digests and checksums that match the files', () => {
    for (const image of Object.values(manifest.images)) {
      const directory = join(root, image.directory);
      if (!existsSync(join(directory, 'layer'))) continue;
      const json = readFileSync(join(directory, 'json'));
      const layer = readFileSync(join(directory, 'layer'));
      expect(image.layerDigest).toBe('sha256:' + createHash('sha256').update(layer).digest('hex'));
      expect(image.layerSize).toBe(layer.length);
      expect(image.payloadChecksum).toBe('sha256:' + createHash('sha256').update(json).update('\n').update(layer).digest('hex'));
      expect(image.tarsum).toMatch(/^tarsum\+sha256:[0-9a-f]{64}$/);
    }
    expect(manifest.images[id('a')]!.diffId).toBe('sha256:' + createHash('sha256').update(BASE_TAR).digest('hex'));
  });

  it('leaves the in-progress states as the registry did', () => {
    const has = (image: string, file: string): boolean => existsSync(join(root, 'images', id(image), file));
    expect(readText(root, `images/${id('d')}/_inprogress`)).toBe('true');
    expect([has('d', 'json'), has('d', 'ancestry'), has('d', 'layer'), has('d', '_checksum')]).toEqual([true, true, false, false]);
    expect([has('e', 'layer'), has('e', '_inprogress'), has('e', '_checksum')]).toEqual([true, true, version === '0.8.1']);
    expect([has('f', 'layer'), has('f', '_inprogress'), has('f', '_checksum')]).toEqual([true, true, true]);
  });

  it('writes tag_<tag> as the raw id and tag<tag>_json next to it', () => {
    const repository = 'repositories/library/chain';
    expect(readText(root, `${repository}/tag_latest`)).toBe(id('c'));
    expect(readText(root, `${repository}/tag_base`)).toBe(id('a'));
    expect(readText(root, `${repository}/taglatest_json`)).toMatch(/^\{"kernel": "3\.13\.0-24-generic", "arch": "amd64", .*"last_update": 1400000000, .*\}$/);
    expect(readText(root, `${repository}/tagbase_json`)).toContain('"last_update": 1400003600');
    expect(readText(root, `${repository}/json`)).toBe(readText(root, `${repository}/taglatest_json`));
  });

  it('rewrites _index_images after a complete push, keeps the raw body after an interrupted one', () => {
    const merged = readText(root, 'repositories/library/chain/_index_images');
    expect(merged).toMatch(/^\[\{"id": "[a-f]{64}"\}(, \{"id": "[a-f]{64}"\})*\]$/);
    expect(new Set((JSON.parse(merged) as Array<{ id: string }>).map((entry) => entry.id))).toEqual(new Set([id('a'), id('b'), id('c')]));
    const verbatim = readText(root, `repositories/qa/${quotedRepo}/_index_images`);
    expect(verbatim).toBe(JSON.stringify([{ id: id('a') }, { id: id('b'), Tag: 'latest' }, { id: id('e'), Tag: 'wip' }]));
    expect(existsSync(join(root, `repositories/qa/${quotedRepo}/tag_wip`))).toBe(false);
  });

  it('quotes repository parts the way this version did', () => {
    expect(existsSync(join(root, 'repositories/qa', quotedRepo, 'tag_latest'))).toBe(true);
    expect(existsSync(join(root, 'repositories/team', threeLevel, 'tag_v1'))).toBe(true);
    const repository = manifest.repositories.find((facts) => facts.repository === 'team/tools/builder')!;
    expect(repository.directory).toBe(`repositories/team/${threeLevel}`);
    expect(repository.searchName).toBe('team/tools%2Fbuilder');
  });

  it('gives a curl-made repository tags but no _index_images, and the "_x" tag its odd metadata name', () => {
    const directory = `repositories/team/${threeLevel}`;
    const names = [...readTree(join(root, directory)).keys()].sort();
    expect(names).toEqual(['tag__x', 'tag_mid', 'tag_v1', 'tag_x_json', 'tagmid_json', 'tagv1_json']);
    expect(readText(root, `${directory}/tagv1_json`)).toMatch(/^\{"last_update": 1400010800\}$/);
    const facts = manifest.repositories.find((repository) => repository.repository === 'team/tools/builder')!;
    expect(facts.indexImages).toBe('absent');
    expect(facts.phantomTags).toEqual(['x_json']);
  });

  it('reports which tags can be served', () => {
    const status = Object.fromEntries(manifest.tags.map((tag) => [`${tag.repository}:${tag.tag}`, tag.problem ?? 'servable']));
    expect(status).toEqual({
      'library/chain:latest': 'servable',
      'library/chain:base': 'servable',
      'qa/c++:latest': 'servable',
      'team/tools/builder:v1': 'servable',
      'team/tools/builder:_x': 'servable',
      'team/tools/builder:mid': 'image-in-progress',
    });
    const latest = manifest.tags.find((tag) => tag.tag === 'latest' && tag.repository === 'library/chain')!;
    expect(latest.chain).toEqual([id('a'), id('b'), id('c')]);
    expect(latest.layers.map((layer) => layer.compression)).toEqual(['tar', 'gzip', 'xz']);
  });

  it('writes the search database of repository_created signals', () => {
    const db = new Database(join(temp(), `${version}.db`), { readonly: true });
    try {
      expect(db.prepare('SELECT id FROM version').all()).toEqual([{ id: 1 }]);
      expect(db.prepare('SELECT name, description FROM repository ORDER BY id').all()).toEqual([
        { name: 'library/chain', description: '' },
        { name: 'qa/c%2B%2B', description: '' },
      ]);
    } finally {
      db.close();
    }
  });
});
