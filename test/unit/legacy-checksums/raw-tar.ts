/** Hand-written tar blocks for vectors tar-stream cannot produce (typeflag NUL, GNU long names). */
import { createHash } from 'node:crypto';

export interface RawMember {
  name: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  typeflag: string;
  linkname?: string;
  uname?: string;
  gname?: string;
  content?: Buffer;
  /** ustar magic (default) or none (v7) */
  magic?: 'ustar' | 'v7';
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export function rawHeader(member: RawMember): Buffer {
  const block = Buffer.alloc(512);
  const size = member.content?.length ?? 0;
  block.write(member.name, 0, 100, 'latin1');
  block.write(octal(member.mode ?? 0o644, 8), 100, 'latin1');
  block.write(octal(member.uid ?? 0, 8), 108, 'latin1');
  block.write(octal(member.gid ?? 0, 8), 116, 'latin1');
  block.write(octal(size, 12), 124, 'latin1');
  block.write(octal(member.mtime ?? 0, 12), 136, 'latin1');
  block.write(member.typeflag, 156, 1, 'latin1');
  block.write(member.linkname ?? '', 157, 100, 'latin1');
  if ((member.magic ?? 'ustar') === 'ustar') {
    block.write('ustar\x0000', 257, 'latin1');
    block.write(member.uname ?? '', 265, 32, 'latin1');
    block.write(member.gname ?? '', 297, 32, 'latin1');
  }
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'latin1');
  return block;
}

export function rawTar(members: readonly RawMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    parts.push(rawHeader(member));
    const content = member.content ?? Buffer.alloc(0);
    parts.push(content, Buffer.alloc(-content.length & 511));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** the tarsum of one member, computed directly from the rule (not through the walker) */
export function expectedSingleMemberTarsum(headerString: string, content: Buffer, json?: Buffer): string {
  const member = createHash('sha256').update(Buffer.from(headerString, 'latin1')).update(content).digest('hex');
  const final = createHash('sha256');
  if (json) final.update(json);
  return 'tarsum+sha256:' + final.update(member).digest('hex');
}

/** feeds a buffer in a repeating pattern of odd chunk sizes */
export function oddChunks(data: Buffer, sizes: readonly number[] = [1, 7, 511, 513, 4093, 65537]): Buffer[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}
