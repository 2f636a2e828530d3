/**
 * The machine's own ceilings for a registry on it: sha256 of node's crypto over the large blob's
 * size (in memory, 1 MiB updates like a stream), a page-cache read of the large file, and both
 * together (what a download that hashes can at best reach); a page-cache write of that size; and
 * curl uploading the large file to a Node server that discards it, or hashes and writes it (the
 * least work of a registry's push, with client and server sharing the cores as in the push rows).
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { seconds, type BenchContext } from './context';
import type { TestFile } from './random-file';
import { runCommand } from './run-command';
import { mibPerSecond, MiB } from './stats';
import { startUploadSink, type SinkKind } from './upload-sink';

const ROUNDS = 3;
const PIECE = MiB;

/** random bytes (at most 64 MiB) that `pieces` repeats up to any size */
function randomSource(bytes: number): Buffer {
  return randomFillSync(Buffer.allocUnsafe(Math.min(bytes, 64 * MiB)));
}

/** `bytes` in pieces of at most 1 MiB, cycling through `source` */
function* pieces(source: Buffer, bytes: number): Generator<Buffer> {
  for (let done = 0; done < bytes; ) {
    const offset = done % source.length;
    const length = Math.min(PIECE, bytes - done, source.length - offset);
    yield source.subarray(offset, offset + length);
    done += length;
  }
}

function hashInMemory(bytes: number): number {
  const source = randomSource(bytes);
  const started = process.hrtime.bigint();
  const hash = createHash('sha256');
  for (const piece of pieces(source, bytes)) hash.update(piece);
  hash.digest();
  return mibPerSecond(bytes, seconds(started));
}

async function readFile(file: TestFile, hashing: boolean): Promise<number> {
  const hash = hashing ? createHash('sha256') : undefined;
  const started = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of createReadStream(file.path, { highWaterMark: PIECE })) {
    hash?.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  const digest = hash ? `sha256:${hash.digest('hex')}` : undefined;
  if (digest && digest !== file.digest) throw new Error(`sha256 of ${file.path} changed`);
  return mibPerSecond(bytes, seconds(started));
}

/** writes `bytes` of random data to a new file (no fsync), 1 MiB per write, then removes it */
async function writeFile(path: string, bytes: number): Promise<number> {
  const source = randomSource(bytes);
  const started = process.hrtime.bigint();
  const out = createWriteStream(path, { highWaterMark: PIECE });
  for (const piece of pieces(source, bytes)) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  const speed = mibPerSecond(bytes, seconds(started));
  await rm(path, { force: true });
  return speed;
}

async function uploadTo(kind: SinkKind, file: TestFile, workDir: string): Promise<number> {
  const sink = await startUploadSink(kind, join(workDir, 'sink-upload.bin'));
  try {
    const { stdout } = await runCommand('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '-X', 'PUT', '-T', file.path, sink.url], { timeoutMs: 300_000 });
    const [status, time] = stdout.trim().split(/\s+/);
    if (status !== '201') throw new Error(`upload sink (${kind}) answered ${status}`);
    return mibPerSecond(file.size, Number(time));
  } finally {
    await sink.close();
  }
}

async function rounds(measure: () => number | Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) samples.push(await measure());
  return samples;
}

export async function measureLimits(ctx: BenchContext): Promise<void> {
  const file = ctx.largeFile;
  ctx.log(`limits: sha256 and page-cache read over ${(file.size / MiB).toFixed(0)} MiB`);
  try {
    ctx.results.setSamples('limit-sha256', await rounds(() => hashInMemory(file.size)), undefined, `${(file.size / MiB).toFixed(0)} MiB in 1 MiB updates, median of ${ROUNDS}`);
    await readFile(file, false); // make sure it is in the page cache
    ctx.results.setSamples('limit-page-cache', await rounds(() => readFile(file, false)), undefined, `fs.createReadStream, 1 MiB reads, median of ${ROUNDS}`);
    ctx.results.setSamples('limit-read-sha256', await rounds(() => readFile(file, true)), undefined, `the same read with sha256 of every chunk, median of ${ROUNDS}`);
    ctx.results.setSamples('limit-page-cache-write', await rounds(() => writeFile(join(ctx.workDir, 'limit-write.bin'), file.size)), undefined, `fs.createWriteStream, 1 MiB writes, no fsync, file removed after each, median of ${ROUNDS}`);
    ctx.results.setSamples('limit-upload-discard', await rounds(() => uploadTo('discard', file, ctx.workDir)), undefined, `curl -T of the large file to a Node http server that drops the body, median of ${ROUNDS}`);
    ctx.results.setSamples('limit-upload-hash-write', await rounds(() => uploadTo('hash-and-write', file, ctx.workDir)), undefined, `the same, the server hashing the body and writing it with fs.createWriteStream, median of ${ROUNDS}`);
  } catch (error) {
    ctx.results.fail(['limit-sha256', 'limit-page-cache', 'limit-read-sha256', 'limit-page-cache-write', 'limit-upload-discard', 'limit-upload-hash-write'], error);
  }
}
