/**
 * Deterministic JSON in Go's encoding/json style, for documents this registry generates.
 *
 * - Plain objects keep insertion order (Go struct field order) unless `sortKeys` is set.
 * - `Map` instances are always written with keys sorted byte-wise (Go maps).
 * - Properties whose value is `undefined` are left out (like an omitted optional field).
 * - Strings are escaped as Go does with HTML escaping on: `<`, `>`, `&` as \u003c \u003e \u0026,
 *   U+2028/U+2029 escaped, lone surrogates (invalid UTF-8 in Go) as \ufffd, control characters
 *   as \n \r \t or \u00XX. \b and \f are written \u0008 / \u000c as Go up to 1.21 did (the Go of
 *   distribution 2.x and Docker 1.x); Go 1.22+ writes \b and \f instead.
 * - Numbers: integers in decimal, other floats like Go's float64 encoding; bigint in decimal.
 * - `GoRawJson` embeds existing JSON text (json.RawMessage): compacted, HTML-escaped.
 */

export class GoRawJson {
  readonly text: string;

  constructor(text: string | Buffer) {
    this.text = typeof text === 'string' ? text : text.toString('utf8');
    JSON.parse(this.text); // throws SyntaxError on invalid JSON, as json.Marshal does
  }
}

export interface GoJsonOptions {
  /** Sort the keys of plain objects too (treat every object as a Go map). */
  sortKeys?: boolean;
}

export interface GoJsonIndentOptions extends GoJsonOptions {
  /** Written at the start of every line after the first (MarshalIndent's prefix). */
  prefix?: string;
}

const HEX = '0123456789abcdef';

export function goJsonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) {
      if (code === 0x22) out += '\\"';
      else if (code === 0x5c) out += '\\\\';
      else if (code === 0x0a) out += '\\n';
      else if (code === 0x0d) out += '\\r';
      else if (code === 0x09) out += '\\t';
      else if (code < 0x20 || code === 0x3c || code === 0x3e || code === 0x26) {
        out += '\\u00' + HEX[code >> 4] + HEX[code & 0xf];
      } else out += value[i];
      continue;
    }
    if (code === 0x2028 || code === 0x2029) {
      out += '\\u202' + HEX[code & 0xf];
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i] + value[i + 1];
        i++;
        continue;
      }
      out += '\\ufffd';
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    out += value[i];
  }
  return out + '"';
}

function goJsonNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`json: unsupported value: ${value}`);
  if (Object.is(value, -0)) return '-0';
  // JS and Go both print the shortest round-trip digits and switch to exponent form outside
  // [1e-6, 1e21); Go then trims "e-07" to "e-7", which is JS's form already.
  return String(value);
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function compactRaw(text: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      continue;
    } else if (char === '"') {
      inString = true;
    }
    if (char === '<') out += '\\u003c';
    else if (char === '>') out += '\\u003e';
    else if (char === '&') out += '\\u0026';
    else if (char === '\u2028') out += '\\u2028';
    else if (char === '\u2029') out += '\\u2029';
    else out += char;
  }
  return out;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function encodeMembers(entries: Array<[string, unknown]>, sort: boolean, options: GoJsonOptions): string {
  const present = entries.filter(([, member]) => member !== undefined);
  if (sort) present.sort(([a], [b]) => compareUtf8(a, b));
  return '{' + present.map(([key, member]) => goJsonString(key) + ':' + encode(member, options)).join(',') + '}';
}

function encode(value: unknown, options: GoJsonOptions): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return goJsonString(value);
    case 'number':
      return goJsonNumber(value);
    case 'bigint':
      return value.toString(10);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new TypeError(`json: unsupported type: ${typeof value}`);
  }
  if (value instanceof GoRawJson) return compactRaw(value.text);
  if (Array.isArray(value)) {
    return (
      '[' +
      value
        .map((item: unknown) => {
          if (item === undefined) throw new TypeError('json: undefined array element');
          return encode(item, options);
        })
        .join(',') +
      ']'
    );
  }
  if (value instanceof Map) {
    const entries: Array<[string, unknown]> = [];
    for (const [key, member] of value) {
      if (typeof key !== 'string') throw new TypeError('json: map keys must be strings');
      entries.push([key, member]);
    }
    return encodeMembers(entries, true, options);
  }
  if (isPlainObject(value)) return encodeMembers(Object.entries(value), options.sortKeys === true, options);
  throw new TypeError(`json: unsupported object type: ${Object.prototype.toString.call(value)}`);
}

/** Go's json.Marshal. */
export function goJsonCompact(value: unknown, options: GoJsonOptions = {}): string {
  if (value === undefined) throw new TypeError('json: cannot encode undefined');
  return encode(value, options);
}

/** Go's json.Indent applied to compact JSON (what MarshalIndent does after Marshal). */
export function goIndentCompactJson(compact: string, indent: string, prefix = ''): string {
  let out = '';
  let depth = 0;
  let needIndent = false;
  let inString = false;
  let escaped = false;
  const newline = (): string => '\n' + prefix + indent.repeat(depth);
  for (const char of compact) {
    if (inString) {
      out += char;
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (needIndent && char !== '}' && char !== ']') {
      needIndent = false;
      depth++;
      out += newline();
    }
    switch (char) {
      case '"':
        inString = true;
        out += char;
        break;
      case '{':
      case '[':
        needIndent = true;
        out += char;
        break;
      case ',':
        out += char + newline();
        break;
      case ':':
        out += ': ';
        break;
      case '}':
      case ']':
        if (needIndent) needIndent = false;
        else {
          depth--;
          out += newline();
        }
        out += char;
        break;
      default:
        out += char;
    }
  }
  return out;
}

/** Go's json.MarshalIndent(value, prefix, indent). */
export function goJsonIndent(value: unknown, indent: string, options: GoJsonIndentOptions = {}): string {
  return goIndentCompactJson(goJsonCompact(value, options), indent, options.prefix ?? '');
}
