/**
 * An in-process Janus over a filesystem root that outlives it: stop() closes the server and
 * keeps the files, so a new instance over the same root sees a restarted registry. Wired the
 * same way as test/helpers/test-registry.ts (whose stop() deletes its root). Every start loads
 * Janus's modules afresh (jest.isolateModules), so no module-level cache survives a "restart".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface JanusModules {
  readonly app: typeof import('../../../../src/app');
  readonly logger: typeof import('../../../../src/logger');
  readonly model: typeof import('../../../../src/registry/model');
  readonly factory: typeof import('../../../../src/storage/factory');
}

/** a fresh copy of the server's modules, as a new process would load them */
function loadJanusAfresh(): JanusModules {
  let modules: JanusModules | undefined;
  jest.isolateModules(() => {
    modules = {
      app: require('../../../../src/app') as JanusModules['app'],
      logger: require('../../../../src/logger') as JanusModules['logger'],
      model: require('../../../../src/registry/model') as JanusModules['model'],
      factory: require('../../../../src/storage/factory') as JanusModules['factory'],
    };
  });
  return modules!;
}

export interface RunningRegistry {
  readonly url: string;
  stop(): Promise<void>;
}

export function makeRegistryRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'janus-cross-'));
}

export function removeRegistryRoot(rootDir: string): Promise<void> {
  return rm(rootDir, { recursive: true, force: true });
}

export async function startRegistryOver(rootDir: string): Promise<RunningRegistry> {
  const janus = loadJanusAfresh();
  const driver = janus.factory.createDriver('filesystem', { rootdirectory: rootDir });
  const model = janus.model.createRegistryModel(driver, { deleteEnabled: true });
  const app = janus.app.createApp({
    model,
    logger: janus.logger.silentLogger(),
    redirect: false,
    catalogMaxEntries: 1000,
    v1: janus.app.DEFAULT_V1_OPTIONS,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
