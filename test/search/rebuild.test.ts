import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { RegistryModel } from '../../src/registry/model';
import { silentLogger } from '../../src/logger';
import { openAndPrepareSearchIndex } from '../../src/search/prepare-search-index';
import { rebuildSearchIndex } from '../../src/search/rebuild';
import { openSearchIndex } from '../../src/search/sqlite-search-index';
import { deleteTag, inMemoryRegistry, pushImage } from './registry-fixture';

const logger = silentLogger();

describe('rebuilding the search index from storage', () => {
  let model: RegistryModel;

  beforeEach(async () => {
    model = inMemoryRegistry();
    await pushImage(model, 'busybox', 'latest');
    await pushImage(model, 'acme/web', 'v1');
    await pushImage(model, 'acme/untagged', 'v1');
    await deleteTag(model, 'acme/untagged', 'v1'); // exists in storage, no tag left
  });

  test('indexes every repository with a tag, under its display name, and drops the rest', async () => {
    const index = openSearchIndex(':memory:');
    index.upsertRepository('stale/entry');
    const summary = await rebuildSearchIndex(index, model, logger);
    expect(summary).toEqual({ repositories: 3, tagged: 2 });
    expect(index.search({}).results.map((r) => r.name)).toEqual(['acme/web', 'library/busybox']);
    index.close();
  });

  test('a repository changed while storage is walked is checked again afterwards', async () => {
    const index = openSearchIndex(':memory:');
    let tagWhileWalking: Promise<string> | undefined;
    const view = {
      events: model.events,
      listTags: model.listTags.bind(model),
      listRepositories: async (...args: Parameters<RegistryModel['listRepositories']>) => {
        const page = await model.listRepositories(...args);
        tagWhileWalking = pushImage(model, 'acme/late', 'v1'); // not in this listing
        await tagWhileWalking;
        return page;
      },
    };
    await rebuildSearchIndex(index, view, logger);
    expect(tagWhileWalking).toBeDefined();
    expect(index.search({}).results.map((r) => r.name)).toEqual(['acme/late', 'acme/web', 'library/busybox']);
    index.close();
  });

  test('an aborted rebuild leaves the index as it was', async () => {
    const index = openSearchIndex(':memory:');
    index.upsertRepository('kept/entry');
    const abort = new AbortController();
    abort.abort();
    await expect(rebuildSearchIndex(index, model, logger, { signal: abort.signal })).rejects.toThrow();
    expect(index.search({}).results.map((r) => r.name)).toEqual(['kept/entry']);
    index.close();
  });

  describe('openAndPrepareSearchIndex', () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'janus-search-'));
      file = path.join(dir, 'search.db');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('a new index is rebuilt in the background and follows events', async () => {
      const prepared = openAndPrepareSearchIndex(file, model, logger);
      expect(prepared.index.search({}).num_results).toBe(0); // served at once, before the rebuild
      await expect(prepared.rebuilt).resolves.toBe(true);
      expect(prepared.index.search({}).results.map((r) => r.name)).toEqual(['acme/web', 'library/busybox']);
      await pushImage(model, 'acme/new', 'v1');
      expect(prepared.index.search({ q: 'new' }).results.map((r) => r.name)).toEqual(['acme/new']);
      await prepared.close();
    });

    test('an up-to-date, non-empty index is not rebuilt', async () => {
      const first = openAndPrepareSearchIndex(file, model, logger);
      await first.rebuilt;
      await first.close();
      const seeded = openSearchIndex(file);
      seeded.replaceAll(['only/this']);
      seeded.close();

      const again = openAndPrepareSearchIndex(file, model, logger);
      await expect(again.rebuilt).resolves.toBe(false);
      expect(again.index.search({}).results.map((r) => r.name)).toEqual(['only/this']);
      await again.close();
    });

    test('an empty index is rebuilt when storage has tagged repositories', async () => {
      const first = openAndPrepareSearchIndex(file, inMemoryRegistry(), logger);
      await expect(first.rebuilt).resolves.toBe(true);
      expect(first.index.isEmpty()).toBe(true);
      await first.close();

      const again = openAndPrepareSearchIndex(file, model, logger);
      await expect(again.rebuilt).resolves.toBe(true);
      expect(again.index.search({}).num_results).toBe(2);
      await again.close();
    });

    test('an adopted docker-registry index is reconciled with storage', async () => {
      const legacy = new BetterSqlite3(file);
      legacy.exec(`CREATE TABLE version (id INTEGER NOT NULL PRIMARY KEY);
                   CREATE TABLE repository (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(95) NOT NULL UNIQUE, description VARCHAR(100));
                   INSERT INTO version VALUES (1);
                   INSERT INTO repository (name, description) VALUES ('acme/web', 'from docker-registry'), ('old/gone', '');`);
      legacy.close();
      const prepared = openAndPrepareSearchIndex(file, model, logger);
      expect(prepared.index.search({}).results.map((r) => r.name)).toEqual(['acme/web', 'old/gone']);
      await expect(prepared.rebuilt).resolves.toBe(true);
      expect(prepared.index.search({}).results.map((r) => [r.name, r.description])).toEqual([
        ['acme/web', 'from docker-registry'],
        ['library/busybox', null],
      ]);
      await prepared.close();
    });

    test('a failing rebuild leaves the index serving what it holds', async () => {
      const broken = { events: model.events, listTags: model.listTags.bind(model), listRepositories: async () => Promise.reject(new Error('storage offline')) };
      const prepared = openAndPrepareSearchIndex(file, broken, logger);
      await expect(prepared.rebuilt).resolves.toBe(false);
      expect(prepared.index.search({ q: 'x' }).num_results).toBe(0);
      await prepared.close();
    });
  });
});
