/**
 * Everything the bench must undo, even on failure or Ctrl-C: child processes it started (stopped
 * by their own pid) and temporary folders (which hold 1 GiB files).
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

type Action = () => Promise<void> | void;

const actions: Action[] = [];
const children = new Set<ChildProcess>();

export function onCleanup(action: Action): void {
  actions.push(action);
}

export function removeOnCleanup(dir: string): void {
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
}

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function killTrackedChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** runs every action once, newest first; errors are printed, not thrown */
export async function runCleanup(): Promise<void> {
  while (actions.length > 0) {
    const action = actions.pop()!;
    try {
      await action();
    } catch (error) {
      process.stderr.write(`bench cleanup: ${(error as Error).message}\n`);
    }
  }
  killTrackedChildren();
}

/** Ctrl-C / SIGTERM: clean up, then exit non-zero; a last synchronous kill on any exit */
export function installCleanupHandlers(): void {
  const interrupted = (signal: NodeJS.Signals): void => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    void runCleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  process.once('exit', killTrackedChildren);
}
