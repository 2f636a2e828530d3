/**
 * Brings one index row in line with storage: present when the repository (under its V1 display
 * name) has a tag, absent otherwise. A check that overlapped a newer event on the same name is
 * dropped, since that event's own handling reflects a later state.
 */
import { v1DisplayName } from '../util/v1-names';
import { displayNameHasTags, type RegistryModelView } from './registry-view';
import type { SearchIndex } from './search-index';

interface Check {
  stale: boolean;
}

export class SearchIndexReconciler {
  private readonly checks = new Map<string, Set<Check>>();
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly index: SearchIndex,
    private readonly model: RegistryModelView,
  ) {
    const markStale = ({ repository }: { repository: string }): void => this.markStale(v1DisplayName(repository));
    this.unsubscribe = [
      model.events.on('tag.set', markStale),
      model.events.on('tag.deleted', markStale),
      model.events.on('repository.deleted', markStale),
    ];
  }

  /** `modelName` is a model repository name; resolves once the row is settled (or the check dropped) */
  async reconcile(modelName: string): Promise<void> {
    const displayName = v1DisplayName(modelName);
    const check: Check = { stale: false };
    const pending = this.checks.get(displayName) ?? new Set<Check>();
    this.checks.set(displayName, pending.add(check));
    try {
      const tagged = await displayNameHasTags(this.model, displayName);
      if (check.stale) return;
      if (tagged) this.index.upsertRepository(displayName);
      else this.index.deleteRepository(displayName);
    } finally {
      pending.delete(check);
      if (pending.size === 0 && this.checks.get(displayName) === pending) this.checks.delete(displayName);
    }
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
  }

  private markStale(displayName: string): void {
    for (const check of this.checks.get(displayName) ?? []) check.stale = true;
  }
}
