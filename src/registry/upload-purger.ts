/**
 * Removes upload sessions abandoned by their clients (distribution's
 * maintenance.uploadpurging): every session older than `ageMs`, V2 and V1 alike.
 */
import type { Logger } from 'pino';
import type { StorageDriver } from '../storage/driver';
import { PathNotFoundError } from '../storage/errors';
import { StoragePaths } from './paths';
import { baseName, deleteIfExists, listIfExists, readIfExists } from './storage-access';

export interface UploadPurgeOptions {
  readonly ageMs: number;
  readonly dryRun: boolean;
}

/** returns the upload folders removed (or that would be, in a dry run) */
export async function purgeAbandonedUploads(driver: StorageDriver, options: UploadPurgeOptions, now = new Date()): Promise<string[]> {
  const folders: string[] = [StoragePaths.legacyUploadsRoot];
  try {
    await driver.walk(StoragePaths.repositoriesRoot, (info) => {
      if (!info.isDir) return undefined;
      if (baseName(info.path) === '_uploads') {
        folders.push(info.path);
        return 'skip';
      }
      return baseName(info.path).startsWith('_') ? 'skip' : undefined;
    });
  } catch (error) {
    if (!(error instanceof PathNotFoundError)) throw error;
  }
  const removed: string[] = [];
  for (const folder of folders) {
    for (const session of await listIfExists(driver, folder)) {
      const startedAt = await readIfExists(driver, `${session}/startedat`);
      const started = startedAt ? new Date(startedAt.toString('utf8')).getTime() : NaN;
      if (Number.isNaN(started) || now.getTime() - started < options.ageMs) continue;
      removed.push(session);
      if (!options.dryRun) await deleteIfExists(driver, session);
    }
  }
  return removed;
}

/** runs the purge now and then every `intervalMs`; returns a stop function */
export function scheduleUploadPurging(driver: StorageDriver, options: UploadPurgeOptions & { intervalMs: number }, logger: Logger): () => void {
  const run = () =>
    purgeAbandonedUploads(driver, options)
      .then((removed) => {
        if (removed.length > 0) logger.info({ count: removed.length, dryRun: options.dryRun }, 'purged abandoned uploads');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'upload purge failed'));
  void run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
