/**
 * A push-fed tar reader: give it chunks in any sizes, it reports each member's header and
 * content to a visitor. It keeps at most one header block and the (bounded) PAX / GNU long-name
 * data in memory, never file contents. End-of-archive follows Go's reader: two zero blocks, or
 * the stream ending exactly on a header boundary; bytes after the end are ignored.
 */
import {
  applyPaxRecords,
  cString,
  decodeTarHeader,
  invalidTar,
  isZeroBlock,
  parsePaxRecords,
  TAR_BLOCK,
  TYPE_GNU_LONG_LINK,
  TYPE_GNU_LONG_NAME,
  TYPE_PAX_HEADER,
  type TarHeader,
} from './tar-header';

export interface TarVisitor {
  entry(header: TarHeader): void;
  data(chunk: Buffer): void;
  entryEnd(): void;
}

/** PAX and long-name members larger than this are refused rather than buffered */
const MAX_META_BYTES = 1 << 20;

type Phase = 'header' | 'content' | 'meta' | 'padding' | 'second-zero' | 'done';

interface PendingOverrides {
  pax?: Map<string, string>;
  longName?: string;
  longLink?: string;
}

export class TarWalker {
  private phase: Phase = 'header';
  private readonly block = Buffer.alloc(TAR_BLOCK);
  private blockFill = 0;
  private remaining = 0;
  private padding = 0;
  private metaType = 0;
  private metaParts: Buffer[] = [];
  private overrides: PendingOverrides = {};
  private entries = 0;

  constructor(private readonly visitor: TarVisitor) {}

  get finished(): boolean {
    return this.phase === 'done';
  }

  get entryCount(): number {
    return this.entries;
  }

  write(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && this.phase !== 'done') {
      switch (this.phase) {
        case 'header':
        case 'second-zero': {
          const take = Math.min(TAR_BLOCK - this.blockFill, chunk.length - offset);
          chunk.copy(this.block, this.blockFill, offset, offset + take);
          this.blockFill += take;
          offset += take;
          if (this.blockFill === TAR_BLOCK) {
            this.blockFill = 0;
            this.onBlock();
          }
          break;
        }
        case 'content':
        case 'meta': {
          const take = Math.min(this.remaining, chunk.length - offset);
          const piece = chunk.subarray(offset, offset + take);
          offset += take;
          this.remaining -= take;
          if (this.phase === 'content') this.visitor.data(piece);
          else this.metaParts.push(Buffer.from(piece));
          if (this.remaining === 0) this.onMemberDataEnd();
          break;
        }
        case 'padding': {
          const take = Math.min(this.padding, chunk.length - offset);
          offset += take;
          this.padding -= take;
          if (this.padding === 0) this.phase = 'header';
          break;
        }
      }
    }
  }

  /** the input ended; throws when it ended inside a member or a header */
  end(): void {
    if (this.phase === 'done') return;
    if ((this.phase === 'header' || this.phase === 'second-zero') && this.blockFill === 0 && !this.hasOverrides()) {
      this.phase = 'done';
      return;
    }
    throw invalidTar('unexpected end of archive');
  }

  private hasOverrides(): boolean {
    return this.overrides.pax !== undefined || this.overrides.longName !== undefined || this.overrides.longLink !== undefined;
  }

  private onBlock(): void {
    if (this.phase === 'second-zero') {
      if (!isZeroBlock(this.block)) throw invalidTar('zero block followed by a non-zero block');
      this.phase = 'done';
      return;
    }
    if (isZeroBlock(this.block)) {
      if (this.hasOverrides()) throw invalidTar('extended header without a member');
      this.phase = 'second-zero';
      return;
    }
    const header = decodeTarHeader(this.block);
    this.remaining = header.size;
    this.padding = -header.size & (TAR_BLOCK - 1);
    if (header.typeflag === TYPE_PAX_HEADER || header.typeflag === TYPE_GNU_LONG_NAME || header.typeflag === TYPE_GNU_LONG_LINK) {
      if (header.size > MAX_META_BYTES) throw invalidTar('extended header too large');
      this.metaType = header.typeflag;
      this.metaParts = [];
      this.phase = 'meta';
    } else {
      this.applyOverrides(header);
      // a pax size overrides the ustar field for the content length too
      this.remaining = header.size;
      this.padding = -header.size & (TAR_BLOCK - 1);
      this.entries++;
      this.visitor.entry(header);
      this.phase = 'content';
    }
    if (this.remaining === 0) this.onMemberDataEnd();
  }

  private applyOverrides(header: TarHeader): void {
    const { pax, longName, longLink } = this.overrides;
    if (longName !== undefined) header.name = longName;
    if (longLink !== undefined) header.linkname = longLink;
    if (pax) applyPaxRecords(header, pax);
    this.overrides = {};
  }

  private onMemberDataEnd(): void {
    if (this.phase === 'meta') {
      const data = Buffer.concat(this.metaParts);
      this.metaParts = [];
      if (this.metaType === TYPE_PAX_HEADER) this.overrides.pax = parsePaxRecords(data);
      else if (this.metaType === TYPE_GNU_LONG_NAME) this.overrides.longName = cString(data);
      else this.overrides.longLink = cString(data);
    } else {
      this.visitor.entryEnd();
    }
    this.phase = this.padding > 0 ? 'padding' : 'header';
  }
}
