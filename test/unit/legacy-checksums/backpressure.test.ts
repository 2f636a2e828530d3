import { randomBytes } from 'node:crypto';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { createDeterministicGzip, createLayerInspector } from '../../../src/registry/legacy/checksums';
import { rawHeader } from './raw-tar';

const LAYER_CONTENT = 64 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** a 64 MiB one-file tar, made on demand; counts what it has handed out */
function lazyTar(counter: { produced: number }): Readable {
  const pattern = randomBytes(CHUNK);
  let sent = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      let chunk: Buffer;
      if (sent === 0) chunk = rawHeader({ name: 'big', typeflag: '0', content: Buffer.alloc(0) }).fill(0, 124, 136);
      else if (sent <= LAYER_CONTENT) chunk = pattern;
      else return void this.push(null);
      if (sent === 0) {
        // patch the size field to 64 MiB and fix the checksum
        chunk.write((LAYER_CONTENT).toString(8).padStart(11, '0') + '\0', 124, 'latin1');
        chunk.fill(0x20, 148, 156);
        let sum = 0;
        for (const byte of chunk) sum += byte;
        chunk.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
      }
      sent += sent === 0 ? 1 : chunk.length;
      counter.produced += chunk.length;
      this.push(chunk);
      if (sent > LAYER_CONTENT) this.push(Buffer.alloc(1024));
    },
  });
}

/** a consumer that takes a break every 16 chunks; tracks how far the producer ran ahead */
function slowConsumer(counter: { produced: number }, stats: { maxLag: number; consumed: number }): Writable {
  let writes = 0;
  return new Writable({
    highWaterMark: CHUNK,
    write(chunk: Buffer, _encoding, callback) {
      stats.consumed += chunk.length;
      stats.maxLag = Math.max(stats.maxLag, counter.produced - stats.consumed);
      if (++writes % 16 === 0) setTimeout(callback, 1);
      else setImmediate(callback);
    },
  });
}

async function runThrough(stages: Transform[]): Promise<{ maxLag: number; peakExtraMemory: number }> {
  const counter = { produced: 0 };
  const stats = { maxLag: 0, consumed: 0 };
  global.gc?.();
  const memory = (): number => process.memoryUsage().arrayBuffers;
  const baseline = memory();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, memory())), 10);
  try {
    await pipeline([lazyTar(counter), ...stages, slowConsumer(counter, stats)]);
  } finally {
    clearInterval(sampler);
  }
  return { maxLag: stats.maxLag, peakExtraMemory: peak - baseline };
}

describe('backpressure with a 64 MiB layer and a slow consumer', () => {
  it('plain tar: the source never runs far ahead, memory stays flat', async () => {
    const inspector = createLayerInspector({ json: Buffer.from('{"id":"x"}') });
    const { maxLag, peakExtraMemory } = await runThrough([inspector]);
    expect(inspector.result().uncompressedSize).toBe(LAYER_CONTENT + 512 + 1024);
    expect(inspector.result().tarsum).toMatch(/^tarsum\+sha256:/);
    expect(maxLag).toBeLessThan(8 * 1024 * 1024);
    expect(peakExtraMemory).toBeLessThan(48 * 1024 * 1024);
  }, 60000);

  it('gzip layer: decompression on the side does not let the source run ahead', async () => {
    const inspector = createLayerInspector();
    const { maxLag, peakExtraMemory } = await runThrough([createGzip({ level: 1 }), inspector]);
    expect(inspector.result().format).toBe('gzip');
    expect(inspector.result().uncompressedSize).toBe(LAYER_CONTENT + 512 + 1024);
    expect(maxLag).toBeLessThan(8 * 1024 * 1024);
    expect(peakExtraMemory).toBeLessThan(48 * 1024 * 1024);
  }, 60000);

  it('deterministic gzip of the 64 MiB tar keeps memory flat too', async () => {
    const { maxLag } = await runThrough([createDeterministicGzip({ level: 1 })]);
    expect(maxLag).toBeLessThan(8 * 1024 * 1024);
  }, 60000);
});
