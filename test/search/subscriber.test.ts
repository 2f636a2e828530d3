import pino from 'pino';
import { Writable } from 'node:stream';
import type { RegistryModel } from '../../src/registry/model';
import { followRegistryEvents, type SearchIndexFollower } from '../../src/search/subscriber';
import { openSearchIndex, type SqliteSearchIndex } from '../../src/search/sqlite-search-index';
import { silentLogger } from '../../src/logger';
import { deleteTag, inMemoryRegistry, pushImage } from './registry-fixture';

describe('search index following registry events', () => {
  let model: RegistryModel;
  let index: SqliteSearchIndex;
  let follower: SearchIndexFollower;
  const indexed = (): string[] => index.search({}).results.map((r) => r.name);

  beforeEach(() => {
    model = inMemoryRegistry();
    index = openSearchIndex(':memory:');
    follower = followRegistryEvents(index, model, silentLogger());
  });
  afterEach(async () => {
    follower.stop();
    await follower.idle();
    index.close();
  });

  test('a tagged push adds the V1 display name', async () => {
    await pushImage(model, 'busybox', 'latest');
    await pushImage(model, 'acme/web', 'v1');
    expect(indexed()).toEqual(['acme/web', 'library/busybox']);
    expect(index.search({ q: 'library' }).results.map((r) => r.name)).toEqual(['library/busybox']);
  });

  test('deleting one of two tags keeps the repository; deleting the last removes it', async () => {
    await pushImage(model, 'acme/web', 'v1');
    await pushImage(model, 'acme/web', 'v2');
    await deleteTag(model, 'acme/web', 'v1');
    await follower.idle();
    expect(indexed()).toEqual(['acme/web']);
    await deleteTag(model, 'acme/web', 'v2');
    await follower.idle();
    expect(indexed()).toEqual([]);
  });

  test('deleting a manifest by digest removes the repository with its tags', async () => {
    const digest = await pushImage(model, 'acme/web', 'v1');
    await model.deleteManifest('acme/web', { kind: 'digest', digest: (await import('../../src/util/digest')).parseDigest(digest)! });
    await follower.idle();
    expect(indexed()).toEqual([]);
  });

  test('repository.deleted removes the name once storage has no tag left (NAME_UNKNOWN counts as gone)', async () => {
    index.upsertRepository('acme/gone');
    model.events.emit('repository.deleted', { repository: 'acme/gone' });
    await follower.idle();
    expect(indexed()).toEqual([]);
  });

  test('repository.deleted for a repository that still has tags keeps it', async () => {
    await pushImage(model, 'acme/web', 'v1');
    model.events.emit('repository.deleted', { repository: 'acme/web' });
    await follower.idle();
    expect(indexed()).toEqual(['acme/web']);
  });

  test('library/x stays while either busybox or library/busybox has a tag', async () => {
    await pushImage(model, 'busybox', 'latest');
    await pushImage(model, 'library/busybox', 'latest');
    await deleteTag(model, 'busybox', 'latest');
    await follower.idle();
    expect(indexed()).toEqual(['library/busybox']);
    await deleteTag(model, 'library/busybox', 'latest');
    await follower.idle();
    expect(indexed()).toEqual([]);
  });

  test('a removal check overtaken by a new tag does not remove the repository', async () => {
    // a model view whose tag listing answers late, after a new tag was set
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowView = {
      events: model.events,
      listRepositories: model.listRepositories.bind(model),
      listTags: async (...args: Parameters<RegistryModel['listTags']>) => {
        const answer = await model.listTags(...args);
        await gate;
        return answer;
      },
    };
    follower.stop();
    follower = followRegistryEvents(index, slowView, silentLogger());
    await pushImage(model, 'acme/web', 'v1');
    await deleteTag(model, 'acme/web', 'v1'); // its check has read "no tags" and waits
    await pushImage(model, 'acme/web', 'v2');
    release();
    await follower.idle();
    expect(indexed()).toEqual(['acme/web']);
  });

  test('index failures are logged and never fail the push', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) }));
    const closedIndex = openSearchIndex(':memory:');
    closedIndex.close();
    const failing = followRegistryEvents(closedIndex, model, logger);
    try {
      await expect(pushImage(model, 'acme/web', 'v1')).resolves.toMatch(/^sha256:/);
      await expect(deleteTag(model, 'acme/web', 'v1')).resolves.toBeUndefined();
      await failing.idle();
    } finally {
      failing.stop();
    }
    const messages = lines.map((line) => JSON.parse(line) as { msg: string; repository: string });
    expect(messages.map((m) => [m.msg, m.repository])).toEqual([
      ['search index: adding the repository failed', 'acme/web'],
      ['search index: updating the repository failed', 'acme/web'],
    ]);
  });

  test('stop() ends following', async () => {
    follower.stop();
    await pushImage(model, 'acme/web', 'v1');
    expect(indexed()).toEqual([]);
  });
});
