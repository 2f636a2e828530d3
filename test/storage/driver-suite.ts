/**
 * The storage driver conformance suite, a port of distribution's testsuites.Driver. Every driver
 * runs it unchanged, so it only uses the StorageDriver contract: no filesystem assumptions, no
 * modTime equality, no empty directories. After each test the store must be empty again.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileInfo, FileWriter, StorageDriver } from '../../src/storage/driver';
import { InvalidOffsetError, InvalidPathError, PathNotFoundError } from '../../src/storage/errors';

export interface DriverUnderTest {
  readonly driver: StorageDriver;
  readonly cleanup: () => Promise<void>;
  /** backend data that must be gone after each test: staging files, pending multipart uploads… */
  readonly leftovers?: () => Promise<string[]>;
}

export interface DriverSuiteOptions {
  /** the smallest modTime step the backend shows between two writes (object stores: 1 s) */
  readonly modTimeResolutionMs?: number;
  /** per-test timeout for slow (remote) backends */
  readonly timeoutMs?: number;
}

const MiB = 1024 * 1024;
const LARGE_STREAM_BYTES = process.env.LARGE_TESTS === '1' ? 1024 * MiB : 64 * MiB;

export function describeStorageDriver(name: string, makeDriver: () => Promise<DriverUnderTest>, options: DriverSuiteOptions = {}): void {
  const modTimeResolutionMs = options.modTimeResolutionMs ?? 1000;
  const timeout = options.timeoutMs ?? 30_000;

  describe(`storage driver ${name}`, () => {
    let underTest: DriverUnderTest;
    let driver: StorageDriver;
    /** top-level paths a test created, deleted after it like distribution's deferred deletePath */
    let created: Set<string>;

    /** registers the top-level directory of `path` for cleanup and returns `path` */
    function use(path: string): string {
      created.add(firstPart(path));
      return path;
    }

    beforeAll(async () => {
      underTest = await makeDriver();
      driver = underTest.driver;
    });
    afterAll(async () => underTest?.cleanup());
    beforeEach(() => {
      created = new Set();
    });
    afterEach(async () => {
      for (const path of created) await driver.delete(path).catch(ignoreNotFound);
      const remaining = await driver.list('/');
      const leftovers = (await underTest.leftovers?.()) ?? [];
      for (const path of remaining) await driver.delete(path).catch(ignoreNotFound); // keep later tests independent
      expect({ remaining, leftovers }).toEqual({ remaining: [], leftovers: [] });
    });

    describe('paths', () => {
      test('the root always exists', async () => {
        await expect(driver.list('/')).resolves.toEqual([]);
        await expect(driver.stat('/')).resolves.toMatchObject({ path: '/', isDir: true, size: 0 });
        await expect(driver.delete('/')).resolves.toBeUndefined();
        const visited: string[] = [];
        await driver.walk('/', (info) => void visited.push(info.path));
        expect(visited).toEqual([]);
      });

      test('valid paths are accepted', async () => {
        const contents = randomBytes(64);
        const validPaths = [
          '/a', '/2', '/aa', '/a.a', '/0-9/abcdefg', '/abcdefg/z.75', '/abc/1.2.3.4.5-6_zyx/123.z/4',
          '/docker/docker-registry', '/123.abc', '/abc./abc', '/.abc', '/a--b', '/a-.b', '/_.abc',
          '/Docker/docker-registry', '/Abc/Cba', '/...', '/a/..b',
        ];
        for (const path of validPaths) {
          await driver.putContent(use(path), contents);
          expectBytes(await driver.getContent(path), contents);
          await driver.delete(firstPart(path));
        }
      });

      test('invalid paths are rejected by every method', async () => {
        const invalidPaths = ['', '/', 'abc', '123.abc', '//bcd', '/abc_123/', '/a b', '/ä', '/~staging', '/a/../b', '/./a', '/a/.', '/..'];
        for (const path of invalidPaths) {
          await expectError(driver.putContent(path, 'x'), InvalidPathError);
          await expectError(driver.getContent(path), InvalidPathError);
          await expectError(driver.reader(path), InvalidPathError);
          await expectError(driver.writer(path), InvalidPathError);
          await expectError(driver.move(path, '/valid'), InvalidPathError);
          await expectError(driver.move('/valid', path), InvalidPathError);
          if (path === '/') continue; // the root is valid for stat, list, delete and walk
          await expectError(driver.stat(path), InvalidPathError);
          await expectError(driver.list(path), InvalidPathError);
          await expectError(driver.delete(path), InvalidPathError);
          await expectError(driver.walk(path, () => undefined), InvalidPathError);
        }
      });
    });

    describe('putContent and getContent', () => {
      test.each([
        ['one byte', Buffer.from('a')],
        ['unicode', Buffer.from('\xc3\x9f', 'latin1')],
        ['a small string', randomBytes(32)],
        ['1 MiB', randomBytes(MiB)],
        ['non-UTF-8 bytes', Buffer.from([0x80, 0x80, 0x80, 0x80])],
        ['zero bytes', Buffer.alloc(0)],
      ])('round-trips %s', async (_label, contents) => {
        const path = use(randomPath());
        await driver.putContent(path, contents);
        expectBytes(await driver.getContent(path), contents);
      });

      test('accepts strings as UTF-8', async () => {
        const path = use(randomPath());
        await driver.putContent(path, '{"ß":1}');
        expectBytes(await driver.getContent(path), Buffer.from('{"ß":1}', 'utf8'));
      });

      test('a smaller put truncates the previous content', async () => {
        const path = use(randomPath());
        await driver.putContent(path, randomBytes(MiB));
        const smaller = randomBytes(1024);
        await driver.putContent(path, smaller);
        expectBytes(await driver.getContent(path), smaller);
        await expect(driver.stat(path)).resolves.toMatchObject({ size: 1024 });
      });

      test('concurrent readers see the old or the new content, never a mix', async () => {
        const path = use(randomPath());
        const versions = [Buffer.alloc(256 * 1024, 'a'), Buffer.alloc(512 * 1024, 'b')];
        await driver.putContent(path, versions[0]);
        let writing = true;
        const writes = (async () => {
          for (let round = 1; round <= 20; round++) await driver.putContent(path, versions[round % 2]);
          writing = false;
        })();
        let reads = 0;
        while (writing) {
          const [whole, streamed] = await Promise.all([driver.getContent(path), driver.reader(path).then(readAll)]);
          for (const seen of [whole, streamed]) expect(versions.some((version) => version.equals(seen))).toBe(true);
          reads++;
        }
        await writes;
        expect(reads).toBeGreaterThan(0);
      });

      test('missing paths and directories are not found', async () => {
        const path = use(randomPath(3));
        await expectError(driver.getContent(path), PathNotFoundError, { path });
        await driver.putContent(path, 'x');
        const directory = parentOf(path);
        await expectError(driver.getContent(directory), PathNotFoundError, { path: directory });
      });
    });

    describe('reader', () => {
      test('missing paths are not found at any offset', async () => {
        const path = randomPath();
        await expectError(driver.reader(path), PathNotFoundError, { path });
        await expectError(driver.reader(path, { offset: 64 }), PathNotFoundError, { path });
      });

      test('reads from offsets', async () => {
        const path = use(randomPath());
        const [chunk1, chunk2, chunk3] = [randomBytes(32), randomBytes(32), randomBytes(32)];
        await driver.putContent(path, Buffer.concat([chunk1, chunk2, chunk3]));
        expectBytes(await driver.reader(path).then(readAll), Buffer.concat([chunk1, chunk2, chunk3]));
        expectBytes(await driver.reader(path, { offset: 32 }).then(readAll), Buffer.concat([chunk2, chunk3]));
        expectBytes(await driver.reader(path, { offset: 64 }).then(readAll), chunk3);
        expectBytes(await driver.reader(path, { offset: 95 }).then(readAll), chunk3.subarray(31));
        expectBytes(await driver.reader(path, { offset: 96 }).then(readAll), Buffer.alloc(0));
        await expectError(driver.reader(path, { offset: 97 }), InvalidOffsetError, { path, offset: 97 });
        await expectError(driver.reader(path, { offset: -1 }), InvalidOffsetError, { path, offset: -1 });
      });

      test('reads a length from an offset', async () => {
        const path = use(randomPath());
        const contents = randomBytes(4096);
        await driver.putContent(path, contents);
        expectBytes(await driver.reader(path, { offset: 100, length: 1000 }).then(readAll), contents.subarray(100, 1100));
        expectBytes(await driver.reader(path, { length: 1 }).then(readAll), contents.subarray(0, 1));
        expectBytes(await driver.reader(path, { offset: 4000, length: 1000 }).then(readAll), contents.subarray(4000));
        expectBytes(await driver.reader(path, { offset: 10, length: 0 }).then(readAll), Buffer.alloc(0));
        expectBytes(await driver.reader(path, { offset: 4096, length: 10 }).then(readAll), Buffer.alloc(0));
      });

      test('a directory cannot be read', async () => {
        const path = use(randomPath(3));
        await driver.putContent(path, 'x');
        await expectError(driver.reader(parentOf(path)), PathNotFoundError);
      });

      test('an aborted signal ends the stream with an AbortError', async () => {
        const path = use(randomPath());
        await driver.putContent(path, randomBytes(4 * MiB));
        const controller = new AbortController();
        const stream = await driver.reader(path, { signal: controller.signal });
        controller.abort();
        await expect(readAll(stream)).rejects.toMatchObject({ name: 'AbortError' });
      });

      test('concurrent reads at random offsets', async () => {
        const path = use(randomPath());
        const contents = randomBytes(8 * MiB);
        await driver.putContent(path, contents);
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            const offset = randomInt(contents.length);
            const read = await driver.reader(path, { offset }).then(readAll);
            expectBytes(read, contents.subarray(offset));
          }),
        );
      });
    });

    describe('writer', () => {
      test.each([
        ['one byte', [Buffer.from('a')]],
        ['unicode', [Buffer.from('\xc3\x9f', 'latin1')]],
        ['a small string', [randomBytes(32)]],
        ['1 MiB', [randomBytes(MiB)]],
        ['non-UTF-8 bytes', [Buffer.from([0x80, 0x80, 0x80, 0x80])]],
        ['many small chunks', Array.from({ length: 1000 }, () => randomBytes(100))],
        ['mixed chunk sizes', [randomBytes(10), randomBytes(3 * MiB), randomBytes(1), randomBytes(6 * MiB), randomBytes(7)]],
      ])('streams %s through pipeline and commits', async (_label, chunks) => {
        const path = use(randomPath());
        const writer = await driver.writer(path);
        expect(writer.size).toBe(0);
        await pipeline(Readable.from(chunks, { objectMode: false }), writer);
        expect(writer.size).toBe(totalLength(chunks));
        await writer.commit();
        expectBytes(await driver.reader(path).then(readAll), Buffer.concat(chunks));
        await expect(driver.stat(path)).resolves.toMatchObject({ path, size: totalLength(chunks), isDir: false });
      });

      test('commit ends a stream that is still open', async () => {
        const path = use(randomPath());
        const writer = await driver.writer(path);
        writer.write(Buffer.from('hello '));
        writer.write('world');
        await writer.commit();
        expect(writer.size).toBe(11);
        expectBytes(await driver.getContent(path), Buffer.from('hello world'));
      });

      test('nothing is visible before commit, a suspended write resumes with its size', async () => {
        const path = use(randomPath(3));
        const first = randomBytes(1000);
        const writer = await writeSuspended(driver, path, [first]);
        expect(writer.size).toBe(first.length);

        await expectError(driver.stat(path), PathNotFoundError);
        await expectError(driver.getContent(path), PathNotFoundError);
        await expectError(driver.reader(path), PathNotFoundError);
        await expectError(driver.list(parentOf(path)), PathNotFoundError);
        await expect(driver.list('/')).resolves.toEqual([]);
        await expect(walkPaths(driver, '/')).resolves.toEqual([]);

        const resumed = await driver.writer(path, { append: true });
        expect(resumed.size).toBe(first.length);
        const second = randomBytes(500);
        await pipeline(Readable.from([second]), resumed);
        expect(resumed.size).toBe(first.length + second.length);
        await expectError(driver.stat(path), PathNotFoundError);
        await resumed.commit();
        expectBytes(await driver.getContent(path), Buffer.concat([first, second]));
      });

      test('a suspended write does not disturb the committed content until it commits', async () => {
        const path = use(randomPath());
        await driver.putContent(path, 'old');
        await writeSuspended(driver, path, [Buffer.from('new content')]);
        expectBytes(await driver.getContent(path), Buffer.from('old'));
        const resumed = await driver.writer(path, { append: true });
        await resumed.commit();
        expectBytes(await driver.getContent(path), Buffer.from('new content'));
      });

      test.each([
        ['small', 32],
        ['large', 6 * MiB],
      ])('continues a stream over three appends with %s chunks', async (_label, chunkSize) => {
        const path = use(randomPath());
        const chunks = [randomBytes(chunkSize), randomBytes(chunkSize), randomBytes(chunkSize)];
        let writer = await writeSuspended(driver, path, [chunks[0]]);
        expect(writer.size).toBe(chunkSize);
        writer = await driver.writer(path, { append: true });
        expect(writer.size).toBe(chunkSize);
        await pipeline(Readable.from([chunks[1]]), writer);
        expect(writer.size).toBe(2 * chunkSize);
        writer = await driver.writer(path, { append: true });
        expect(writer.size).toBe(2 * chunkSize);
        await pipeline(Readable.from([chunks[2]]), writer);
        await writer.commit();
        expect(writer.size).toBe(3 * chunkSize);
        expectBytes(await driver.getContent(path), Buffer.concat(chunks));
      });

      test('appends alternating small and large pieces', async () => {
        // object stores with a minimum part size must carry small tails across suspensions
        const path = use(randomPath());
        const pieces = [randomBytes(1), randomBytes(6 * MiB + 3), randomBytes(100), randomBytes(MiB), randomBytes(5 * MiB), randomBytes(2)];
        for (const piece of pieces) await writeSuspended(driver, path, [piece], { append: true });
        const writer = await driver.writer(path, { append: true });
        expect(writer.size).toBe(totalLength(pieces));
        await writer.commit();
        const read = await driver.reader(path).then(readAll);
        expectBytes(read, Buffer.concat(pieces));
      });

      test('a zero-byte stream commits an empty file', async () => {
        const path = use(randomPath());
        const writer = await driver.writer(path);
        await writer.commit();
        expect(writer.size).toBe(0);
        expectBytes(await driver.reader(path).then(readAll), Buffer.alloc(0));
        await expect(driver.stat(path)).resolves.toMatchObject({ size: 0, isDir: false });
      });

      test('a zero-byte suspension then an append', async () => {
        const path = use(randomPath());
        await writeSuspended(driver, path, []);
        const chunk = randomBytes(32);
        const writer = await driver.writer(path, { append: true });
        expect(writer.size).toBe(0);
        await pipeline(Readable.from([chunk]), writer);
        await writer.commit();
        expectBytes(await driver.getContent(path), chunk);
      });

      test('append with nothing suspended starts empty, even over committed content', async () => {
        const path = use(randomPath());
        await driver.putContent(path, Buffer.alloc(0));
        expectBytes(await driver.reader(path).then(readAll), Buffer.alloc(0));
        const chunk = randomBytes(32);
        let writer = await driver.writer(path, { append: true });
        expect(writer.size).toBe(0);
        await pipeline(Readable.from([chunk]), writer);
        await writer.commit();
        expectBytes(await driver.getContent(path), chunk);

        writer = await driver.writer(path, { append: true });
        expect(writer.size).toBe(0);
        await pipeline(Readable.from([Buffer.from('next')]), writer);
        await writer.commit();
        expectBytes(await driver.getContent(path), Buffer.from('next'));
      });

      test('a writer without append discards the suspended data', async () => {
        const path = use(randomPath());
        await writeSuspended(driver, path, [randomBytes(64)]);
        const fresh = await driver.writer(path);
        expect(fresh.size).toBe(0);
        await pipeline(Readable.from([Buffer.from('fresh')]), fresh);
        await fresh.commit();
        expectBytes(await driver.getContent(path), Buffer.from('fresh'));
      });

      test('cancel discards the writer and its earlier suspended appends, not committed content', async () => {
        const path = use(randomPath());
        await driver.putContent(path, 'committed');
        await writeSuspended(driver, path, [randomBytes(64)]);
        const writer = await driver.writer(path, { append: true });
        writer.write(randomBytes(64));
        await writer.cancel();
        expectBytes(await driver.getContent(path), Buffer.from('committed'));
        const after = await driver.writer(path, { append: true });
        expect(after.size).toBe(0);
        await after.cancel();

        const other = use(randomPath());
        const unfinished = await driver.writer(other);
        unfinished.write(randomBytes(1000));
        await unfinished.cancel();
        await expectError(driver.stat(other), PathNotFoundError);
      });

      test('commit and cancel are final', async () => {
        const path = use(randomPath());
        const cancelled = await driver.writer(path);
        await cancelled.cancel();
        await cancelled.cancel();
        await expect(cancelled.commit()).rejects.toThrow();
        const committed = await driver.writer(path);
        await committed.commit();
        await expect(committed.commit()).rejects.toThrow();
        await expect(committed.cancel()).rejects.toThrow();
        expectBytes(await driver.getContent(path), Buffer.alloc(0));
      });

      test('deleting a directory discards the suspended writers below it', async () => {
        const directory = use(randomPath());
        await driver.putContent(`${directory}/upload/startedat`, 'now');
        await writeSuspended(driver, `${directory}/upload/data`, [randomBytes(100)]);
        await writeSuspended(driver, `${directory}/upload/nested/data`, [randomBytes(100)]);
        const sibling = use(`${directory}-sibling/data`);
        await writeSuspended(driver, sibling, [randomBytes(10)]);
        await driver.delete(`${directory}/upload`);
        for (const path of [`${directory}/upload/data`, `${directory}/upload/nested/data`]) {
          const writer = await driver.writer(path, { append: true });
          expect(writer.size).toBe(0);
          await writer.cancel();
        }
        const kept = await driver.writer(sibling, { append: true });
        expect(kept.size).toBe(10);
        await kept.cancel();
      });

      test('a failing source leaves nothing visible and the writer can be cancelled', async () => {
        const path = use(randomPath());
        const writer = await driver.writer(path);
        const failing = Readable.from(
          (async function* () {
            yield randomBytes(1000);
            throw new Error('client went away');
          })(),
          { objectMode: false },
        );
        await expect(pipeline(failing, writer)).rejects.toThrow('client went away');
        await writer.cancel();
        await expectError(driver.stat(path), PathNotFoundError);
        const after = await driver.writer(path, { append: true });
        expect(after.size).toBe(0);
        await after.cancel();
      });

      test('commit creates parent directories and replaces a file', async () => {
        const path = use(randomPath(4));
        await driver.putContent(path, 'old');
        const writer = await driver.writer(path);
        await pipeline(Readable.from([Buffer.from('new')]), writer);
        await writer.commit();
        expectBytes(await driver.getContent(path), Buffer.from('new'));
        await expect(driver.list(parentOf(path))).resolves.toEqual([path]);
      });

      test('concurrent writers on different paths', async () => {
        const files = Array.from({ length: 8 }, () => ({ path: use(randomPath()), contents: randomBytes(4 * MiB) }));
        await Promise.all(
          files.map(async ({ path, contents }) => {
            const writer = await driver.writer(path);
            await pipeline(Readable.from(chunksOf(contents, 64 * 1024), { objectMode: false }), writer);
            await writer.commit();
          }),
        );
        for (const { path, contents } of files) expectBytes(await driver.reader(path).then(readAll), contents);
      });

      test(
        `streams ${LARGE_STREAM_BYTES / MiB} MiB through sha256 and reads the same digest back`,
        async () => {
          const path = use(randomPath());
          const writer = await driver.writer(path);
          const written = createHash('sha256');
          const tap = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              written.update(chunk);
              callback(null, chunk);
            },
          });
          await pipeline(randomStream(LARGE_STREAM_BYTES), tap, writer);
          expect(writer.size).toBe(LARGE_STREAM_BYTES);
          await writer.commit();
          await expect(driver.stat(path)).resolves.toMatchObject({ size: LARGE_STREAM_BYTES });
          const read = createHash('sha256');
          for await (const chunk of await driver.reader(path)) read.update(chunk as Buffer);
          expect(read.digest('hex')).toBe(written.digest('hex'));
        },
        Math.max(timeout, LARGE_STREAM_BYTES > 64 * MiB ? 600_000 : 120_000),
      );
    });

    describe('list', () => {
      test('lists direct children as sorted full paths', async () => {
        const root = use('/' + randomName());
        const missing = `${root}/nonexistent`;
        await expectError(driver.list(missing), PathNotFoundError, { path: missing });

        const parent = `${root}/${randomName()}`;
        const children = Array.from({ length: 50 }, () => `${parent}/${randomName()}`);
        for (const child of children) await driver.putContent(child, randomBytes(32));
        await driver.putContent(`${parent}/nested-dir/file`, 'x');

        await expect(driver.list('/')).resolves.toEqual([root]);
        await expect(driver.list(root)).resolves.toEqual([parent]);
        await expect(driver.list(parent)).resolves.toEqual([...new Set([...children, `${parent}/nested-dir`])].sort());
      });

      test('sorts siblings whose names share a prefix', async () => {
        const root = use('/' + randomName());
        for (const name of ['b/c', 'b-x', 'b.y', 'a', 'B']) await driver.putContent(`${root}/${name}`, 'x');
        await expect(driver.list(root)).resolves.toEqual(['B', 'a', 'b', 'b-x', 'b.y'].map((name) => `${root}/${name}`));
      });

      test('a file is not a directory', async () => {
        const path = use(randomPath());
        await driver.putContent(path, 'x');
        await expectError(driver.list(path), PathNotFoundError, { path });
      });
    });

    describe('move', () => {
      test('moves a file', async () => {
        const contents = randomBytes(32);
        const source = use(randomPath(3));
        const dest = use(randomPath(3));
        await driver.putContent(source, contents);
        await driver.move(source, dest);
        expectBytes(await driver.getContent(dest), contents);
        await expectError(driver.getContent(source), PathNotFoundError, { path: source });
        await expect(driver.list('/')).resolves.toEqual([firstPart(dest)]);
      });

      test('overwrites the destination', async () => {
        const source = use(randomPath());
        const dest = use(randomPath());
        const sourceContents = randomBytes(32);
        await driver.putContent(source, sourceContents);
        await driver.putContent(dest, randomBytes(64));
        await driver.move(source, dest);
        expectBytes(await driver.getContent(dest), sourceContents);
        await expectError(driver.getContent(source), PathNotFoundError);
      });

      test('a missing source fails and leaves the destination alone', async () => {
        const contents = randomBytes(32);
        const source = randomPath();
        const dest = use(randomPath());
        await driver.putContent(dest, contents);
        await expectError(driver.move(source, dest), PathNotFoundError, { path: source });
        expectBytes(await driver.getContent(dest), contents);
      });

      test('a source below a file fails', async () => {
        const file = use('/' + randomName());
        await driver.putContent(file, 'x');
        await expect(driver.move(`${file}/foo`, `${file}/bar`)).rejects.toThrow();
        expectBytes(await driver.getContent(file), Buffer.from('x'));
      });

      test('moves a large committed stream', async () => {
        const source = use(randomPath());
        const dest = use(randomPath(3));
        const contents = randomBytes(7 * MiB);
        const writer = await driver.writer(source);
        await pipeline(Readable.from(chunksOf(contents, MiB), { objectMode: false }), writer);
        await writer.commit();
        await driver.move(source, dest);
        expectBytes(await driver.reader(dest).then(readAll), contents);
      });
    });

    describe('delete', () => {
      test('deletes a file', async () => {
        const path = use(randomPath());
        await driver.putContent(path, randomBytes(32));
        await driver.delete(path);
        await expectError(driver.getContent(path), PathNotFoundError, { path });
      });

      test('a missing path is not found', async () => {
        const path = randomPath();
        await expectError(driver.delete(path), PathNotFoundError, { path });
      });

      test('deletes a folder with everything in it', async () => {
        const directory = use(randomPath());
        const files = [1, 2, 3].map(() => `${directory}/${randomName()}`);
        for (const file of files) await driver.putContent(file, randomBytes(32));
        await driver.putContent(`${directory}/deeper/still/file`, 'x');
        await driver.delete(files[0]);
        await expectError(driver.getContent(files[0]), PathNotFoundError);
        await expect(driver.getContent(files[1])).resolves.toBeDefined();
        await driver.delete(directory);
        for (const file of [...files, `${directory}/deeper/still/file`]) await expectError(driver.getContent(file), PathNotFoundError);
        await expectError(driver.stat(directory), PathNotFoundError);
      });

      test('deletes only subpaths, not siblings sharing a prefix', async () => {
        const directory = use('/' + randomName());
        const name = randomName();
        await driver.putContent(`${directory}/${name}`, 'a');
        await driver.putContent(`${directory}/${name}suffix`, 'b');
        await driver.putContent(`${directory}/${name}dir/${name}`, 'c');
        await driver.putContent(`${directory}/${name}dirsuffix/${name}`, 'd');
        await driver.delete(`${directory}/${name}`);
        await expectError(driver.getContent(`${directory}/${name}`), PathNotFoundError);
        expectBytes(await driver.getContent(`${directory}/${name}suffix`), Buffer.from('b'));
        await driver.delete(`${directory}/${name}dir`);
        await expectError(driver.getContent(`${directory}/${name}dir/${name}`), PathNotFoundError);
        expectBytes(await driver.getContent(`${directory}/${name}dirsuffix/${name}`), Buffer.from('d'));
      });

      test('directories emptied by a delete disappear from listings', async () => {
        const path = use(randomPath(4));
        await driver.putContent(path, 'x');
        await driver.delete(path);
        await expect(driver.list('/')).resolves.toEqual([]);
      });

      test('deleting the root removes everything', async () => {
        const paths = [use(randomPath()), use(randomPath(3))];
        for (const path of paths) await driver.putContent(path, 'x');
        await driver.delete('/');
        await expect(driver.list('/')).resolves.toEqual([]);
      });
    });

    describe('stat', () => {
      test('files, directories and missing paths', async () => {
        const directory = use(randomPath());
        const path = `${directory}/${randomName()}`;
        await expectError(driver.stat(directory), PathNotFoundError, { path: directory });
        await expectError(driver.stat(path), PathNotFoundError, { path });

        const before = Date.now();
        await driver.putContent(path, randomBytes(4096));
        const first = await driver.stat(path);
        expect(first).toMatchObject({ path, size: 4096, isDir: false });
        expect(first.modTime).toBeInstanceOf(Date);
        expect(Math.abs(first.modTime.getTime() - before)).toBeLessThan(modTimeResolutionMs + 5000);

        await sleep(modTimeResolutionMs + 20);
        await driver.putContent(path, randomBytes(100));
        const second = await driver.stat(path);
        expect(second.size).toBe(100);
        expect(second.modTime.getTime()).toBeGreaterThan(first.modTime.getTime());

        await expect(driver.stat(directory)).resolves.toMatchObject({ path: directory, size: 0, isDir: true });
      }, timeout + 2 * modTimeResolutionMs);
    });

    describe('walk', () => {
      test('visits depth-first in lexical order, parents first', async () => {
        const root = use('/' + randomName());
        for (const name of ['f', 'b/d/e', 'b/c', 'b-x', 'b.y/z', 'a']) await driver.putContent(`${root}/${name}`, name);
        const visited: FileInfo[] = [];
        await driver.walk(root, (info) => void visited.push(info));
        expect(visited.map((info) => [info.path.slice(root.length + 1), info.isDir])).toEqual([
          ['a', false], ['b', true], ['b/c', false], ['b/d', true], ['b/d/e', false],
          ['b-x', false], ['b.y', true], ['b.y/z', false], ['f', false],
        ]);
        expect(visited.find((info) => info.path === `${root}/b/d/e`)).toMatchObject({ size: 5 });
        await expect(walkPaths(driver, '/')).resolves.toEqual([root, ...visited.map((info) => info.path)]);
      });

      test("'skip' does not descend into a directory", async () => {
        const root = use('/' + randomName());
        for (const name of ['a/b', 'a/c/d', 'e']) await driver.putContent(`${root}/${name}`, 'x');
        const visited: string[] = [];
        await driver.walk(root, async (info) => {
          visited.push(info.path);
          return info.path === `${root}/a` ? 'skip' : undefined;
        });
        expect(visited).toEqual([`${root}/a`, `${root}/e`]);
      });

      test('missing paths and files are not found', async () => {
        const path = use(randomPath());
        await expectError(driver.walk(path, () => undefined), PathNotFoundError, { path });
        await driver.putContent(path, 'x');
        await expectError(driver.walk(path, () => undefined), PathNotFoundError, { path });
      });

      test('a visitor error and an abort stop the walk', async () => {
        const root = use('/' + randomName());
        for (const name of ['a', 'b', 'c']) await driver.putContent(`${root}/${name}`, 'x');
        const failure = new Error('visitor failed');
        await expect(driver.walk(root, () => Promise.reject(failure))).rejects.toBe(failure);

        const controller = new AbortController();
        const visited: string[] = [];
        const walking = driver.walk(root, (info) => {
          visited.push(info.path);
          controller.abort();
        }, { signal: controller.signal });
        await expect(walking).rejects.toMatchObject({ name: 'AbortError' });
        expect(visited).toEqual([`${root}/a`]);
      });
    });
  });
}

// ---- helpers -------------------------------------------------------------------------------

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof PathNotFoundError)) throw error;
}

async function expectError(promise: Promise<unknown>, type: new (...args: never[]) => Error, fields: Record<string, unknown> = {}): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(type);
  expect(error).toMatchObject(fields);
}

/** compares bytes without handing megabytes to jest's differ */
function expectBytes(actual: Buffer, expected: Buffer): void {
  if (actual.equals(expected)) return;
  let offset = 0;
  while (offset < Math.min(actual.length, expected.length) && actual[offset] === expected[offset]) offset++;
  expect({ length: actual.length, firstDifferenceAt: offset }).toEqual({ length: expected.length, firstDifferenceAt: expected.length });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** writes chunks and ends the writer without committing: a suspended write */
async function writeSuspended(driver: StorageDriver, path: string, chunks: Buffer[], options: { append?: boolean } = {}): Promise<FileWriter> {
  const writer = await driver.writer(path, options);
  await pipeline(Readable.from(chunks, { objectMode: false }), writer);
  return writer;
}

async function walkPaths(driver: StorageDriver, path: string): Promise<string[]> {
  const paths: string[] = [];
  await driver.walk(path, (info) => void paths.push(info.path));
  return paths;
}

function randomStream(totalBytes: number): Readable {
  let remaining = totalBytes;
  return new Readable({
    read() {
      const size = Math.min(remaining, MiB);
      remaining -= size;
      this.push(size > 0 ? randomBytes(size) : null);
    },
  });
}

function* chunksOf(contents: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < contents.length; offset += size) yield contents.subarray(offset, offset + size);
}

function totalLength(chunks: readonly Buffer[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.length, 0);
}

const NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 8 to 15 characters of [a-z0-9] with single '-' separators inside, like distribution's */
function randomName(): string {
  const length = 8 + randomInt(8);
  let name = '';
  while (name.length < length) {
    const separate = name.length > 0 && name.length < length - 1 && !name.endsWith('-') && randomInt(4) === 0;
    name += separate ? '-' : NAME_CHARACTERS[randomInt(NAME_CHARACTERS.length)];
  }
  return name;
}

function randomPath(depth = 2): string {
  return Array.from({ length: depth }, () => '/' + randomName()).join('');
}

function firstPart(path: string): string {
  return '/' + path.split('/')[1];
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
