/** The registry under test: Janus (default) or the reference registry, chosen by E2E_TARGET. */
import type { RegistryKind, RunningRegistry } from './running-registry';
import { startJanus } from './start-janus';
import { startReference } from './start-reference';

export type { RunningRegistry } from './running-registry';

export function targetKind(): RegistryKind {
  const value = (process.env.E2E_TARGET ?? 'janus').trim().toLowerCase();
  if (value === 'janus' || value === 'reference') return value;
  throw new Error(`E2E_TARGET must be "janus" or "reference", not "${process.env.E2E_TARGET}"`);
}

/** binaries the chosen target needs on PATH */
export function targetTools(): string[] {
  return targetKind() === 'reference' ? ['docker-registry'] : [];
}

export function startTarget(): Promise<RunningRegistry> {
  return targetKind() === 'reference' ? startReference() : startJanus();
}
