/**
 * Stops a child process started with `detached: true` (its own process group): SIGTERM to the
 * process, then SIGKILL to the whole group after a grace period, so no grandchild survives.
 */
import type { ChildProcess } from 'node:child_process';

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** kills the child's group if the test process exits without stopping it (e.g. after a crash) */
export function killOnExit(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const live of liveChildren) killGroup(live, 'SIGKILL');
  });
}

export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (!hasExited(child)) {
    const exited = waitForExit(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
  // leftovers of the group (children that ignored their parent's exit) go too
  killGroup(child, 'SIGKILL');
  child.stdout?.destroy();
  child.stderr?.destroy();
}
