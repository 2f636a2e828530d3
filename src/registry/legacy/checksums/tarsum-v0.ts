/**
 * tarsum Version0 ("tarsum+sha256:<hex>"), as moby's pkg/tarsum computed it for V1 pushes:
 * per member sha256 over "<field><value>" for the twelve header fields then the content;
 * the member sums sorted as hex strings; the result sha256 over the image json followed by
 * the sorted sums. Members with the same name each count and keep their archive order among
 * themselves (moby ≥1.3, "name collision fix"; docker 0.x kept only the last one).
 */
import { createHash, type Hash } from 'node:crypto';
import type { TarHeader } from './tar-header';
import { TarWalker, type TarVisitor } from './tar-walker';

export function tarsumHeaderString(header: TarHeader): Buffer {
  const fields: Array<[string, string]> = [
    ['name', header.name],
    ['mode', String(header.mode)],
    ['uid', String(header.uid)],
    ['gid', String(header.gid)],
    ['size', String(header.size)],
    ['mtime', String(header.mtime)],
    ['typeflag', String.fromCharCode(header.typeflag)],
    ['linkname', header.linkname],
    ['uname', header.uname],
    ['gname', header.gname],
    ['devmajor', String(header.devmajor)],
    ['devminor', String(header.devminor)],
  ];
  return Buffer.from(fields.map(([key, value]) => key + value).join(''), 'latin1');
}

export class TarsumV0 implements TarVisitor {
  private readonly walker = new TarWalker(this);
  private readonly members: MemberSum[] = [];
  private current: { hash: Hash; name: string } | undefined;

  /** feed the uncompressed tar; throws LayerContentError('invalid-tar') */
  update(chunk: Buffer): void {
    this.walker.write(chunk);
  }

  /** call once the tar has ended; `json` is the image JSON bytes (none for a bare layer sum) */
  digest(json?: Buffer): string {
    this.walker.end();
    const final = createHash('sha256');
    if (json) final.update(json);
    for (const member of sortMembers(this.members)) final.update(member.sum);
    return 'tarsum+sha256:' + final.digest('hex');
  }

  get memberCount(): number {
    return this.members.length;
  }

  entry(header: TarHeader): void {
    this.current = { hash: createHash('sha256').update(tarsumHeaderString(header)), name: memberName(header.name) };
  }

  data(chunk: Buffer): void {
    this.current!.hash.update(chunk);
  }

  entryEnd(): void {
    const { hash, name } = this.current!;
    this.members.push({ sum: hash.digest('hex'), name, position: this.members.length });
    this.current = undefined;
  }
}

interface MemberSum {
  readonly sum: string;
  readonly name: string;
  readonly position: number;
}

/** moby's currentFile: the name without a leading "./" and a trailing "/" */
function memberName(name: string): string {
  const withoutDot = name.startsWith('./') ? name.slice(2) : name;
  return withoutDot.endsWith('/') ? withoutDot.slice(0, -1) : withoutDot;
}

/**
 * moby's SortBySums: by sum, except that members sharing a name keep their archive order.
 * That comparator is not a total order, so with duplicate names the result depends on the sort
 * algorithm: Go sorts short slices by insertion, which is reproduced here (exact for archives
 * of up to 12 members with duplicates, and for any archive without them).
 */
function sortMembers(members: readonly MemberSum[]): MemberSum[] {
  const names = new Set<string>();
  const hasDuplicates = members.some((m) => names.size === names.add(m.name).size);
  if (!hasDuplicates) return [...members].sort((a, b) => (a.sum < b.sum ? -1 : a.sum > b.sum ? 1 : 0));
  const less = (a: MemberSum, b: MemberSum): boolean => (a.name === b.name ? a.position < b.position : a.sum < b.sum);
  const sorted = [...members];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j]!, sorted[j - 1]!); j--) {
      [sorted[j - 1], sorted[j]] = [sorted[j]!, sorted[j - 1]!];
    }
  }
  return sorted;
}
