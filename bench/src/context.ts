/** What every measurement gets: options, the two servers, shared test files, the result table. */
import type { BenchOptions } from './options';
import type { TestFile } from './random-file';
import type { Results } from './results';
import type { BenchServer, ServerKind } from './servers';

export interface BenchContext {
  readonly options: BenchOptions;
  readonly results: Results;
  readonly janus: BenchServer;
  /** Janus with two worker processes (request rates only) */
  readonly janusWorkers: BenchServer;
  readonly reference: BenchServer;
  /** temp folder for this run (removed at the end) */
  readonly workDir: string;
  readonly mediumFile: TestFile;
  readonly largeFile: TestFile;
  log(message: string): void;
}

export type Samples = Record<ServerKind, number[]>;

/** A/B/A/B…: each round measures Janus, then the reference */
export async function alternate(
  ctx: BenchContext,
  rounds: number,
  measure: (server: BenchServer, round: number) => Promise<number>,
): Promise<Samples> {
  const samples: Samples = { janus: [], reference: [] };
  for (let round = 0; round < rounds; round++) {
    for (const server of [ctx.janus, ctx.reference]) samples[server.kind].push(await measure(server, round));
  }
  return samples;
}

export function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}
