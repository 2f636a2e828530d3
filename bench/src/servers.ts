/**
 * Janus (`node dist/main.js`, docker-registry style config) and the reference registry (Debian
 * docker-registry 2.8, distribution config) on 127.0.0.1, both on filesystem storage with logging
 * at error level only. Each lives in its own folder under the bench's work dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { trackChild } from './cleanup';
import { findFreePort } from './free-port';
import { PROJECT_ROOT } from './options';

export type ServerKind = 'janus' | 'reference';

export interface BenchServer {
  readonly kind: ServerKind;
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

const q = (value: string): string => JSON.stringify(value);

export interface JanusStartOptions {
  /** SQLite file of the search index (populated beforehand or empty) */
  readonly searchDatabase: string;
  /** extra node flags, e.g. --cpu-prof */
  readonly nodeFlags?: readonly string[];
  /** worker processes (the config's `workers`); default: one process */
  readonly workers?: number;
}

export async function startJanus(dir: string, options: JanusStartOptions): Promise<BenchServer> {
  const mainJs = join(PROJECT_ROOT, 'dist', 'main.js');
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run npx tsc -p tsconfig.build.json first`);
  mkdirSync(dir, { recursive: true });
  const dataDir = join(dir, 'data');
  const configFile = join(dir, 'config.yml');
  await writeFile(
    configFile,
    [
      'bench:',
      '  storage: local',
      `  storage_path: ${q(dataDir)}`,
      '  loglevel: error',
      '  standalone: true',
      '  search_backend: sqlalchemy',
      `  sqlalchemy_index_database: ${q(`sqlite:///${options.searchDatabase}`)}`,
      ...(options.workers === undefined ? [] : [`  workers: ${options.workers}`]),
      '',
    ].join('\n'),
  );
  const port = await findFreePort();
  const env = { ...process.env, DOCKER_REGISTRY_CONFIG: configFile, SETTINGS_FLAVOR: 'bench', REGISTRY_HOST: '127.0.0.1', REGISTRY_PORT: String(port) };
  return launch('janus', process.execPath, [...(options.nodeFlags ?? []), mainJs], env, port, dir, dataDir);
}

export async function startReference(dir: string): Promise<BenchServer> {
  mkdirSync(dir, { recursive: true });
  const dataDir = join(dir, 'data');
  const configFile = join(dir, 'config.yml');
  const port = await findFreePort();
  await writeFile(
    configFile,
    [
      'version: 0.1',
      'log: {level: error, accesslog: {disabled: true}, fields: {service: registry}}',
      'storage:',
      '  cache: {blobdescriptor: inmemory}',
      `  filesystem: {rootdirectory: ${q(dataDir)}}`,
      '  delete: {enabled: true}',
      `http: {addr: "127.0.0.1:${port}", headers: {X-Content-Type-Options: [nosniff]}}`,
      '',
    ].join('\n'),
  );
  // AWS_CA_BUNDLE (set in this environment) makes distribution panic at start
  const env = { ...process.env };
  delete env.AWS_CA_BUNDLE;
  return launch('reference', 'docker-registry', ['serve', configFile], env, port, dir, dataDir);
}

async function launch(
  kind: ServerKind,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  dir: string,
  dataDir: string,
): Promise<BenchServer> {
  const logFile = join(dir, `${kind}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${kind} exited during start-up; see ${logFile}`);
    if ((await probe(`${url}/v2/`)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${kind} did not answer GET /v2/ within 30 s; see ${logFile}`);
    }
    await sleep(100);
  }
  return { kind, url, pid: child.pid!, dataDir, logFile, stop };
}

function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(1000, () => req.destroy());
    req.once('error', () => resolve(0));
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
