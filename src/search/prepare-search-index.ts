/**
 * Opens the search index for serving. The index is derived data: when it was just created, was
 * migrated (or adopted from docker-registry), or is empty, it is rebuilt from storage in the
 * background while requests are already served from what it holds.
 */
import type { Logger } from 'pino';
import { followRegistryEvents } from './subscriber';
import { rebuildSearchIndex } from './rebuild';
import type { RegistryModelView } from './registry-view';
import { openSearchIndex, type OpenSearchIndexOptions, type SqliteSearchIndex } from './sqlite-search-index';

export interface PreparedSearchIndex {
  readonly index: SqliteSearchIndex;
  /** true once a startup rebuild finished; false when none was needed or it failed (logged) */
  readonly rebuilt: Promise<boolean>;
  /** stops following events, abandons a running rebuild, waits for pending work, closes the database */
  close(): Promise<void>;
}

export interface PrepareSearchIndexOptions extends OpenSearchIndexOptions {
  /**
   * false: never rebuild here (a worker that starts after the process that prepared the index);
   * default true
   */
  readonly rebuild?: boolean;
}

export function openAndPrepareSearchIndex(
  file: string,
  model: RegistryModelView,
  logger: Logger,
  options: PrepareSearchIndexOptions = {},
): PreparedSearchIndex {
  const index = openSearchIndex(file, options);
  const { migration } = index;
  if (migration.applied.length > 0) {
    logger.info({ file, from: migration.previousVersion, to: migration.version, applied: migration.applied, adoptedDockerRegistry: migration.adoptedDockerRegistry }, 'search index schema migrated');
  }
  const follower = followRegistryEvents(index, model, logger);
  const abort = new AbortController();
  const reason = options.rebuild === false ? undefined : rebuildReason(index);
  const rebuilt = reason === undefined ? Promise.resolve(false) : runRebuild(reason);

  async function runRebuild(why: string): Promise<boolean> {
    logger.info({ file, reason: why }, 'search index: rebuilding from storage in the background');
    try {
      await rebuildSearchIndex(index, model, logger, { signal: abort.signal });
      return true;
    } catch (error) {
      if (abort.signal.aborted) logger.info({ file }, 'search index: rebuild abandoned at shutdown');
      else logger.error({ err: error, file }, 'search index: rebuild failed; serving what the index holds');
      return false;
    }
  }

  return {
    index,
    rebuilt,
    async close() {
      follower.stop();
      abort.abort();
      await rebuilt;
      await follower.idle();
      index.close();
    },
  };
}

function rebuildReason(index: SqliteSearchIndex): string | undefined {
  const { migration } = index;
  if (migration.created) return 'new index';
  if (migration.adoptedDockerRegistry) return 'adopted a docker-registry index';
  if (migration.applied.length > 0) return `schema migrated to version ${migration.version}`;
  if (index.isEmpty()) return 'index is empty';
  return undefined;
}
