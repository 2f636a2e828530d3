/**
 * A private home for the containers tools (skopeo, podman) and the docker CLI: auth file,
 * registries.conf, signature policy, storage.conf, XDG and temp folders all live in one temp
 * folder, so no test reads or writes the machine's global client configuration.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeDir } from './temp-dir';

export interface ClientSandbox {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly authFile: string;
  readonly policyFile: string;
  readonly registriesDir: string;
  readonly tmpDir: string;
  /** podman's container storage and run state */
  readonly storageRoot: string;
  readonly runRoot: string;
  readonly dockerConfigDir: string;
  dispose(): Promise<void>;
}

export async function createClientSandbox(prefix: string): Promise<ClientSandbox> {
  const dir = await makeTempDir(prefix);
  const path = (...parts: string[]): string => join(dir, ...parts);
  const folders = ['home', 'config', 'data', 'run', 'tmp', 'registries.d', 'docker', 'storage', 'storage-run', 'networks'];
  await Promise.all(folders.map((folder) => mkdir(path(folder), { recursive: true, mode: 0o700 })));
  const q = (value: string): string => JSON.stringify(value);
  await Promise.all([
    writeFile(path('auth.json'), JSON.stringify({ auths: {} })),
    writeFile(path('docker', 'config.json'), JSON.stringify({ auths: {} })),
    writeFile(path('policy.json'), JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] })),
    writeFile(path('registries.conf'), 'unqualified-search-registries = []\nshort-name-mode = "permissive"\n'),
    writeFile(
      path('containers.conf'),
      `[engine]\nevents_logger = "file"\ncgroup_manager = "cgroupfs"\n[network]\nnetwork_config_dir = ${q(path('networks'))}\n`,
    ),
    writeFile(
      path('storage.conf'),
      `[storage]\ndriver = "vfs"\ngraphroot = ${q(path('storage'))}\nrunroot = ${q(path('storage-run'))}\n`,
    ),
  ]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: path('home'),
    XDG_CONFIG_HOME: path('config'),
    XDG_DATA_HOME: path('data'),
    XDG_RUNTIME_DIR: path('run'),
    TMPDIR: path('tmp'),
    REGISTRY_AUTH_FILE: path('auth.json'),
    CONTAINERS_REGISTRIES_CONF: path('registries.conf'),
    CONTAINERS_CONF: path('containers.conf'),
    CONTAINERS_STORAGE_CONF: path('storage.conf'),
    DOCKER_CONFIG: path('docker'),
  };
  delete env.DOCKER_HOST;
  return {
    dir,
    env,
    authFile: path('auth.json'),
    policyFile: path('policy.json'),
    registriesDir: path('registries.d'),
    tmpDir: path('tmp'),
    storageRoot: path('storage'),
    runRoot: path('storage-run'),
    dockerConfigDir: path('docker'),
    dispose: () => removeDir(dir),
  };
}
