/**
 * Tar header decoding with the rules of the archive/tar reader docker 0.x/1.x vendored, which is
 * what their tarsums saw. Strings are "byte strings" (latin1: one char per byte) so names that
 * are not UTF-8 hash exactly as Go hashed them.
 */
import { LayerContentError } from './errors';

export const TAR_BLOCK = 512;

export interface TarHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** seconds since the epoch */
  mtime: number;
  /** the raw typeflag byte ('0', '5', 0 for old v7 files, ...) */
  typeflag: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
}

export const TYPE_PAX_HEADER = 0x78; // 'x'
export const TYPE_GNU_LONG_NAME = 0x4c; // 'L'
export const TYPE_GNU_LONG_LINK = 0x4b; // 'K'
const TYPE_CHAR = 0x33; // '3'
const TYPE_BLOCK = 0x34; // '4'

export function invalidTar(message: string): LayerContentError {
  return new LayerContentError('invalid-tar', `layer is not a valid tar archive: ${message}`);
}

/** NUL-terminated string; the whole slice when there is no NUL */
export function cString(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, nul === -1 ? bytes.length : nul).toString('latin1');
}

/** Go's tr.octal: base-256 when the high bit is set, else octal trimmed of spaces and NULs */
export function parseTarNumber(field: Buffer, what: string): number {
  if (field.length > 0 && (field[0]! & 0x80) !== 0) {
    let value = BigInt(field[0]! & 0x7f);
    for (const byte of field.subarray(1)) value = (value << 8n) | BigInt(byte);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidTar(`${what} out of range`);
    return Number(value);
  }
  const trimmed = cString(Buffer.from(field.toString('latin1').replace(/^[ \0]+|[ \0]+$/g, ''), 'latin1'));
  if (trimmed === '') return 0;
  if (!/^[0-7]+$/.test(trimmed)) throw invalidTar(`bad ${what} field ${JSON.stringify(trimmed)}`);
  const value = parseInt(trimmed, 8);
  if (!Number.isSafeInteger(value)) throw invalidTar(`${what} out of range`);
  return value;
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseTarNumber(block.subarray(148, 156), 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte < 128 ? byte : byte - 256;
  }
  return stored === unsigned || stored === signed;
}

/** decodes one non-zero 512-byte header block */
export function decodeTarHeader(block: Buffer): TarHeader {
  if (!checksumMatches(block)) throw invalidTar('header checksum mismatch');
  const header: TarHeader = {
    name: cString(block.subarray(0, 100)),
    mode: parseTarNumber(block.subarray(100, 108), 'mode'),
    uid: parseTarNumber(block.subarray(108, 116), 'uid'),
    gid: parseTarNumber(block.subarray(116, 124), 'gid'),
    size: parseTarNumber(block.subarray(124, 136), 'size'),
    mtime: parseTarNumber(block.subarray(136, 148), 'mtime'),
    typeflag: block[156]!,
    linkname: cString(block.subarray(157, 257)),
    uname: '',
    gname: '',
    devmajor: 0,
    devminor: 0,
  };
  const magic = block.subarray(257, 265).toString('latin1');
  const format = magic.startsWith('ustar\0')
    ? block.subarray(508, 512).toString('latin1') === 'tar\0'
      ? 'star'
      : 'posix'
    : magic === 'ustar  \0'
      ? 'gnu'
      : 'v7';
  if (format === 'v7') return header;
  header.uname = cString(block.subarray(265, 297));
  header.gname = cString(block.subarray(297, 329));
  if (header.typeflag === TYPE_CHAR || header.typeflag === TYPE_BLOCK) {
    header.devmajor = parseTarNumber(block.subarray(329, 337), 'devmajor');
    header.devminor = parseTarNumber(block.subarray(337, 345), 'devminor');
  }
  const prefix = cString(block.subarray(345, format === 'star' ? 345 + 131 : 345 + 155));
  if (prefix.length > 0) header.name = `${prefix}/${header.name}`;
  return header;
}

/** PAX records "%d key=value\n" (byte strings), as Go's parsePAX reads them */
export function parsePaxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let rest = data;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    if (space === -1) throw invalidTar('malformed pax record');
    const length = Number(rest.subarray(0, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= space + 1 || length > rest.length) throw invalidTar('malformed pax record length');
    const record = rest.subarray(space + 1, length - 1);
    rest = rest.subarray(length);
    const eq = record.indexOf(0x3d);
    if (eq === -1) throw invalidTar('pax record without "="');
    records.set(record.subarray(0, eq).toString('latin1'), record.subarray(eq + 1).toString('latin1'));
  }
  return records;
}

function paxInteger(value: string, key: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw invalidTar(`bad pax ${key} ${JSON.stringify(value)}`);
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw invalidTar(`pax ${key} out of range`);
  return parsed;
}

/** Go's mergePAX for the fields tarsum reads; mtime keeps whole seconds as time.Unix() does */
export function applyPaxRecords(header: TarHeader, records: Map<string, string>): void {
  for (const [key, value] of records) {
    switch (key) {
      case 'path':
        header.name = value;
        break;
      case 'linkpath':
        header.linkname = value;
        break;
      case 'uname':
        header.uname = value;
        break;
      case 'gname':
        header.gname = value;
        break;
      case 'uid':
        header.uid = paxInteger(value, key);
        break;
      case 'gid':
        header.gid = paxInteger(value, key);
        break;
      case 'size':
        header.size = paxInteger(value, key);
        break;
      case 'mtime':
        header.mtime = paxInteger(value.split('.')[0]!, key);
        break;
    }
  }
}
