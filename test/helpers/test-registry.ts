/**
 * Starts an in-process Janus on 127.0.0.1 for protocol tests: inmemory storage by default, or
 * the filesystem driver in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, DEFAULT_V1_OPTIONS } from '../../src/app';
import type { BasicAuth } from '../../src/http/basic-auth';
import { createRegistryModel } from '../../src/registry/model';
import { followRegistryEvents, openSearchIndex, type SearchIndex } from '../../src/search';
import type { V1Options } from '../../src/v1/context';
import { silentLogger } from '../../src/logger';
import type { RegistryModel } from '../../src/registry/model';
import type { StorageDriver } from '../../src/storage/driver';
import { createDriver } from '../../src/storage/factory';

export interface TestRegistryOptions {
  readonly storage?: 'inmemory' | 'filesystem';
  /** filesystem storage over this existing folder (kept on stop) instead of a fresh temporary one */
  readonly root?: string;
  readonly deleteEnabled?: boolean;
  readonly readOnly?: boolean;
  readonly auth?: BasicAuth;
  readonly catalogMaxEntries?: number;
  readonly v1?: Partial<V1Options>;
  /** an in-memory search index following the model */
  readonly search?: boolean;
}

export interface TestRegistry {
  readonly url: string;
  readonly model: RegistryModel;
  readonly driver: StorageDriver;
  /** the filesystem root when storage is 'filesystem' */
  readonly rootDir?: string;
  readonly search?: SearchIndex;
  stop(): Promise<void>;
}

export async function startTestRegistry(options: TestRegistryOptions = {}): Promise<TestRegistry> {
  const ownRoot = options.storage === 'filesystem' && options.root === undefined;
  const rootDir = options.root ?? (ownRoot ? await mkdtemp(join(tmpdir(), 'janus-test-')) : undefined);
  const driver = rootDir ? createDriver('filesystem', { rootdirectory: rootDir }) : createDriver('inmemory', {});
  const model = createRegistryModel(driver, { deleteEnabled: options.deleteEnabled ?? true });
  const search = options.search ? openSearchIndex(':memory:') : undefined;
  const follower = search ? followRegistryEvents(search, model, silentLogger()) : undefined;
  const app = createApp({
    model,
    logger: silentLogger(),
    redirect: false,
    readOnly: options.readOnly,
    auth: options.auth,
    catalogMaxEntries: options.catalogMaxEntries ?? 1000,
    v1: { ...DEFAULT_V1_OPTIONS, ...options.v1 },
    search,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    model,
    driver,
    rootDir,
    search,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      follower?.stop();
      await follower?.idle();
      search?.close();
      if (rootDir && ownRoot) await rm(rootDir, { recursive: true, force: true });
    },
  };
}
