/** `n`/`last` paging over a sorted list, as tags/list and _catalog do it. */
export interface PageOf<T> {
  readonly items: readonly T[];
  /** the last returned item, when more follow */
  readonly next?: T;
}

export function paginate(sorted: readonly string[], n: number | undefined, last: string | undefined): PageOf<string> {
  const start = last === undefined ? 0 : firstIndexAfter(sorted, last);
  const rest = sorted.slice(start);
  if (n === undefined || rest.length <= n) return { items: rest };
  const items = rest.slice(0, n);
  return n === 0 ? { items } : { items, next: items[items.length - 1] };
}

function firstIndexAfter(sorted: readonly string[], last: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= last) low = mid + 1;
    else high = mid;
  }
  return low;
}
