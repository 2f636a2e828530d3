/**
 * The wrapper every driver goes through (distribution's driver/base): it checks path grammar and
 * read ranges before the backend sees them, and turns anything a backend throws that is not a
 * typed storage error into a StorageDriverError stamped with the driver's name. Backends
 * therefore only implement storage logic.
 */
import type { FileInfo, FileWriter, ReadOptions, StorageDriver, WalkOptions, WalkVisitor, WriterOptions } from './driver';
import { PATH_PATTERN } from './driver';
import { InvalidOffsetError, InvalidPathError, StorageDriverError, StorageError } from './errors';

const ROOT = '/';
/** '.' and '..' segments match PATH_PATTERN but would escape or alias paths on a filesystem */
const DOT_SEGMENT = /\/\.\.?(?=\/|$)/;

export function isValidPath(path: string): boolean {
  return typeof path === 'string' && PATH_PATTERN.test(path) && !DOT_SEGMENT.test(path);
}

/** aborts requested through an AbortSignal stay recognisable as such */
function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

export function withValidation(driver: StorageDriver): StorageDriver {
  const name = driver.name;
  /** errors thrown by walk visitors belong to the caller and pass through untouched */
  const visitorErrors = new WeakSet<object>();

  function normalize(error: unknown): unknown {
    if (typeof error === 'object' && error !== null && visitorErrors.has(error)) return error;
    if (error instanceof StorageError) {
      if (error.driverName === undefined) (error as { driverName?: string }).driverName = name;
      return error;
    }
    if (isAbortError(error)) return error;
    return new StorageDriverError(name, error);
  }

  async function guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw normalize(error);
    }
  }

  function checkPath(path: string, rootAllowed = false): void {
    if (rootAllowed && path === ROOT) return;
    if (!isValidPath(path)) throw new InvalidPathError(path, name);
  }

  function checkRange(path: string, options: ReadOptions | undefined): void {
    const offset = options?.offset ?? 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidOffsetError(path, offset, name);
    const length = options?.length;
    if (length !== undefined && (!Number.isSafeInteger(length) || length < 0)) {
      throw new StorageDriverError(name, new RangeError(`invalid read length ${length} for ${path}`));
    }
  }

  function guardWriter(writer: FileWriter): FileWriter {
    const commit = writer.commit.bind(writer);
    const cancel = writer.cancel.bind(writer);
    writer.commit = () => guarded(commit);
    writer.cancel = () => guarded(cancel);
    return writer;
  }

  const validated: StorageDriver = {
    name,
    getContent: (path: string) =>
      guarded(() => {
        checkPath(path);
        return driver.getContent(path);
      }),
    putContent: (path: string, content: Buffer | string) =>
      guarded(() => {
        checkPath(path);
        return driver.putContent(path, content);
      }),
    reader: (path: string, options?: ReadOptions) =>
      guarded(() => {
        checkPath(path);
        checkRange(path, options);
        return driver.reader(path, options);
      }),
    writer: (path: string, options?: WriterOptions) =>
      guarded(async () => {
        checkPath(path);
        return guardWriter(await driver.writer(path, options));
      }),
    stat: (path: string): Promise<FileInfo> =>
      guarded(() => {
        checkPath(path, true);
        return driver.stat(path);
      }),
    list: (path: string) =>
      guarded(() => {
        checkPath(path, true);
        return driver.list(path);
      }),
    move: (sourcePath: string, destPath: string) =>
      guarded(() => {
        checkPath(sourcePath);
        checkPath(destPath);
        return driver.move(sourcePath, destPath);
      }),
    delete: (path: string) =>
      guarded(() => {
        checkPath(path, true);
        return driver.delete(path);
      }),
    walk: (path: string, visit: WalkVisitor, options?: WalkOptions) =>
      guarded(() => {
        checkPath(path, true);
        const trackedVisit: WalkVisitor = async (info) => {
          try {
            return await visit(info);
          } catch (error) {
            if (typeof error === 'object' && error !== null) visitorErrors.add(error);
            throw error;
          }
        };
        return driver.walk(path, trackedVisit, options);
      }),
  };

  const redirectURL = driver.redirectURL?.bind(driver);
  if (redirectURL) {
    validated.redirectURL = (path, options) =>
      guarded(() => {
        checkPath(path);
        return redirectURL(path, options);
      });
  }
  return validated;
}
