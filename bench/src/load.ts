/**
 * Request rates under bounded load on 127.0.0.1: wrk for GET (light C client), hey for HEAD
 * (wrk waits for a body after a HEAD answer and never completes one). Any non-2xx answer or
 * socket error fails the measurement.
 */
import { runCommand } from './run-command';

export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'HEAD';
  readonly headers?: Record<string, string>;
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host)) throw new Error(`load targets 127.0.0.0/8 only, not ${host}`);
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  assertLoopback(spec.url);
  return spec.method === 'HEAD' ? runHey(spec) : runWrk(spec);
}

async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const headerArgs = Object.entries(spec.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = ['-t2', `-c${spec.connections}`, `-d${spec.seconds}s`, '--timeout', '5s', ...headerArgs, spec.url];
  const { stdout } = await runCommand('wrk', args, { timeoutMs: (spec.seconds + 30) * 1000 });
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const total = /(\d+) requests in/.exec(stdout);
  if (!rate || !total) throw new Error(`wrk output not understood:\n${stdout}`);
  refuseWrkFailures(stdout, `wrk ${spec.url}`);
  if (Number(total[1]) === 0) throw new Error(`wrk ${spec.url}: no request completed`);
  return { requestsPerSecond: Number(rate[1]), requests: Number(total[1]) };
}

/** throws when wrk saw a non-2xx answer or a socket error */
export function refuseWrkFailures(stdout: string, what: string): void {
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout);
  if (non2xx) throw new Error(`${what}: ${non2xx[1]} non-2xx answers`);
  const socketErrors = /Socket errors:(.*)/.exec(stdout);
  if (socketErrors) throw new Error(`${what}: socket errors:${socketErrors[1]}`);
}

async function runHey(spec: LoadSpec): Promise<LoadResult> {
  const headerArgs = Object.entries(spec.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = ['-z', `${spec.seconds}s`, '-c', String(spec.connections), '-m', spec.method, '-t', '5', ...headerArgs, spec.url];
  const { stdout } = await runCommand('hey', args, { timeoutMs: (spec.seconds + 30) * 1000 });
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!rate) throw new Error(`hey output not understood:\n${stdout}`);
  const statuses = [...stdout.matchAll(/\[(\d+)\]\s+(\d+) responses/g)];
  const bad = statuses.filter(([, code]) => !code!.startsWith('2'));
  if (bad.length > 0) throw new Error(`hey ${spec.url}: ${bad.map(([, code, n]) => `${n} × ${code}`).join(', ')}`);
  if (/Error distribution:/.test(stdout)) throw new Error(`hey ${spec.url}: errors\n${stdout.slice(stdout.indexOf('Error distribution:'))}`);
  const requests = statuses.reduce((sum, [, , n]) => sum + Number(n), 0);
  if (requests === 0) throw new Error(`hey ${spec.url}: no request completed`);
  return { requestsPerSecond: Number(rate[1]), requests };
}
