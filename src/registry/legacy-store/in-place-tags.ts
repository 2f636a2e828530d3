/**
 * The tags of a docker-registry store served in place that the model has not taken in yet.
 * A legacy tag is "pending" until it is imported (a real manifest and tag are made for it) or
 * deleted through Janus; both leave a marker under /janus/legacy, never a change to the old files.
 */
import type { StorageDriver } from '../../storage/driver';
import { StoragePaths } from '../paths';
import { readIfExists, statIfExists } from '../storage-access';
import type { LegacyStore } from './legacy-store';

const DELETED = 'deleted';

export class InPlaceTags {
  constructor(
    private readonly driver: StorageDriver,
    private readonly store: LegacyStore,
  ) {}

  /** model names of the legacy repositories still visible (not deleted through Janus) */
  async repositoryNames(): Promise<string[]> {
    const names: string[] = [];
    for (const name of (await this.store.repositories()).keys()) {
      if (!(await this.isDeleted(name))) names.push(name);
    }
    return names;
  }

  async unservableNames(): Promise<string[]> {
    return (await this.store.scanned()).unservable.map(({ name }) => name);
  }

  async hasRepository(name: string): Promise<boolean> {
    return (await this.store.repository(name)) !== undefined && !(await this.isDeleted(name));
  }

  /** tag → image id of legacy tags neither imported nor deleted, whose image is there and complete */
  async pending(name: string): Promise<Map<string, string>> {
    const repository = await this.store.repository(name);
    if (!repository || (await this.isDeleted(name))) return new Map();
    const pending = new Map<string, string>();
    for (const [tag, id] of await this.store.tags(repository)) {
      if ((await statIfExists(this.driver, StoragePaths.legacyTagImported(name, tag))) !== undefined) continue;
      const image = await this.store.image(id);
      if (image && !image.inProgress && image.layerSize !== undefined) pending.set(tag, id);
    }
    return pending;
  }

  async markImported(name: string, tag: string, imageId: string): Promise<void> {
    await this.driver.putContent(StoragePaths.legacyTagImported(name, tag), imageId);
  }

  async markDeleted(name: string, tag: string): Promise<void> {
    await this.driver.putContent(StoragePaths.legacyTagImported(name, tag), DELETED);
  }

  async markRepositoryDeleted(name: string): Promise<void> {
    if ((await this.store.repository(name)) === undefined) return;
    for (const tag of (await this.pending(name)).keys()) await this.markDeleted(name, tag);
    await this.driver.putContent(StoragePaths.legacyRepositoryDeleted(name), DELETED);
  }

  async tagJson(name: string, tag: string): Promise<Record<string, unknown> | undefined> {
    const repository = await this.store.repository(name);
    return repository && this.store.tagJson(repository, tag);
  }

  async indexImages(name: string): Promise<Buffer | undefined> {
    const repository = await this.store.repository(name);
    return repository && this.store.indexImages(repository);
  }

  private async isDeleted(name: string): Promise<boolean> {
    return (await readIfExists(this.driver, StoragePaths.legacyRepositoryDeleted(name))) !== undefined;
  }
}
