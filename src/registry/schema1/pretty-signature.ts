import { goJsonCompact, goJsonIndent } from './canonical-json';
import { Schema1SignatureError } from './errors';

/** libtrust's "pretty signature" layout: the signed JSON object with a `signatures` member spliced in. */

export const SIGNATURES_KEY = 'signatures';

export interface PayloadFormat {
  /** Bytes of the payload kept before the spliced-in signatures (up to the last value). */
  readonly formatLength: number;
  /** The payload bytes after formatLength (normally "\n}"), restored when the signatures are removed. */
  readonly formatTail: Buffer;
  /** Indentation of the payload's members ('' when compact), reused for the signatures. */
  readonly indent: string;
}

/** One signature as libtrust marshals it (struct order: header{jwk,alg,x5c}, signature, protected). */
export interface PrettySignatureEntry {
  readonly header: {
    readonly jwk?: Map<string, string>;
    readonly alg: string;
    readonly x5c?: readonly string[];
  };
  readonly signature: string;
  readonly protected: string;
}

function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function lastNonSpace(bytes: Buffer, end: number): number {
  let index = end - 1;
  while (index >= 0 && isJsonSpace(bytes[index])) index--;
  return index;
}

/** libtrust detectJSONIndent: the whitespace between "{\n" and the first quote. */
export function detectJsonIndent(payload: Buffer): string {
  if (payload.length > 2 && payload[0] === 0x7b && payload[1] === 0x0a) {
    const quote = payload.indexOf(0x22, 1);
    if (quote > 1) return payload.subarray(2, quote).toString('utf8');
  }
  return '';
}

/**
 * libtrust NewJSONSignature's format split. `payload` must already be known to be a JSON object.
 * An empty object is refused: libtrust would splice the signatures in as `{,"signatures"...`.
 */
export function payloadFormatOf(payload: Buffer): PayloadFormat {
  const close = lastNonSpace(payload, payload.length);
  if (close < 0 || payload[close] !== 0x7d) throw new Schema1SignatureError('INVALID_PAYLOAD', 'payload must end with "}"');
  const lastValue = lastNonSpace(payload, close);
  if (lastValue < 0 || payload[lastValue] === 0x2c || payload[lastValue] === 0x7b) {
    throw new Schema1SignatureError('INVALID_PAYLOAD', 'payload must be a non-empty JSON object');
  }
  const formatLength = lastValue + 1;
  return { formatLength, formatTail: payload.subarray(formatLength), indent: detectJsonIndent(payload) };
}

/** Orders signatures as libtrust does before writing them: by key ID, then by signature text. */
export function sortSignatureEntries<T extends { keyId: string; entry: PrettySignatureEntry }>(items: readonly T[]): T[] {
  const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...items].sort((a, b) => byBytes(a.keyId, b.keyId) || byBytes(a.entry.signature, b.entry.signature));
}

/** libtrust PrettySignature: payload[:formatLength] + the signatures array, indented like the payload. */
export function assemblePrettySignature(
  payload: Buffer,
  format: PayloadFormat,
  entries: readonly PrettySignatureEntry[],
): Buffer {
  const head = payload.subarray(0, format.formatLength);
  if (format.indent === '') {
    const marshalled = goJsonCompact(entries);
    return Buffer.concat([head, Buffer.from(`,"${SIGNATURES_KEY}":${marshalled}}`, 'utf8')]);
  }
  const marshalled = goJsonIndent(entries, format.indent, { prefix: format.indent });
  return Buffer.concat([head, Buffer.from(`,\n${format.indent}"${SIGNATURES_KEY}": ${marshalled}\n}`, 'utf8')]);
}
