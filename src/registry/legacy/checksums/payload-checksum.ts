/** The V1 payload checksum: sha256 over json bytes + "\n" + layer bytes, as "sha256:<hex>". */
import { createHash, type Hash } from 'node:crypto';

export class PayloadChecksum {
  private readonly hash: Hash;

  constructor(json: Buffer) {
    this.hash = createHash('sha256').update(json).update('\n');
  }

  update(layerChunk: Buffer): void {
    this.hash.update(layerChunk);
  }

  digest(): string {
    return 'sha256:' + this.hash.digest('hex');
  }
}

/** for a layer already in memory (tests, small fixtures) */
export function payloadChecksumOf(json: Buffer, layer: Buffer): string {
  const checksum = new PayloadChecksum(json);
  checksum.update(layer);
  return checksum.digest();
}
