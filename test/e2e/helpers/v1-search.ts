/** GET /v1/search the way curl would, and waiting for the (asynchronously updated) index. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface V1SearchAnswer {
  readonly query: string;
  readonly num_results: number;
  readonly results: ReadonlyArray<{ readonly name: string; readonly description: string | null }>;
}

export async function searchV1(registryUrl: string, term: string): Promise<V1SearchAnswer> {
  const url = `${registryUrl}/v1/search?q=${encodeURIComponent(term)}`;
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as V1SearchAnswer;
}

export async function searchV1Names(registryUrl: string, term: string): Promise<string[]> {
  return (await searchV1(registryUrl, term)).results.map((result) => result.name).sort();
}

/**
 * Polls `read` until `accept` holds or the time runs out, then returns the last value read
 * (the caller's expect shows what was wrong). Index removals happen after the delete answers.
 */
export async function settle<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}
