import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { directSendOf } from '../../src/storage/direct-send';
import { STAGING_DIRECTORY_NAME } from '../../src/storage/drivers/filesystem/staging-area';
import { createDriver } from '../../src/storage/factory';
import { describeStorageDriver } from './driver-suite';

/** everything in the staging area below its two fixed directories: suspended writers, temporaries, unpruned directories */
async function stagedFiles(root: string): Promise<string[]> {
  const entries = await readdir(join(root, STAGING_DIRECTORY_NAME), { recursive: true }).catch(() => []);
  return entries.filter((entry) => entry !== 'writers' && entry !== 'tmp');
}

describeStorageDriver(
  'filesystem',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'janus-fs-driver-'));
    return {
      driver: createDriver('filesystem', { rootdirectory: root }),
      cleanup: () => rm(root, { recursive: true, force: true }),
      leftovers: () => stagedFiles(root),
    };
  },
  { modTimeResolutionMs: 10 },
);

describe('filesystem driver specifics', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'janus-fs-driver-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  test('a suspended writer resumes in a new driver instance (a restart) and stays hidden', async () => {
    const before = createDriver('filesystem', { rootdirectory: root });
    const writer = await before.writer('/uploads/u1/data');
    await pipeline(Readable.from([Buffer.from('first half, ')]), writer);

    const after = createDriver('filesystem', { rootdirectory: root });
    await expect(after.list('/')).resolves.toEqual([]);
    const visited: string[] = [];
    await after.walk('/', (info) => void visited.push(info.path));
    expect(visited).toEqual([]);
    expect(await readdir(root)).toEqual([STAGING_DIRECTORY_NAME]);

    const resumed = await after.writer('/uploads/u1/data', { append: true });
    expect(resumed.size).toBe(12);
    await pipeline(Readable.from([Buffer.from('second half')]), resumed);
    await resumed.commit();
    await expect(after.getContent('/uploads/u1/data')).resolves.toEqual(Buffer.from('first half, second half'));
    await expect(stagedFiles(root)).resolves.toEqual([]);
  });

  test('paths map onto files under the root directory and foreign entries are not listed', async () => {
    const driver = createDriver('filesystem', { rootdirectory: root });
    await driver.putContent('/docker/registry/v2/x', 'x');
    await expect(readdir(join(root, 'docker', 'registry', 'v2'))).resolves.toEqual(['x']);
    // names outside the path grammar (a space, a tilde) cannot be addressed, so they are not listed
    await import('node:fs/promises').then((fs) => fs.mkdir(join(root, 'not addressable')));
    await import('node:fs/promises').then((fs) => fs.mkdir(join(root, '~tilde')));
    await expect(driver.list('/')).resolves.toEqual(['/docker']);
    await rm(join(root, 'not addressable'), { recursive: true, force: true });
    await rm(join(root, '~tilde'), { recursive: true, force: true });
  });

  test('a missing root directory is an empty store that writes create', async () => {
    const driver = createDriver('filesystem', { rootdirectory: join(root, 'not', 'yet') });
    await expect(driver.list('/')).resolves.toEqual([]);
    await driver.putContent('/a', 'x');
    await expect(driver.list('/')).resolves.toEqual(['/a']);
  });

  describe('direct send of a reader (what HTTP downloads use)', () => {
    const size = 9 * 1024 * 1024 + 12345;
    const content = randomBytes(size);

    /** a destination that keeps copies of what it is given, calling back after a turn of the loop */
    function collector(options: { failAt?: number } = {}) {
      const copies: Buffer[] = [];
      const buffers = new Set<ArrayBufferLike>();
      let writes = 0;
      const destination = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _encoding, callback) {
          writes++;
          buffers.add(chunk.buffer);
          copies.push(Buffer.from(chunk));
          if (options.failAt === writes) return void setImmediate(() => callback(new Error('disk on fire')));
          setImmediate(callback);
        },
      });
      return { destination, received: () => Buffer.concat(copies), buffers };
    }

    async function readerWithSend(driver: ReturnType<typeof createDriver>, options?: { offset?: number; length?: number }) {
      const reader = await driver.reader('/blob', options);
      const send = directSendOf(reader);
      if (!send) throw new Error('the filesystem reader offers no direct send');
      return { reader, send };
    }

    test('writes exactly the file, or the range, through at most 4 reused buffers', async () => {
      const driver = createDriver('filesystem', { rootdirectory: root });
      await driver.putContent('/blob', content);
      for (const range of [undefined, { offset: 1, length: 3 * 1024 * 1024 }, { offset: size - 10 }, { offset: 4096, length: 1 }]) {
        const { reader, send } = await readerWithSend(driver, range);
        const sink = collector();
        await send(sink.destination);
        reader.destroy();
        const start = range?.offset ?? 0;
        expect(sink.received().equals(content.subarray(start, range?.length === undefined ? size : start + range.length))).toBe(true);
        expect(sink.buffers.size).toBeLessThanOrEqual(4);
      }
    });

    test('a failing or closed destination rejects, and the reader still closes cleanly', async () => {
      const driver = createDriver('filesystem', { rootdirectory: root });
      await driver.putContent('/blob', content);
      const failing = await readerWithSend(driver);
      await expect(failing.send(collector({ failAt: 2 }).destination)).rejects.toThrow('disk on fire');
      failing.reader.destroy();
      await finished(failing.reader).catch(() => undefined);

      const closing = await readerWithSend(driver);
      const sink = collector();
      const sent = closing.send(sink.destination);
      setImmediate(() => sink.destination.destroy());
      await expect(sent).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
      closing.reader.destroy();
    });

    test('a file cut short under a running send rejects instead of sending fewer bytes', async () => {
      const driver = createDriver('filesystem', { rootdirectory: root });
      await driver.putContent('/blob', content);
      const { reader, send } = await readerWithSend(driver);
      await truncate(join(root, 'blob'), 1024 * 1024);
      await expect(send(collector().destination)).rejects.toThrow(/short/);
      reader.destroy();
    });
  });

  test('rootdirectory is required', () => {
    expect(() => createDriver('filesystem', {})).toThrow(/rootdirectory/);
  });
});
