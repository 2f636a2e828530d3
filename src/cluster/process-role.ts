/**
 * What this process does when Janus runs with several workers. `alone`: no workers (the
 * default). The primary starts the `leader` first: it alone prepares shared state (search index
 * rebuild, schema1 signing key, in-place store import, upload purging); `follower`s start once it
 * listens and only serve requests.
 */
import cluster from 'node:cluster';

export type ProcessRole = 'alone' | 'leader' | 'follower';

const ROLE_VARIABLE = 'JANUS_WORKER_ROLE';

export function currentRole(env: NodeJS.ProcessEnv = process.env): ProcessRole {
  if (!cluster.isWorker) return 'alone';
  return env[ROLE_VARIABLE] === 'follower' ? 'follower' : 'leader';
}

export function roleEnvironment(role: Exclude<ProcessRole, 'alone'>): Record<string, string> {
  return { [ROLE_VARIABLE]: role };
}
