/** What one bench run measures and how much: the full run or the smoke run (tiny sizes, 1 iteration). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GiB, MiB } from './stats';

/** the folder holding package.json and dist/ (found from bench/src and from bench/dist/bench/src) */
function findProjectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root above ${__dirname}`);
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** the measurement groups, in run order */
export const GROUPS = ['limits', 'blobs', 'rates', 'skopeo', 'v1', 'search'] as const;
export type Group = (typeof GROUPS)[number];

export interface BenchOptions {
  readonly smoke: boolean;
  /** `--only rates,search`: the groups to run (default all; the others' rows say 'not run', and the table goes to partial.md) */
  readonly groups: ReadonlySet<Group>;
  /** A/B rounds for most measurements (median of these) */
  readonly rounds: number;
  /** A/B rounds for the 1 GiB uploads */
  readonly bigRounds: number;
  readonly smallBlobBytes: number;
  readonly bigBlobBytes: number;
  readonly chunkBytes: number;
  readonly loadSeconds: number;
  readonly loadConnections: number;
  readonly skopeoLayerBytes: number;
  /** random content of each of the 3 V1 layers, base first */
  readonly v1LayerBytes: readonly number[];
  readonly searchRepositories: number;
  /** requests per search query shape (the bench's own Node client) */
  readonly searchRuns: number;
  /** seconds of wrk cycling through the search query shapes on one connection */
  readonly searchSeconds: number;
  readonly outFile: string;
}

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at >= 0) return args[at + 1];
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

function truthy(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

export function parseOptions(args: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const smoke = args.includes('--smoke') || truthy(env.BENCH_SMOKE);
  const out = argValue(args, '--out');
  const only = argValue(args, '--only');
  const defaultOut = join(PROJECT_ROOT, 'bench', 'results', smoke ? 'smoke.md' : only === undefined ? 'latest.md' : 'partial.md');
  const common = { smoke, groups: parseGroups(only), outFile: out ? resolve(out) : defaultOut, loadConnections: 32 };
  if (smoke) {
    return {
      ...common,
      rounds: 1,
      bigRounds: 1,
      smallBlobBytes: 256 * 1024,
      bigBlobBytes: 1 * MiB,
      chunkBytes: 64 * 1024,
      loadSeconds: 1,
      skopeoLayerBytes: 64 * 1024,
      v1LayerBytes: [64 * 1024, 32 * 1024, 32 * 1024],
      searchRepositories: 2_000,
      searchRuns: 2,
      searchSeconds: 1,
    };
  }
  const rounds = Number(argValue(args, '--rounds') ?? env.BENCH_ROUNDS ?? 5);
  return {
    ...common,
    rounds,
    bigRounds: Math.max(1, Math.min(rounds, 3)),
    smallBlobBytes: 100 * MiB,
    bigBlobBytes: GiB,
    chunkBytes: 10 * MiB,
    loadSeconds: 3,
    skopeoLayerBytes: 100 * MiB,
    v1LayerBytes: [64 * MiB, 16 * MiB, 16 * MiB],
    searchRepositories: 100_000,
    searchRuns: 50,
    searchSeconds: 10,
  };
}

function parseGroups(value: string | undefined): ReadonlySet<Group> {
  if (value === undefined) return new Set(GROUPS);
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(GROUPS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new Error(`--only takes a comma-separated list of ${GROUPS.join(', ')}; got ${JSON.stringify(value)}`);
  return new Set(names as Group[]);
}
