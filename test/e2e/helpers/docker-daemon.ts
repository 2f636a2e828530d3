/**
 * A private dockerd (Debian docker.io 20.10, vfs, no bridge/iptables) with its data-root,
 * exec-root, socket and daemon.json in a temp folder, and a docker CLI talking only to it.
 * Starting takes seconds: share one per test file (beforeAll/afterAll).
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasExited, killOnExit, stopChild } from './child-process-exit';
import { createClientSandbox } from './client-sandbox';
import { keepLog } from './keep-log';
import type { ClientSandbox } from './client-sandbox';
import { LogTail } from './log-tail';
import { runCommand } from './run-command';
import type { CommandResult } from './run-command';
import { makeTempDir, removeDir } from './temp-dir';

export interface DockerDaemon {
  readonly socketPath: string;
  /** runs the docker CLI against this daemon */
  docker(args: readonly string[], options?: { timeoutMs?: number; input?: string }): Promise<CommandResult>;
  stop(): Promise<void>;
  logs(): string;
}

function pingSocket(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

export async function startDockerd(startTimeoutMs = 60_000): Promise<DockerDaemon> {
  const dir = await makeTempDir('dockerd');
  const socketPath = join(dir, 'docker.sock');
  const configFile = join(dir, 'daemon.json');
  // the trust key would otherwise be created in /etc/docker/key.json
  await writeFile(configFile, JSON.stringify({ 'deprecated-key-path': join(dir, 'key.json') }));
  const log = new LogTail();
  // prettier-ignore
  const args = [
    '--config-file', configFile,
    '--data-root', join(dir, 'root'),
    '--exec-root', join(dir, 'exec'),
    '--pidfile', join(dir, 'dockerd.pid'),
    '-H', `unix://${socketPath}`,
    '--iptables=false', '--ip6tables=false', '--ip-forward=false', '--ip-masq=false',
    '--bridge=none', '--userland-proxy=false',
    '--storage-driver', 'vfs',
  ];
  const child = spawn('dockerd', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (chunk: Buffer) => log.append(chunk));
  child.stderr.on('data', (chunk: Buffer) => log.append(chunk));
  child.once('error', (error) => log.append(`\n[spawn error] ${error.message}\n`));
  killOnExit(child);

  let sandbox: ClientSandbox | undefined;
  const stop = async (): Promise<void> => {
    await stopChild(child, 30_000);
    await keepLog('dockerd', log.toString());
    await sandbox?.dispose();
    await removeDir(dir);
  };

  const deadline = Date.now() + startTimeoutMs;
  while (!(await pingSocket(socketPath))) {
    if (hasExited(child) || Date.now() > deadline) {
      const reason = hasExited(child) ? `exited (code ${child.exitCode})` : `did not answer within ${startTimeoutMs} ms`;
      await stop();
      throw new Error(`dockerd ${reason}.\ncommand: dockerd ${args.join(' ')}\n--- log ---\n${log.lastLines()}`);
    }
    await sleep(200);
  }

  sandbox = await createClientSandbox('docker-cli');
  const env = { ...sandbox.env, DOCKER_HOST: `unix://${socketPath}` };
  return {
    socketPath,
    docker: (cliArgs, options = {}) => runCommand('docker', cliArgs, { env, ...options }),
    stop,
    logs: () => log.toString(),
  };
}
