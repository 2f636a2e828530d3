/**
 * `npm run bench:profile [-- MiB]`: where Janus's time goes on the blob paths. Runs Janus under
 * `node --cpu-prof` twice over the same storage: once while one random blob is pushed
 * monolithically and in 10 MiB chunks, once while it is pulled by curl 10 times. For each phase it
 * prints the throughput, the CPU seconds Janus's process used in user and kernel mode (all
 * threads: the main thread, and libuv's pool doing the file reads and writes) against the wall
 * time, and the JavaScript frames with the most self time ("(idle)": the main thread waiting).
 * The .cpuprofile files are kept in bench/results/ (open them in Chrome DevTools).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agent, deleteBlob, pushChunked, pushMonolithic } from './blob-client';
import { installCleanupHandlers, onCleanup, removeOnCleanup, runCleanup } from './cleanup';
import { seconds } from './context';
import { topFrames } from './cpu-profile-summary';
import { curlDownload } from './curl-get';
import { PROJECT_ROOT } from './options';
import { cpuTimeSince, processCpuTime } from './process-cpu';
import { writeRandomFile, type TestFile } from './random-file';
import { startJanus, type BenchServer } from './servers';
import { mibPerSecond, MiB } from './stats';

const REPO = 'bench/profile';
const PULLS = 10;

type Phase = 'push' | 'pull';

async function profilePhase(phase: Phase, workDir: string, work: (janus: BenchServer) => Promise<void>): Promise<void> {
  const profileDir = join(workDir, `profile-${phase}`);
  // both phases use the same storage: the pull phase reads what the push phase stored
  const janus = await startJanus(join(workDir, 'janus'), { searchDatabase: join(workDir, 'search.db'), nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
  onCleanup(() => janus.stop());
  const cpuBefore = processCpuTime(janus.pid);
  const started = process.hrtime.bigint();
  await work(janus);
  const wall = seconds(started);
  const cpu = cpuTimeSince(janus.pid, cpuBefore);
  await janus.stop(); // the profile is written as Janus exits
  const [profileFile] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
  if (!profileFile) throw new Error('Janus wrote no .cpuprofile');
  const kept = join(PROJECT_ROOT, 'bench', 'results', `${phase}-profile.cpuprofile`);
  mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
  copyFileSync(join(profileDir, profileFile), kept);
  const share = (value: number): string => `${((value / wall) * 100).toFixed(0)} % of one core`;
  process.stdout.write(
    `\n${phase}: ${wall.toFixed(2)} s wall; Janus CPU: user ${cpu.userSeconds.toFixed(2)} s (${share(cpu.userSeconds)}), ` +
      `kernel ${cpu.systemSeconds.toFixed(2)} s (${share(cpu.systemSeconds)})\n`,
  );
  const { frames, totalMs } = topFrames(JSON.parse(readFileSync(kept, 'utf8')), PROJECT_ROOT, 15);
  process.stdout.write(`main thread, ${(totalMs / 1000).toFixed(1)} s profiled (start-up included); top self time:\n`);
  for (const f of frames) process.stdout.write(`${f.ms.toFixed(0).padStart(7)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.frame}\n`);
  process.stdout.write(`profile kept in ${kept}\n`);
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const size = Number(process.argv[2] ?? 1024) * MiB;
  const workDir = mkdtempSync(join(tmpdir(), 'janus-profile-'));
  removeOnCleanup(workDir);
  const file: TestFile = writeRandomFile(join(workDir, 'blob.bin'), size);
  const rate = (what: string, bytes: number, since: bigint): void => {
    process.stdout.write(`${what}: ${mibPerSecond(bytes, seconds(since)).toFixed(0)} MiB/s\n`);
  };
  await profilePhase('push', workDir, async (janus) => {
    let started = process.hrtime.bigint();
    await pushMonolithic(janus.url, REPO, file);
    rate('monolithic PUT', size, started);
    await deleteBlob(janus.url, REPO, file.digest);
    started = process.hrtime.bigint();
    await pushChunked(janus.url, REPO, file, 10 * MiB);
    rate('chunked PATCH (10 MiB)', size, started);
  });
  await profilePhase('pull', workDir, async (janus) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < PULLS; i++) await curlDownload(`${janus.url}/v2/${REPO}/blobs/${file.digest}`);
    rate(`GET × ${PULLS} (curl)`, size * PULLS, started);
  });
  agent.destroy();
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`profile failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => void runCleanup());
