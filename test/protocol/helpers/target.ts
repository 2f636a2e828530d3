/**
 * The registry the V2 protocol suite runs against: Janus in-process (default) or, with
 * `V2_TARGET=reference`, the Debian reference registry (distribution 2.8.2).
 */
import { startReferenceRegistry } from './reference-registry';

export type TargetKind = 'janus' | 'reference';

export interface Target {
  readonly url: string;
  readonly kind: TargetKind;
  stop(): Promise<void>;
}

/** Known before any server starts, so tests can be gated at definition time. */
export function targetKind(): TargetKind {
  return process.env.V2_TARGET === 'reference' ? 'reference' : 'janus';
}

export async function startTarget(): Promise<Target> {
  if (targetKind() === 'reference') {
    const reference = await startReferenceRegistry();
    return { url: reference.url, kind: 'reference', stop: () => reference.stop() };
  }
  const { startTestRegistry } = await import('../../helpers/test-registry');
  const janus = await startTestRegistry({ storage: 'inmemory', deleteEnabled: true });
  return { url: janus.url, kind: 'janus', stop: () => janus.stop() };
}
