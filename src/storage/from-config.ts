/** Builds the storage driver a configuration names. */
import type { StorageConfig } from '../config';
import type { StorageDriver } from './driver';
import { createDriver } from './factory';

export function createStorageDriver(storage: StorageConfig): StorageDriver {
  switch (storage.driver) {
    case 'filesystem':
      return createDriver('filesystem', { rootdirectory: storage.rootdirectory });
    case 'inmemory':
      return createDriver('inmemory', {});
    case 's3':
    case 'swift':
      return createDriver(storage.driver, { ...storage });
  }
}
