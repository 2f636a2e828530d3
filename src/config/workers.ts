/**
 * How many processes serve requests. Janus runs alone by default; `workers` (docker-registry
 * style) or `http.workers` (distribution style) asks for a primary with that many workers, and
 * "auto" for one per CPU. docker-registry's run script read GUNICORN_WORKERS; a
 * docker-registry style config honours it when the file does not say.
 */
import { availableParallelism } from 'node:os';
import { ConfigError } from './config-error';
import type { Environment } from './env-references';
import type { ConfigNotice } from './types';

export const MAX_WORKERS = 64;

export type WorkersSetting = number | 'auto' | null | undefined;

export function resolveWorkers(value: WorkersSetting): number {
  if (value === 'auto') return availableParallelism();
  return value ?? 1;
}

export function dockerRegistryWorkers(value: WorkersSetting, env: Environment, errorPrefix: string, notices: ConfigNotice[]): number {
  if (value !== undefined && value !== null) return resolveWorkers(value);
  const fromGunicorn = env.GUNICORN_WORKERS?.trim();
  if (!fromGunicorn) return 1;
  const count = /^[0-9]+$/.test(fromGunicorn) ? Number(fromGunicorn) : NaN;
  if (!(count >= 1 && count <= MAX_WORKERS)) {
    throw new ConfigError(`${errorPrefix}GUNICORN_WORKERS=${JSON.stringify(fromGunicorn)} is not a number of workers from 1 to ${MAX_WORKERS}`);
  }
  notices.push({ level: 'info', message: `GUNICORN_WORKERS=${fromGunicorn}: serving with ${fromGunicorn} worker processes` });
  return count;
}
