/** What the numbers were measured on. */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { PROJECT_ROOT } from './options';

/** first line of a tool's output (some, like wrk -v, exit non-zero after printing their version) */
function firstLine(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  if (result.error) return 'unknown';
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0] ?? '';
}

function gitRevision(): string {
  const head = firstLine('git', ['-C', PROJECT_ROOT, 'rev-parse', '--short', 'HEAD']);
  const dirty = firstLine('git', ['-C', PROJECT_ROOT, 'status', '--porcelain', '--untracked-files=no', 'src']);
  return dirty !== '' && dirty !== 'unknown' ? `${head} (src/ modified)` : head;
}

/** `loadAtStart`: os.loadavg() when the bench began (other work on the machine skews the figures) */
export function describeMachine(loadAtStart: readonly number[]): [string, string][] {
  return [
    ['date', new Date().toISOString()],
    ['CPU', cpus()[0]?.model.trim() ?? 'unknown'],
    ['nproc', String(availableParallelism())],
    ['memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['kernel', release()],
    ['load average (1/5/15 min) at start / end', `${loadAtStart.map((l) => l.toFixed(2)).join(' ')} / ${loadavg().map((l) => l.toFixed(2)).join(' ')}`],
    ['node', process.version],
    ['reference', `${firstLine('docker-registry', ['--version'])} (Debian docker-registry)`],
    ['skopeo', firstLine('skopeo', ['--version'])],
    ['wrk', firstLine('wrk', ['-v'])],
    ['curl', firstLine('curl', ['--version'])],
    ['Janus', `git ${gitRevision()}`],
  ];
}
