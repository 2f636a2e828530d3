/** CPU time a process (all its threads) spent in user and kernel mode, from /proc/<pid>/stat. */
import { readFileSync } from 'node:fs';

/** clock ticks per second of /proc/<pid>/stat on Linux */
const TICKS_PER_SECOND = 100;

export interface CpuTime {
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

export function processCpuTime(pid: number): CpuTime {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the command name, which is in parentheses and may contain spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { userSeconds: Number(fields[11]) / TICKS_PER_SECOND, systemSeconds: Number(fields[12]) / TICKS_PER_SECOND };
}

export function cpuTimeSince(pid: number, before: CpuTime): CpuTime {
  const now = processCpuTime(pid);
  return { userSeconds: now.userSeconds - before.userSeconds, systemSeconds: now.systemSeconds - before.systemSeconds };
}
