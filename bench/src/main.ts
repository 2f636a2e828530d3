/**
 * `npm run bench [-- --smoke] [--rounds N] [--out FILE]` (or BENCH_SMOKE=1): starts Janus and the
 * reference registry on 127.0.0.1, measures both alternately, prints the table and writes it to
 * bench/results/latest.md (smoke: smoke.md) with the raw samples beside it as JSON. Exits 1 when
 * any measurement failed. Processes and temp files are removed at the end, also on failure.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { agent } from './blob-client';
import { installCleanupHandlers, onCleanup, removeOnCleanup, runCleanup } from './cleanup';
import { seconds, type BenchContext } from './context';
import { describeMachine } from './machine';
import { measureBlobs } from './measure-blobs';
import { measureLimits } from './measure-limits';
import { measureRates } from './measure-rates';
import { measureSearch, populateSearchIndex } from './measure-search';
import { measureSkopeo } from './measure-skopeo';
import { measureV1 } from './measure-v1';
import { GROUPS, parseOptions, type Group } from './options';
import { writeRandomFile } from './random-file';
import { renderReport } from './report';
import { Results } from './results';
import { startJanus, startReference, type BenchServer } from './servers';

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function logTail(server: BenchServer | undefined): string {
  if (!server) return '';
  try {
    const text = readFileSync(server.logFile, 'utf8').trim();
    return text === '' ? '' : `--- ${server.kind} log (last lines) ---\n${text.split('\n').slice(-15).join('\n')}\n`;
  } catch {
    return '';
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  installCleanupHandlers();
  const started = process.hrtime.bigint();
  const loadAtStart = loadavg();
  const workDir = mkdtempSync(join(tmpdir(), 'janus-bench-'));
  removeOnCleanup(workDir);
  const results = new Results();
  let fatal: unknown;
  let janus: BenchServer | undefined;
  let reference: BenchServer | undefined;
  try {
    log(`${options.smoke ? 'SMOKE run' : 'full run'} in ${workDir}`);
    const mediumFile = writeRandomFile(join(workDir, 'medium.bin'), options.smallBlobBytes);
    const largeFile = writeRandomFile(join(workDir, 'large.bin'), options.bigBlobBytes);
    const searchDatabase = join(workDir, 'janus', 'search.db');
    log(`search: filling the index with ${options.searchRepositories} repositories`);
    const populateSeconds = populateSearchIndex(searchDatabase, options.searchRepositories);
    janus = await startJanus(join(workDir, 'janus'), { searchDatabase });
    const startedJanus = janus;
    onCleanup(() => startedJanus.stop());
    reference = await startReference(join(workDir, 'reference'));
    const startedReference = reference;
    onCleanup(() => startedReference.stop());
    const janusWorkers = await startJanus(join(workDir, 'janus-workers'), { searchDatabase: join(workDir, 'janus-workers', 'search.db'), workers: 2 });
    onCleanup(() => janusWorkers.stop());
    log(`janus ${janus.url} (pid ${janus.pid}), janus with 2 workers ${janusWorkers.url}, reference ${reference.url} (pid ${reference.pid})`);
    const ctx: BenchContext = { options, results, janus, janusWorkers, reference, workDir, mediumFile, largeFile, log };
    const groups: Record<Group, () => Promise<void>> = {
      limits: () => measureLimits(ctx),
      blobs: () => measureBlobs(ctx),
      rates: () => measureRates(ctx),
      skopeo: () => measureSkopeo(ctx),
      v1: () => measureV1(ctx),
      search: () => measureSearch(ctx, populateSeconds),
    };
    for (const group of GROUPS) if (options.groups.has(group)) await groups[group]();
  } catch (error) {
    fatal = error;
  }
  const failed = fatal !== undefined || results.failures().length > 0;
  if (failed) process.stderr.write(logTail(janus) + logTail(reference));
  await runCleanup();
  agent.destroy();

  const report = renderReport(results, options, describeMachine(loadAtStart), seconds(started));
  process.stdout.write(`${report}\n`);
  mkdirSync(dirname(options.outFile), { recursive: true });
  writeFileSync(options.outFile, `${report}\n`);
  writeFileSync(options.outFile.replace(/\.md$/, '') + '.json', JSON.stringify({ options, results: Object.fromEntries(results.values) }, null, 2));
  log(`table written to ${options.outFile}`);
  if (fatal !== undefined) {
    process.stderr.write(`bench failed: ${fatal instanceof Error ? (fatal.stack ?? fatal.message) : String(fatal)}\n`);
    return 1;
  }
  if (failed) {
    process.stderr.write(`bench: ${results.failures().length} measurement(s) failed: ${results.failures().join(', ')}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench crashed: ${String(error)}\n`);
    void runCleanup().finally(() => process.exit(1));
  },
);
