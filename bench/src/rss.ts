/**
 * Peak resident memory of a process while something runs: the kernel's high-water mark (VmHWM,
 * reset first through /proc/<pid>/clear_refs) and VmRSS sampled every 20 ms; the larger wins.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { MiB } from './stats';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

export interface PeakMemory {
  /** MiB */
  readonly peakMiB: number;
  /** MiB, before the work started */
  readonly startMiB: number;
}

export async function measurePeakRss(pid: number, work: () => Promise<void>): Promise<PeakMemory> {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
  } catch {
    // not permitted: sampling still works
  }
  const startBytes = statusField(pid, 'VmRSS');
  let peak = startBytes;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, statusField(pid, 'VmRSS'));
    } catch {
      // process gone; the work will fail and say so
    }
  }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, statusField(pid, 'VmHWM'), statusField(pid, 'VmRSS'));
  return { peakMiB: peak / MiB, startMiB: startBytes / MiB };
}
