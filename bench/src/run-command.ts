/** Runs a tool (curl, wrk, skopeo…) with a time limit; rejects on a non-zero exit. */
import { spawn } from 'node:child_process';
import { trackChild } from './cleanup';

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** wall time from spawn to exit */
  readonly seconds: number;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, [...args], { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not run: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), seconds };
      if (code === 0) resolve(result);
      else {
        const why = signal ? `signal ${signal}${signal === 'SIGKILL' ? ` (time limit ${options.timeoutMs} ms?)` : ''}` : `exit ${code}`;
        reject(new Error(`${command} ${args.join(' ')}: ${why}\n${result.stderr.slice(-2000)}`));
      }
    });
  });
}
