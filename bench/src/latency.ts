/**
 * Latency percentiles of a set of GET paths asked in turn over one keep-alive connection by wrk
 * (a C client: the measurement adds little of its own), for a number of seconds. wrk's Lua hooks
 * cycle through the paths and print the percentiles of all answers; any non-2xx answer or socket
 * error fails the measurement.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { refuseWrkFailures } from './load';
import { runCommand } from './run-command';

export interface LatencyResult {
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function luaScript(paths: readonly string[]): string {
  return [
    `local paths = { ${paths.map((path) => JSON.stringify(path)).join(', ')} }`,
    'local next_path = 0',
    'request = function()',
    '  next_path = next_path % #paths + 1',
    '  return wrk.format("GET", paths[next_path])',
    'end',
    'done = function(summary, latency, requests)',
    '  io.write(string.format("LATENCY %d %d %d %d\\n", summary.requests, latency:percentile(50), latency:percentile(99), latency.max))',
    'end',
    '',
  ].join('\n');
}

export async function measureLatency(baseUrl: string, paths: readonly string[], seconds: number, workDir: string): Promise<LatencyResult> {
  const script = join(workDir, 'latency.lua');
  await writeFile(script, luaScript(paths));
  const { stdout } = await runCommand('wrk', ['-t1', '-c1', `-d${seconds}s`, '--timeout', '5s', '-s', script, baseUrl], { timeoutMs: (seconds + 30) * 1000 });
  refuseWrkFailures(stdout, 'wrk');
  const figures = /LATENCY (\d+) (\d+) (\d+) (\d+)/.exec(stdout);
  if (!figures) throw new Error(`wrk output not understood:\n${stdout}`);
  const [requests, p50, p99, max] = figures.slice(1).map(Number) as [number, number, number, number];
  if (requests === 0) throw new Error('wrk: no request completed');
  return { requests, p50Ms: p50 / 1000, p99Ms: p99 / 1000, maxMs: max / 1000 };
}
