/** Runs a client binary with a timeout; a failure throws with the command line, stdout and stderr. */
import { execFile } from 'node:child_process';

export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** written to the command's stdin */
  readonly input?: string;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export function runCommand(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { env: options.env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const killed = error.killed ? ` (killed after ${timeoutMs} ms)` : '';
        const status = `exit code ${String(error.code)}${error.signal ? `, signal ${error.signal}` : ''}${killed}`;
        reject(
          new CommandError(
            `command failed: ${file} ${args.join(' ')}\n${status}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
            stdout,
            stderr,
          ),
        );
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
