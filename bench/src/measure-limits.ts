/**
 * The machine's own ceilings for a registry on it: sha256 of node's crypto over the large blob's
 * size (in memory, 1 MiB updates like a stream), a page-cache read of the large file, and both
 * together (what an upload that hashes what it stores can at best reach).
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { seconds, type BenchContext } from './context';
import type { TestFile } from './random-file';
import { mibPerSecond, MiB } from './stats';

const ROUNDS = 3;
const PIECE = MiB;

function hashInMemory(bytes: number): number {
  const source = randomFillSync(Buffer.allocUnsafe(Math.min(bytes, 64 * MiB)));
  const started = process.hrtime.bigint();
  const hash = createHash('sha256');
  for (let done = 0; done < bytes; ) {
    const offset = done % source.length;
    const length = Math.min(PIECE, bytes - done, source.length - offset);
    hash.update(source.subarray(offset, offset + length));
    done += length;
  }
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
  } catch (error) {
    ctx.results.fail(['limit-sha256', 'limit-page-cache', 'limit-read-sha256'], error);
  }
}
