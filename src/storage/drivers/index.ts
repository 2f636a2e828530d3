/** The drivers built into Janus, by configuration name; the factory starts out with these. */
import type { StorageDriver } from '../driver';
import { StorageError } from '../errors';
import { createFilesystemDriver } from './filesystem';
import { createInMemoryDriver } from './inmemory';

export const builtinDrivers: Readonly<Record<string, (params: Readonly<Record<string, unknown>>) => StorageDriver>> = {
  filesystem: (params) => createFilesystemDriver({ rootdirectory: requireString(params, 'rootdirectory', 'filesystem') }),
  inmemory: () => createInMemoryDriver(),
};

function requireString(params: Readonly<Record<string, unknown>>, key: string, driver: string): string {
  const value = params[key];
  if (typeof value !== 'string' || value === '') throw new StorageError(`${driver} storage driver needs a non-empty "${key}" parameter`);
  return value;
}
