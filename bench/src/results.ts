/** Measured values per table row: Janus, the baseline (reference or Janus V2), raw samples. */
import { median } from './stats';
import type { RowId } from './rows';

export interface Measured {
  readonly janus?: number;
  readonly baseline?: number;
  readonly samples?: { readonly janus: readonly number[]; readonly baseline?: readonly number[] };
  /** a short note printed under the table */
  readonly detail?: string;
  readonly error?: string;
}

export class Results {
  readonly values = new Map<RowId, Measured>();

  set(id: RowId, measured: Measured): void {
    this.values.set(id, measured);
  }

  /** median of each side's samples */
  setSamples(id: RowId, janus: readonly number[], baseline?: readonly number[], detail?: string): void {
    this.set(id, {
      janus: median(janus),
      baseline: baseline && baseline.length > 0 ? median(baseline) : undefined,
      samples: { janus, baseline },
      detail,
    });
  }

  fail(ids: readonly RowId[], error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    for (const id of ids) this.set(id, { ...this.values.get(id), error: message.split('\n')[0]!.slice(0, 200) });
  }

  get(id: RowId): Measured | undefined {
    return this.values.get(id);
  }

  failures(): RowId[] {
    return [...this.values].filter(([, m]) => m.error !== undefined).map(([id]) => id);
  }
}
