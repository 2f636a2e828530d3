/**
 * `node bench/dist/bench/src/profile-push.js [MiB]`: starts Janus under `node --cpu-prof`, pushes
 * one random blob monolithically and once in 10 MiB chunks, GETs it, stops Janus and prints the
 * frames with the most self time. Temp files are removed; the .cpuprofile is kept in
 * bench/results/ (open it in Chrome DevTools for the call tree).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agent, deleteBlob, pushChunked, pushMonolithic } from './blob-client';
import { installCleanupHandlers, onCleanup, removeOnCleanup, runCleanup } from './cleanup';
import { seconds } from './context';
import { curlDownload } from './curl-get';
import { topFrames } from './cpu-profile-summary';
import { PROJECT_ROOT } from './options';
import { writeRandomFile } from './random-file';
import { startJanus } from './servers';
import { mibPerSecond, MiB } from './stats';

const REPO = 'bench/profile';

async function main(): Promise<void> {
  installCleanupHandlers();
  const size = Number(process.argv[2] ?? 1024) * MiB;
  const workDir = mkdtempSync(join(tmpdir(), 'janus-profile-'));
  removeOnCleanup(workDir);
  const profileDir = join(workDir, 'profile');
  const file = writeRandomFile(join(workDir, 'blob.bin'), size);
  const janus = await startJanus(join(workDir, 'janus'), { searchDatabase: join(workDir, 'search.db'), nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
  onCleanup(() => janus.stop());
  const step = async (what: string, work: () => Promise<void>): Promise<void> => {
    const started = process.hrtime.bigint();
    await work();
    process.stdout.write(`${what}: ${mibPerSecond(size, seconds(started)).toFixed(0)} MiB/s\n`);
  };
  await step('monolithic PUT', () => pushMonolithic(janus.url, REPO, file));
  await deleteBlob(janus.url, REPO, file.digest);
  await step('chunked PATCH (10 MiB)', () => pushChunked(janus.url, REPO, file, 10 * MiB));
  await step('GET (curl)', async () => void (await curlDownload(`${janus.url}/v2/${REPO}/blobs/${file.digest}`)));
  agent.destroy();
  await janus.stop(); // the profile is written as Janus exits
  const [profileFile] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
  if (!profileFile) throw new Error('Janus wrote no .cpuprofile');
  const kept = join(PROJECT_ROOT, 'bench', 'results', 'push-profile.cpuprofile');
  mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
  copyFileSync(join(profileDir, profileFile), kept);
  const { frames, totalMs } = topFrames(JSON.parse(readFileSync(kept, 'utf8')), PROJECT_ROOT, 25);
  process.stdout.write(`\nJanus CPU profile, ${(totalMs / 1000).toFixed(1)} s wall; top self time:\n`);
  for (const f of frames) process.stdout.write(`${f.ms.toFixed(0).padStart(7)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.frame}\n`);
  process.stdout.write(`\nprofile kept in ${kept}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`profile failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => void runCleanup());
