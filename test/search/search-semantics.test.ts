import { openSearchIndex, type SqliteSearchIndex } from '../../src/search/sqlite-search-index';

describe('search semantics', () => {
  let index: SqliteSearchIndex;
  const names = (q: string | undefined, paging: { n?: number; page?: number } = {}): string[] =>
    index.search({ q, ...paging }).results.map((r) => r.name);

  beforeEach(() => {
    index = openSearchIndex(':memory:');
    for (const name of ['library/busybox', 'library/ubuntu', 'acme/web', 'acme/WebCam', 'acme/db_tools', 'acme/dbxtools', 'acme/100%pure', 'acme/100x', 'odd/back\\slash']) {
      index.upsertRepository(name);
    }
  });
  afterEach(() => index.close());

  test('a substring of ns/repo matches, results ordered by name', () => {
    expect(names('web')).toEqual(['acme/WebCam', 'acme/web']);
    expect(names('me/w')).toEqual(['acme/WebCam', 'acme/web']);
    expect(names('box')).toEqual(['library/busybox']);
    expect(names('nothing-like-it')).toEqual([]);
  });

  test('q=library matches every library repository', () => {
    expect(names('library')).toEqual(['library/busybox', 'library/ubuntu']);
  });

  test('short terms (below three characters) match as well', () => {
    expect(names('bu')).toEqual(['library/busybox', 'library/ubuntu']);
    expect(names('/')).toHaveLength(9);
    expect(names('W')).toEqual(['acme/WebCam', 'acme/web']);
  });

  test('ASCII letters compare case-insensitively', () => {
    expect(names('WEB')).toEqual(['acme/WebCam', 'acme/web']);
    expect(names('webcam')).toEqual(['acme/WebCam']);
    expect(names('LiBrArY/BUSY')).toEqual(['library/busybox']);
  });

  test('%, _ and the escape character are literal', () => {
    expect(names('%')).toEqual(['acme/100%pure']);
    expect(names('100%')).toEqual(['acme/100%pure']);
    expect(names('db_')).toEqual(['acme/db_tools']);
    expect(names('_')).toEqual(['acme/db_tools']);
    expect(names('\\')).toEqual(['odd/back\\slash']);
    expect(names('k\\s')).toEqual(['odd/back\\slash']);
    expect(names('"')).toEqual([]);
    expect(names('a"b')).toEqual([]);
    expect(names('web*')).toEqual([]);
    expect(names('NEAR(')).toEqual([]);
    expect(index.search({ q: '\0' }).num_results).toBe(0);
    expect(index.search({ q: 'we\0b' }).num_results).toBe(0);
  });

  test('the description is searched too', () => {
    index.upsertRepository('acme/app', 'Runs the Widget Factory');
    expect(names('widget')).toEqual(['acme/app']);
    expect(names('e w')).toEqual(['acme/app']);
    expect(index.search({ q: 'widget' }).results[0]).toEqual({
      name: 'acme/app',
      description: 'Runs the Widget Factory',
      star_count: 0,
      is_official: false,
      is_trusted: false,
      is_automated: false,
    });
  });

  test('a match may not span the name and the description', () => {
    index.upsertRepository('acme/app', 'Widget');
    expect(names('appwid')).toEqual([]);
    expect(names('app\nwid')).toEqual([]);
  });

  test('an empty or absent q lists everything', () => {
    expect(names('')).toHaveLength(9);
    expect(names(undefined)).toHaveLength(9);
    expect(index.search({}).query).toBe('');
  });

  test('the response has the Hub paging fields', () => {
    expect(index.search({ q: 'acme' })).toEqual({
      query: 'acme',
      num_results: 6,
      num_pages: 1,
      page: 1,
      page_size: 25,
      results: expect.any(Array),
    });
    expect(index.search({ q: 'none-such' })).toEqual({ query: 'none-such', num_results: 0, num_pages: 1, page: 1, page_size: 25, results: [] });
  });

  test('pages split the ordered matches', () => {
    const all = names('acme');
    expect(names('acme', { n: 4, page: 1 })).toEqual(all.slice(0, 4));
    expect(names('acme', { n: 4, page: 2 })).toEqual(all.slice(4));
    expect(index.search({ q: 'acme', n: 4, page: 2 })).toMatchObject({ num_results: 6, num_pages: 2, page: 2, page_size: 4 });
    expect(index.search({ q: 'acme', n: 4, page: 3 })).toMatchObject({ num_results: 6, num_pages: 2, page: 3, results: [] });
    expect(names('', { n: 2, page: 5 })).toEqual(['odd/back\\slash']);
    expect(names('a', { n: 1, page: 2 })).toEqual([all[1]]);
  });

  test('n and page are clamped', () => {
    expect(index.search({ n: 0 })).toMatchObject({ page_size: 1, num_pages: 9, results: [expect.anything()] });
    expect(index.search({ n: -3 }).page_size).toBe(1);
    expect(index.search({ n: 1000 }).page_size).toBe(100);
    expect(index.search({ n: Number.NaN }).page_size).toBe(25);
    expect(index.search({ n: 2.7 }).page_size).toBe(2);
    expect(index.search({ page: 0 }).page).toBe(1);
    expect(index.search({ page: -1 }).page).toBe(1);
    expect(index.search({ page: Number.NaN }).page).toBe(1);
    expect(index.search({ page: Number.MAX_SAFE_INTEGER, n: 100 })).toMatchObject({ page: Number.MAX_SAFE_INTEGER, results: [] });
  });

  test('upsert keeps a stored description unless given a new one; delete removes', () => {
    index.upsertRepository('acme/web', 'first');
    index.upsertRepository('acme/web');
    expect(index.search({ q: 'first' }).results.map((r) => [r.name, r.description])).toEqual([['acme/web', 'first']]);
    index.upsertRepository('acme/web', 'second');
    expect(names('first')).toEqual([]);
    expect(names('second')).toEqual(['acme/web']);
    index.deleteRepository('acme/web');
    index.deleteRepository('acme/never-there');
    expect(names('acme/web')).toEqual(['acme/WebCam']);
    expect(names('second')).toEqual([]);
  });

  test('replaceAll leaves exactly the given names, keeping descriptions of those kept', () => {
    index.upsertRepository('acme/web', 'kept');
    index.replaceAll(['acme/web', 'new/one', 'new/one', 'library/busybox']);
    expect(names('')).toEqual(['acme/web', 'library/busybox', 'new/one']);
    expect(names('kept')).toEqual(['acme/web']);
    expect(names('cam')).toEqual([]);
    index.replaceAll([]);
    expect(index.isEmpty()).toBe(true);
    expect(names('new')).toEqual([]);
  });

  test('replaceAll is one transaction: a failing iterable changes nothing', () => {
    function* failing(): Generator<string> {
      yield 'new/one';
      throw new Error('storage went away');
    }
    expect(() => index.replaceAll(failing())).toThrow('storage went away');
    expect(names('')).toHaveLength(9);
    expect(names('new/one')).toEqual([]);
  });

  test('isEmpty', () => {
    expect(index.isEmpty()).toBe(false);
    const empty = openSearchIndex(':memory:');
    expect(empty.isEmpty()).toBe(true);
    empty.close();
    empty.close();
  });
});
