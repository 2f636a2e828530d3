import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

  test('rootdirectory is required', () => {
    expect(() => createDriver('filesystem', {})).toThrow(/rootdirectory/);
  });
});
