/** Maps errno codes that mean "nothing addressable there" to the storage layer's not-found error. */
import { PathNotFoundError } from '../../errors';

const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

function isNotFound(error: unknown): boolean {
  return NOT_FOUND_CODES.has(errorCode(error) ?? '');
}

/** rethrows `error` as PathNotFoundError when it means the path is missing, else unchanged */
export function notFoundAs(path: string, driverName: string): (error: unknown) => never {
  return (error: unknown) => {
    if (isNotFound(error)) throw new PathNotFoundError(path, driverName);
    throw error;
  };
}
