/** Tags of a repository: a tag names the digest of one manifest revision. */
import type { StorageDriver } from '../storage/driver';
import type { ParsedDigest } from '../util/digest';
import { parseLink } from './blob-store';
import { StoragePaths } from './paths';
import { baseName, deleteIfExists, listIfExists, readIfExists } from './storage-access';

export class TagStore {
  constructor(private readonly driver: StorageDriver) {}

  async resolve(repository: string, tag: string): Promise<ParsedDigest | undefined> {
    return parseLink(await readIfExists(this.driver, StoragePaths.tagCurrentLink(repository, tag)));
  }

  async set(repository: string, tag: string, digest: ParsedDigest): Promise<void> {
    await this.driver.putContent(StoragePaths.tagIndexLink(repository, tag, digest), digest.digest);
    await this.driver.putContent(StoragePaths.tagCurrentLink(repository, tag), digest.digest);
  }

  /** removes the tag; false when it did not exist */
  async delete(repository: string, tag: string): Promise<boolean> {
    return deleteIfExists(this.driver, StoragePaths.tagDir(repository, tag));
  }

  /** every tag of the repository, sorted ASCII-betically (distribution's order) */
  async list(repository: string): Promise<string[]> {
    const entries = await listIfExists(this.driver, StoragePaths.tagsRoot(repository));
    const tags: string[] = [];
    for (const entry of entries) {
      const tag = baseName(entry);
      if (await this.resolve(repository, tag)) tags.push(tag);
    }
    return tags.sort(compareAscii);
  }

  /** tags currently pointing at the digest */
  async tagsPointingAt(repository: string, digest: ParsedDigest): Promise<string[]> {
    const result: string[] = [];
    for (const tag of await this.list(repository)) {
      const current = await this.resolve(repository, tag);
      if (current?.digest === digest.digest) result.push(tag);
    }
    return result;
  }
}

export function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
