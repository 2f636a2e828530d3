/**
 * At start, takes every repository of a docker-registry store served in place into the model
 * in the background (requests are served meanwhile), logging progress and every tag that could
 * not be taken in (image missing, still in progress, broken ancestry).
 */
import type { Logger } from 'pino';
import type { RegistryModel } from '../model';

export async function importInPlaceStore(model: RegistryModel, logger: Logger, signal?: AbortSignal): Promise<void> {
  const repositories = await model.legacy.repositories.inPlaceRepositories();
  for (const skipped of await model.legacy.repositories.unservableInPlaceRepositories()) {
    logger.warn({ repository: skipped }, 'in-place repository skipped: not a valid repository name');
  }
  if (repositories.length === 0) return;
  const started = Date.now();
  logger.info({ repositories: repositories.length }, 'in-place docker-registry store: indexing in the background');
  let imported = 0;
  let failed = 0;
  for (const [position, repository] of repositories.entries()) {
    if (signal?.aborted) return;
    try {
      const report = await model.importInPlace(repository);
      imported += report.imported.length;
      failed += report.failed.length;
      for (const failure of report.failed) logger.warn({ repository, tag: failure.tag, error: failure.error }, 'in-place tag skipped');
    } catch (error) {
      logger.error({ err: error, repository }, 'in-place repository could not be indexed');
    }
    if ((position + 1) % 10 === 0 || position + 1 === repositories.length) {
      logger.info({ done: position + 1, of: repositories.length, tags: imported, skipped: failed }, 'in-place docker-registry store: progress');
    }
  }
  logger.info({ repositories: repositories.length, tags: imported, skipped: failed, ms: Date.now() - started }, 'in-place docker-registry store: indexed');
}
