/**
 * Keeps the search index in step with the registry model's events. Indexing never makes a
 * push fail: every failure is caught and logged.
 *  - tag.set: the repository's display name is added at once.
 *  - tag.deleted, repository.deleted: the name is removed once no repository shown under it
 *    has a tag left (checked against storage, asynchronously).
 */
import type { Logger } from 'pino';
import { v1DisplayName } from '../util/v1-names';
import { SearchIndexReconciler } from './reconciler';
import type { RegistryModelView } from './registry-view';
import type { SearchIndex } from './search-index';

export interface SearchIndexFollower {
  /** stops following; checks already under way still finish */
  stop(): void;
  /** resolves when no check is under way (tests, shutdown) */
  idle(): Promise<void>;
}

export function followRegistryEvents(index: SearchIndex, model: RegistryModelView, logger: Logger): SearchIndexFollower {
  // registered first, so an event marks older checks stale before it starts its own
  const reconciler = new SearchIndexReconciler(index, model);
  const pending = new Set<Promise<void>>();

  const addRepository = ({ repository }: { repository: string }): void => {
    try {
      index.upsertRepository(v1DisplayName(repository));
    } catch (error) {
      logger.warn({ err: error, repository }, 'search index: adding the repository failed');
    }
  };
  const removeIfUntagged = ({ repository }: { repository: string }): void => {
    const check: Promise<void> = reconciler
      .reconcile(repository)
      .catch((error: unknown) => logger.warn({ err: error, repository }, 'search index: updating the repository failed'))
      .finally(() => pending.delete(check));
    pending.add(check);
  };

  const unsubscribe = [
    model.events.on('tag.set', addRepository),
    model.events.on('tag.deleted', removeIfUntagged),
    model.events.on('repository.deleted', removeIfUntagged),
  ];
  return {
    stop() {
      for (const off of unsubscribe) off();
      reconciler.stop();
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
