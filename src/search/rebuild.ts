/**
 * Rebuilds the search index from storage (docker-registry's `_walk_storage`): every repository
 * with at least one tag, under its V1 display name. Repositories that changed while storage was
 * walked are checked again afterwards, so the snapshot never undoes a newer event.
 */
import type { Logger } from 'pino';
import { v1DisplayName } from '../util/v1-names';
import { SearchIndexReconciler } from './reconciler';
import { repositoryHasTags, type RegistryModelView } from './registry-view';
import type { SearchIndex } from './search-index';

export interface RebuildOptions {
  readonly signal?: AbortSignal;
  /** tag listings in flight at once; default 8 */
  readonly concurrency?: number;
}

export interface RebuildSummary {
  /** repositories found in storage */
  readonly repositories: number;
  /** of which had a tag */
  readonly tagged: number;
}

export async function rebuildSearchIndex(
  index: SearchIndex,
  model: RegistryModelView,
  logger: Logger,
  options: RebuildOptions = {},
): Promise<RebuildSummary> {
  const started = Date.now();
  const reconciler = new SearchIndexReconciler(index, model);
  const changedDuringWalk = new Set<string>();
  const noteChange = ({ repository }: { repository: string }): void => void changedDuringWalk.add(repository);
  const unsubscribe = [
    model.events.on('tag.set', noteChange),
    model.events.on('tag.deleted', noteChange),
    model.events.on('repository.deleted', noteChange),
  ];
  const stopNoting = (): void => unsubscribe.forEach((off) => off());
  try {
    const { items: repositories } = await model.listRepositories();
    const tagged = await filterConcurrently(repositories, (name) => repositoryHasTags(model, name), options);
    options.signal?.throwIfAborted();
    index.replaceAll(tagged.map(v1DisplayName));
    stopNoting();
    for (const repository of changedDuringWalk) await reconciler.reconcile(repository);
    logger.info({ repositories: repositories.length, tagged: tagged.length, ms: Date.now() - started }, 'search index rebuilt from storage');
    return { repositories: repositories.length, tagged: tagged.length };
  } finally {
    stopNoting();
    reconciler.stop();
  }
}

async function filterConcurrently(
  items: readonly string[],
  keep: (item: string) => Promise<boolean>,
  options: RebuildOptions,
): Promise<string[]> {
  const kept = new Array<boolean>(items.length).fill(false);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      options.signal?.throwIfAborted();
      const position = next++;
      kept[position] = await keep(items[position]!);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return items.filter((_, position) => kept[position]);
}
