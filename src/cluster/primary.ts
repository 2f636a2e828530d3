/**
 * The primary of a multi-worker Janus: starts the leader, then the followers once the leader
 * listens (they share its port; connections are handed out round-robin), relays the workers'
 * messages to each other, replaces a worker that dies, and stops them all on SIGTERM/SIGINT.
 * It serves no request itself.
 *
 * Why this is safe: every piece of registry state lives in storage (upload sessions included:
 * a worker that lacks a session's running hash re-reads the uploaded bytes at completion), the
 * search index is one SQLite file whose in-memory copies are kept in step by peer messages, and
 * what must be created once (the schema1 signing key) is created by the leader before the
 * followers start.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { isPeerMessage } from './peer-messages';
import { roleEnvironment, type ProcessRole } from './process-role';

type WorkerRole = Exclude<ProcessRole, 'alone'>;

/** a dead worker is replaced after this pause (a crash loop does not spin) */
const RESTART_DELAY_MS = 1000;
/** workers get this long to finish their requests at shutdown */
const STOP_GRACE_MS = 12_000;

export function runPrimary(workers: number, logger: Logger): void {
  const roles = new Map<number, WorkerRole>();
  const listened = new Set<number>();
  let followersStarted = false;
  let stopping = false;

  const start = (role: WorkerRole): Worker => {
    const worker = cluster.fork(roleEnvironment(role));
    roles.set(worker.id, role);
    worker.on('message', (message: unknown) => {
      if (isPeerMessage(message)) relay(worker, message);
    });
    worker.once('listening', () => {
      listened.add(worker.id);
      if (role === 'leader' && !followersStarted) {
        followersStarted = true;
        for (let i = 1; i < workers; i++) start('follower');
        logger.info({ workers }, 'janus workers started');
      }
    });
    return worker;
  };

  const stopAll = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    const running = liveWorkers();
    if (running.length === 0) process.exit(exitCode);
    for (const worker of running) worker.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (liveWorkers().length === 0) process.exit(exitCode);
    });
    setTimeout(() => process.exit(exitCode), STOP_GRACE_MS).unref();
  };

  cluster.on('exit', (worker, code, signal) => {
    const role = roles.get(worker.id) ?? 'follower';
    roles.delete(worker.id);
    if (stopping) return;
    if (!listened.has(worker.id)) {
      logger.fatal({ pid: worker.process.pid, role, code, signal }, 'worker exited before it served; stopping');
      stopAll(1);
      return;
    }
    logger.error({ pid: worker.process.pid, role, code, signal }, 'worker exited; starting another');
    setTimeout(() => {
      if (!stopping) start(role);
    }, RESTART_DELAY_MS);
  });
  process.once('SIGTERM', () => stopAll(0));
  process.once('SIGINT', () => stopAll(0));
  start('leader');
}

function liveWorkers(): Worker[] {
  return Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
}

function relay(from: Worker, message: unknown): void {
  for (const worker of liveWorkers()) {
    if (worker !== from && worker.isConnected()) worker.send(message as object);
  }
}
