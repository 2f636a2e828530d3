/**
 * Starts the built Janus (`node dist/main.js`) on a free port with a docker-registry style config
 * in a temporary folder. Builds nothing: `npx tsc -p tsconfig.build.json` must have produced dist/.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findFreePort } from './free-port';
import { spawnRegistry } from './running-registry';
import type { RunningRegistry } from './running-registry';
import { makeTempDir } from './temp-dir';

export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');
const FLAVOR = 'e2e';

export interface StartJanusOptions {
  /** worker processes (the config's `workers`); default: one process */
  readonly workers?: number;
}

function janusConfig(workDir: string, dataDir: string, options: StartJanusOptions): string {
  // JSON strings are valid YAML scalars, so any temp path is quoted safely.
  const q = (value: string): string => JSON.stringify(value);
  return [
    `${FLAVOR}:`,
    `  storage: local`,
    `  storage_path: ${q(dataDir)}`,
    `  standalone: true`,
    `  search_backend: sqlalchemy`,
    `  sqlalchemy_index_database: ${q(`sqlite:///${join(workDir, 'search.db')}`)}`,
    `  loglevel: info`,
    ...(options.workers === undefined ? [] : [`  workers: ${options.workers}`]),
    '',
  ].join('\n');
}

export async function startJanus(options: StartJanusOptions = {}): Promise<RunningRegistry> {
  const mainJs = join(PROJECT_ROOT, 'dist', 'main.js');
  if (!existsSync(mainJs)) {
    throw new Error(`${mainJs} does not exist: build Janus first (npx tsc -p tsconfig.build.json, or npm run build)`);
  }
  const workDir = await makeTempDir('janus');
  const dataDir = join(workDir, 'data');
  const configFile = join(workDir, 'config.yml');
  await writeFile(configFile, janusConfig(workDir, dataDir, options));
  const port = await findFreePort();
  return spawnRegistry({
    kind: 'janus',
    command: process.execPath,
    args: [mainJs],
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DOCKER_REGISTRY_CONFIG: configFile,
      SETTINGS_FLAVOR: FLAVOR,
      REGISTRY_HOST: '127.0.0.1',
      REGISTRY_PORT: String(port),
    },
    port,
    workDir,
    dataDir,
  });
}
