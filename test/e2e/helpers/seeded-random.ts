/** Deterministic pseudo-random bytes: AES-256-CTR keystream keyed by sha256(seed), streamed in chunks. */
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;

export function seededRandomStream(seed: string, length: number): Readable {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK);
  let remaining = length;
  return new Readable({
    read() {
      if (remaining === 0) {
        this.push(null);
        return;
      }
      const size = Math.min(CHUNK, remaining);
      remaining -= size;
      this.push(cipher.update(zeros.subarray(0, size)));
    },
  });
}
