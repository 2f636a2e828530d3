/** Order statistics over samples. */

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** nearest-rank percentile (p in 0..100); NaN for no samples */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export function mibPerSecond(bytes: number, seconds: number): number {
  return bytes / MiB / seconds;
}
