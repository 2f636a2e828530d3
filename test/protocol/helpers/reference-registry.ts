/**
 * Starts the Debian reference registry (distribution 2.8.2, `docker-registry serve`) on a free
 * loopback port with a temporary filesystem root, for running the protocol suite against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../e2e/helpers/free-port';

const START_TIMEOUT_MS = 15_000;

export interface ReferenceRegistry {
  readonly url: string;
  stop(): Promise<void>;
}

function configYaml(rootDir: string, port: number): string {
  return [
    'version: 0.1',
    'log: {level: error, accesslog: {disabled: true}}',
    'storage:',
    `  filesystem: {rootdirectory: ${JSON.stringify(join(rootDir, 'data'))}}`,
    '  delete: {enabled: true}',
    `http: {addr: "127.0.0.1:${port}"}`,
    'compatibility: {schema1: {enabled: true}}',
    '',
  ].join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited early: ${output()}`);
    try {
      const res = await fetch(`${url}/v2/`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer /v2/ within ${START_TIMEOUT_MS} ms: ${output()}`);
}

export async function startReferenceRegistry(): Promise<ReferenceRegistry> {
  const rootDir = await mkdtemp(join(tmpdir(), 'janus-reference-'));
  const port = await findFreePort();
  const configPath = join(rootDir, 'config.yml');
  await writeFile(configPath, configYaml(rootDir, port));
  const env = { ...process.env };
  delete env.AWS_CA_BUNDLE;
  const child = spawn('docker-registry', ['serve', configPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    await rm(rootDir, { recursive: true, force: true });
  };
  try {
    await waitForPing(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
