/**
 * The key that signs the schema1 manifests Janus generates (for docker 1.6–1.9). Generated once
 * and kept in storage, so every replica and every restart signs with the same key; or read from
 * a file (distribution's compatibility.schema1.signingkeyfile).
 */
import { readFile } from 'node:fs/promises';
import type { StorageDriver } from '../storage/driver';
import { TrustKey } from './schema1';
import { StoragePaths } from './paths';
import { readIfExists } from './storage-access';

export class Schema1SigningKey {
  private key: Promise<TrustKey> | undefined;

  constructor(
    private readonly driver: StorageDriver,
    private readonly keyFile?: string,
  ) {}

  get(): Promise<TrustKey> {
    this.key ??= this.load().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async load(): Promise<TrustKey> {
    if (this.keyFile) return TrustKey.parse(await readFile(this.keyFile, 'utf8'));
    const stored = await readIfExists(this.driver, StoragePaths.schema1SigningKey);
    if (stored) return TrustKey.parse(stored.toString('utf8'));
    await this.driver.putContent(StoragePaths.schema1SigningKey, TrustKey.generate('P-256').serialize());
    // another replica may have written its own key at the same time: everyone uses what is stored
    return TrustKey.parse((await this.driver.getContent(StoragePaths.schema1SigningKey)).toString('utf8'));
  }
}
