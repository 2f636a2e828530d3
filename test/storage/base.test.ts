import { Readable, Writable } from 'node:stream';
import { isValidPath, withValidation } from '../../src/storage/base';
import type { FileWriter, StorageDriver, WalkVisitor } from '../../src/storage/driver';
import { createInMemoryDriver } from '../../src/storage/drivers/inmemory';
import { InvalidOffsetError, InvalidPathError, PathNotFoundError, StorageDriverError } from '../../src/storage/errors';

/** a backend that records the calls reaching it and fails with whatever `failure` holds */
function fakeBackend(overrides: Partial<StorageDriver> = {}) {
  const calls: string[] = [];
  let failure: unknown;
  const answer = async <T>(method: string, value: T): Promise<T> => {
    calls.push(method);
    if (failure !== undefined) throw failure;
    return value;
  };
  const backend: StorageDriver = {
    name: 'fake',
    getContent: () => answer('getContent', Buffer.from('x')),
    putContent: () => answer('putContent', undefined),
    reader: () => answer('reader', Readable.from([])),
    writer: () => answer('writer', {} as FileWriter),
    stat: (path) => answer('stat', { path, size: 0, modTime: new Date(), isDir: true }),
    list: () => answer('list', []),
    move: () => answer('move', undefined),
    delete: () => answer('delete', undefined),
    walk: () => answer('walk', undefined),
    ...overrides,
  };
  return {
    backend,
    calls,
    failWith(error: unknown) {
      failure = error;
    },
  };
}

describe('path grammar', () => {
  test.each(['/a', '/a/b', '/.abc', '/a..b', '/...', '/A-b_c.d/0'])('%s is valid', (path) => {
    expect(isValidPath(path)).toBe(true);
  });

  test.each(['', '/', 'a', '//a', '/a/', '/a b', '/a/./b', '/a/../b', '/..', '/.', '/~staging', '/a\u0000'])('%j is invalid', (path) => {
    expect(isValidPath(path)).toBe(false);
  });
});

describe('withValidation', () => {
  test('invalid paths never reach the backend', async () => {
    const { backend, calls } = fakeBackend();
    const driver = withValidation(backend);
    const attempts: Array<Promise<unknown>> = [
      driver.getContent('/a/../../etc/passwd'),
      driver.putContent('relative', 'x'),
      driver.reader('/a/'),
      driver.writer('//a'),
      driver.stat('/a b'),
      driver.list('/a/.'),
      driver.move('/ok', '/../escape'),
      driver.delete(''),
      driver.walk('/~staging', () => undefined),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(InvalidPathError);
      expect(error).toMatchObject({ driverName: 'fake' });
    }
    expect(calls).toEqual([]);
  });

  test("'/' is accepted by stat, list, delete and walk only", async () => {
    const { backend, calls } = fakeBackend();
    const driver = withValidation(backend);
    await driver.stat('/');
    await driver.list('/');
    await driver.delete('/');
    await driver.walk('/', () => undefined);
    expect(calls).toEqual(['stat', 'list', 'delete', 'walk']);
    await expect(driver.getContent('/')).rejects.toBeInstanceOf(InvalidPathError);
    await expect(driver.putContent('/', 'x')).rejects.toBeInstanceOf(InvalidPathError);
    await expect(driver.writer('/')).rejects.toBeInstanceOf(InvalidPathError);
    await expect(driver.move('/', '/a')).rejects.toBeInstanceOf(InvalidPathError);
  });

  test('bad offsets and lengths are rejected before the backend', async () => {
    const { backend, calls } = fakeBackend();
    const driver = withValidation(backend);
    await expect(driver.reader('/a', { offset: -1 })).rejects.toMatchObject({ constructor: InvalidOffsetError, offset: -1, path: '/a' });
    await expect(driver.reader('/a', { offset: 1.5 })).rejects.toBeInstanceOf(InvalidOffsetError);
    await expect(driver.reader('/a', { length: -2 })).rejects.toBeInstanceOf(StorageDriverError);
    expect(calls).toEqual([]);
    await driver.reader('/a', { offset: 3, length: 0 });
    expect(calls).toEqual(['reader']);
  });

  test('unknown backend errors become StorageDriverError with the cause; typed ones pass and get the name', async () => {
    const fake = fakeBackend();
    const driver = withValidation(fake.backend);
    const cause = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    fake.failWith(cause);
    const wrapped = await driver.getContent('/a').catch((error: unknown) => error);
    expect(wrapped).toBeInstanceOf(StorageDriverError);
    expect(wrapped).toMatchObject({ driverName: 'fake', cause, message: 'fake: EACCES: permission denied' });

    fake.failWith('a string');
    await expect(driver.list('/a')).rejects.toMatchObject({ constructor: StorageDriverError, message: 'fake: a string' });

    const notFound = new PathNotFoundError('/a');
    fake.failWith(notFound);
    await expect(driver.stat('/a')).rejects.toBe(notFound);
    expect(notFound.driverName).toBe('fake');

    const abort = new DOMException('aborted', 'AbortError');
    fake.failWith(abort);
    await expect(driver.walk('/a', () => undefined)).rejects.toBe(abort);
  });

  test('errors thrown by a walk visitor reach the caller untouched', async () => {
    const driver = withValidation(
      fakeBackend({
        walk: async (path: string, visit: WalkVisitor) => {
          await visit({ path: `${path}/x`, size: 1, modTime: new Date(), isDir: false });
        },
      }).backend,
    );
    const visitorError = new Error('not a storage problem');
    await expect(driver.walk('/a', () => Promise.reject(visitorError))).rejects.toBe(visitorError);
  });

  test('writers stay the same Writable, with commit and cancel errors normalized', async () => {
    const failing = new (class extends Writable {
      readonly size = 0;
      async commit(): Promise<void> {
        throw new Error('disk full');
      }
      async cancel(): Promise<void> {
        throw new PathNotFoundError('/a', 'fake');
      }
    })();
    const driver = withValidation(fakeBackend({ writer: async () => failing }).backend);
    const writer = await driver.writer('/a');
    expect(writer).toBe(failing);
    expect(writer).toBeInstanceOf(Writable);
    await expect(writer.commit()).rejects.toMatchObject({ constructor: StorageDriverError, message: 'fake: disk full' });
    await expect(writer.cancel()).rejects.toBeInstanceOf(PathNotFoundError);
  });

  test('redirectURL is offered only when the backend has it', async () => {
    expect(withValidation(fakeBackend().backend).redirectURL).toBeUndefined();
    const driver = withValidation(fakeBackend({ redirectURL: async (path) => `https://cdn.example${path}` }).backend);
    await expect(driver.redirectURL!('/a/b', { method: 'GET' })).resolves.toBe('https://cdn.example/a/b');
    await expect(driver.redirectURL!('/a/../b', { method: 'GET' })).rejects.toBeInstanceOf(InvalidPathError);
  });

  test('a real backend behind the wrapper reports its own name', async () => {
    const driver = withValidation(createInMemoryDriver());
    expect(driver.name).toBe('inmemory');
    await expect(driver.getContent('/missing')).rejects.toMatchObject({ constructor: PathNotFoundError, driverName: 'inmemory', path: '/missing' });
  });
});

describe('createDriver', () => {
  test('builds registered drivers behind the validating wrapper', async () => {
    const { createDriver, registerDriver, registeredDrivers } = await import('../../src/storage/factory');
    expect(registeredDrivers()).toEqual(expect.arrayContaining(['filesystem', 'inmemory']));
    await expect(createDriver('inmemory', {}).getContent('bad')).rejects.toBeInstanceOf(InvalidPathError);

    const { backend, calls } = fakeBackend();
    registerDriver('fake-for-test', () => backend);
    const driver = createDriver('fake-for-test', {});
    expect(driver).not.toBe(backend);
    await expect(driver.list('/a/..')).rejects.toBeInstanceOf(InvalidPathError);
    await driver.list('/a');
    expect(calls).toEqual(['list']);
    expect(() => registerDriver('fake-for-test', () => backend)).toThrow(/already registered/);
    expect(() => createDriver('nope', {})).toThrow(/unknown storage driver "nope"/);
  });
});
