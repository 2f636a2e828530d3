/** Which repositories exist: a repository is a folder under repositories/ that holds any of its internal folders. */
import type { StorageDriver } from '../storage/driver';
import { PathNotFoundError } from '../storage/errors';
import { REPOSITORY_INTERNAL_DIRS, StoragePaths } from './paths';
import { baseName, statIfExists } from './storage-access';
import { compareAscii } from './tag-store';

export class RepositoryCatalog {
  constructor(private readonly driver: StorageDriver) {}

  async exists(repository: string): Promise<boolean> {
    const info = await statIfExists(this.driver, StoragePaths.repository(repository));
    return info?.isDir === true;
  }

  /** all repository names, sorted */
  async listAll(): Promise<string[]> {
    const root = StoragePaths.repositoriesRoot;
    const names = new Set<string>();
    try {
      await this.driver.walk(root, (info) => {
        if (!info.isDir) return;
        if (REPOSITORY_INTERNAL_DIRS.has(baseName(info.path))) {
          const repoPath = info.path.slice(0, info.path.lastIndexOf('/'));
          names.add(repoPath.slice(root.length + 1));
          return 'skip';
        }
        return undefined;
      });
    } catch (error) {
      if (error instanceof PathNotFoundError) return [];
      throw error;
    }
    return [...names].sort(compareAscii);
  }
}
