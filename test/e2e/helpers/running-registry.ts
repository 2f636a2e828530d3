/**
 * Lifecycle shared by every registry the e2e tests start as a child process: spawn, capture its
 * log, wait until `GET /v2/` answers 200, stop and remove its temporary folder.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasExited, killOnExit, stopChild } from './child-process-exit';
import { keepLog } from './keep-log';
import { probeStatus } from './http-probe';
import { LogTail } from './log-tail';
import { removeDir } from './temp-dir';

export type RegistryKind = 'janus' | 'reference';

export interface RunningRegistry {
  readonly kind: RegistryKind;
  /** base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** host:port as clients write it in image references */
  readonly host: string;
  /** the storage root of the registry */
  readonly dataDir: string;
  stop(): Promise<void>;
  logs(): string;
}

export interface SpawnRegistryOptions {
  readonly kind: RegistryKind;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly port: number;
  /** removed on stop (and on a failed start) */
  readonly workDir: string;
  readonly dataDir: string;
  readonly startTimeoutMs?: number;
}

export async function spawnRegistry(options: SpawnRegistryOptions): Promise<RunningRegistry> {
  const host = `127.0.0.1:${options.port}`;
  const url = `http://${host}`;
  const log = new LogTail();
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (chunk: Buffer) => log.append(chunk));
  child.stderr.on('data', (chunk: Buffer) => log.append(chunk));
  child.once('error', (error) => log.append(`\n[spawn error] ${error.message}\n`));
  killOnExit(child);

  const stop = async (): Promise<void> => {
    await stopChild(child);
    await keepLog(`${options.kind}-${options.port}`, log.toString());
    await removeDir(options.workDir);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (hasExited(child)) {
      await stop();
      throw new Error(
        `${options.kind} registry exited during start-up (code ${child.exitCode}, signal ${child.signalCode}).\n` +
          `command: ${options.command} ${options.args.join(' ')}\n--- log ---\n${log.lastLines()}`,
      );
    }
    if ((await probeStatus(`${url}/v2/`)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${options.kind} registry did not answer GET ${url}/v2/ with 200 within ${options.startTimeoutMs ?? 30_000} ms.\n` +
          `command: ${options.command} ${options.args.join(' ')}\n--- log ---\n${log.lastLines()}`,
      );
    }
    await sleep(100);
  }

  return { kind: options.kind, url, host, dataDir: options.dataDir, stop, logs: () => log.toString() };
}
