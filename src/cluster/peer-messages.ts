/**
 * What workers tell each other through the primary. Each worker answers searches from its own
 * in-memory copy of the SQLite index; a worker that wrote to the index says which rows changed,
 * and the others re-read those rows, so every worker answers alike.
 */
import type { SearchIndexChange, SqliteSearchIndex } from '../search';

export interface SearchChangedMessage {
  readonly type: 'janus.search-changed';
  readonly change: SearchIndexChange;
}

export function isPeerMessage(message: unknown): message is SearchChangedMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'janus.search-changed';
}

/** in a worker: announces this worker's index writes and applies the others' */
export function shareSearchIndexChanges(index: SqliteSearchIndex): void {
  index.onChange((change) => {
    const message: SearchChangedMessage = { type: 'janus.search-changed', change };
    process.send?.(message);
  });
  process.on('message', (message) => {
    if (isPeerMessage(message)) index.refresh(message.change);
  });
}
