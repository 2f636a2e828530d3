import { joseBase64UrlDecode, joseBase64UrlEncode } from './base64url';
import { goJsonCompact } from './canonical-json';
import { Schema1SignatureError, type Schema1ErrorReason } from './errors';
import {
  verificationKeyFromCertificate,
  verificationKeyFromJwk,
  verifyJwsSignature,
  type VerificationKey,
} from './public-key';
import {
  SIGNATURES_KEY,
  assemblePrettySignature,
  payloadFormatOf,
  sortSignatureEntries,
  type PrettySignatureEntry,
} from './pretty-signature';
import type { TrustKey } from './trust-key';
import { sha256Digest } from '../../util/digest';

/**
 * Schema1 manifests signed as libtrust "pretty JWS" (docker/libtrust jsonsign.go): the signed
 * payload is the document cut at `formatLength` plus `formatTail`, both carried in every
 * signature's protected header.
 */

export interface Schema1ProtectedHeader {
  readonly formatLength: number;
  readonly formatTail: Buffer;
  /** RFC 3339 signing time, when present (informational). */
  readonly time?: string;
}

export interface ParsedSchema1Signature {
  readonly alg: string;
  /** The JWK's key, when the header carries one (its `kid`, if any, already checked). */
  readonly jwkKey?: VerificationKey;
  /** x5c chain, standard base64 DER, leaf first. */
  readonly x5c?: readonly string[];
  readonly signature: string;
  readonly protected: string;
  readonly protectedHeader: Schema1ProtectedHeader;
}

export interface ParsedSchema1 {
  /** The signed bytes: what the manifest digest is computed over. */
  readonly payload: Buffer;
  readonly formatLength: number;
  readonly formatTail: Buffer;
  readonly signatures: readonly ParsedSchema1Signature[];
}

export interface VerifiedSchema1 {
  readonly payload: Buffer;
  /** sha256 digest of the payload. */
  readonly digest: string;
  /** libtrust key ID of each signature's key, in document order. */
  readonly keyIds: readonly string[];
}

export interface SignSchema1Options {
  /** x5c chain (standard base64 DER, leaf first) sent instead of the JWK; the leaf must hold the signing key. */
  readonly certificateChain?: readonly string[];
}

function parseJsonObject(bytes: Buffer, reason: Schema1ErrorReason, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new Schema1SignatureError(reason, `${what} is not valid JSON`, { cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Schema1SignatureError(reason, `${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function tryParseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    return parseJsonObject(bytes, 'INVALID_JSON', 'document');
  } catch {
    return undefined;
  }
}

function parseProtectedHeader(encoded: unknown, index: number): Schema1ProtectedHeader {
  const where = `signature ${index}`;
  if (typeof encoded !== 'string') throw new Schema1SignatureError('BAD_PROTECTED_HEADER', `${where} has no protected header`);
  const bytes = joseBase64UrlDecode(encoded);
  if (!bytes) throw new Schema1SignatureError('BAD_PROTECTED_HEADER', `${where}: protected header is not base64url`);
  const header = parseJsonObject(bytes, 'BAD_PROTECTED_HEADER', `${where}: protected header`);
  const formatLength = header['formatLength'];
  if (typeof formatLength !== 'number' || !Number.isSafeInteger(formatLength) || formatLength < 0) {
    throw new Schema1SignatureError('BAD_PROTECTED_HEADER', `${where}: missing or invalid formatLength`);
  }
  const encodedTail = header['formatTail'];
  if (typeof encodedTail !== 'string') throw new Schema1SignatureError('BAD_PROTECTED_HEADER', `${where}: missing formatTail`);
  const formatTail = joseBase64UrlDecode(encodedTail);
  if (!formatTail) throw new Schema1SignatureError('BAD_PROTECTED_HEADER', `${where}: formatTail is not base64url`);
  const time = typeof header['time'] === 'string' ? header['time'] : undefined;
  return { formatLength, formatTail, time };
}

function parseSignatureBlock(block: unknown, index: number): ParsedSchema1Signature {
  const where = `signature ${index}`;
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    throw new Schema1SignatureError('MALFORMED_SIGNATURE', `${where} is not a JSON object`);
  }
  const fields = block as Record<string, unknown>;
  const header = fields['header'] ?? {};
  if (typeof header !== 'object' || Array.isArray(header)) {
    throw new Schema1SignatureError('MALFORMED_SIGNATURE', `${where}: header is not a JSON object`);
  }
  const headerFields = header as Record<string, unknown>;
  const alg = headerFields['alg'] ?? '';
  if (typeof alg !== 'string') throw new Schema1SignatureError('MALFORMED_SIGNATURE', `${where}: alg is not a string`);
  const signature = fields['signature'] ?? '';
  if (typeof signature !== 'string') {
    throw new Schema1SignatureError('MALFORMED_SIGNATURE', `${where}: signature is not a string`);
  }
  const x5c = headerFields['x5c'] ?? undefined;
  if (x5c !== undefined && (!Array.isArray(x5c) || !x5c.every((entry) => typeof entry === 'string'))) {
    throw new Schema1SignatureError('MALFORMED_SIGNATURE', `${where}: x5c is not an array of strings`);
  }
  const jwkKey = Object.hasOwn(headerFields, 'jwk') ? verificationKeyFromJwk(headerFields['jwk']) : undefined;
  const protectedHeader = parseProtectedHeader(fields['protected'], index);
  return {
    alg,
    jwkKey,
    x5c: x5c as string[] | undefined,
    signature,
    protected: fields['protected'] as string,
    protectedHeader,
  };
}

/**
 * libtrust ParsePrettySignature: reads the `signatures` member, checks every protected header
 * agrees on formatLength/formatTail and rebuilds the payload. Does not check signatures.
 */
export function parseSignedSchema1(bytes: Buffer): ParsedSchema1 {
  const document = parseJsonObject(bytes, 'INVALID_JSON', 'manifest');
  if (!Object.hasOwn(document, SIGNATURES_KEY)) {
    throw new Schema1SignatureError('MISSING_SIGNATURES', 'manifest has no "signatures" member');
  }
  const blocks = document[SIGNATURES_KEY];
  if (!Array.isArray(blocks)) throw new Schema1SignatureError('MALFORMED_SIGNATURE', '"signatures" is not an array');
  if (blocks.length === 0) throw new Schema1SignatureError('MISSING_SIGNATURES', '"signatures" is empty');
  const signatures = blocks.map((block: unknown, index) => parseSignatureBlock(block, index));
  const { formatLength, formatTail } = signatures[0]!.protectedHeader;
  for (const { protectedHeader } of signatures) {
    if (protectedHeader.formatLength !== formatLength) {
      throw new Schema1SignatureError('CONFLICTING_FORMAT', 'conflicting format length');
    }
    if (!protectedHeader.formatTail.equals(formatTail)) {
      throw new Schema1SignatureError('CONFLICTING_FORMAT', 'conflicting format tail');
    }
  }
  if (formatLength > bytes.length) throw new Schema1SignatureError('INVALID_FORMAT_LENGTH', 'invalid format length');
  const payload = Buffer.concat([bytes.subarray(0, formatLength), formatTail]);
  parseJsonObject(payload, 'INVALID_PAYLOAD', 'signed payload');
  return { payload, formatLength, formatTail, signatures };
}

function keyForSignature(signature: ParsedSchema1Signature, index: number): VerificationKey {
  if (signature.x5c && signature.x5c.length > 0) return verificationKeyFromCertificate(signature.x5c[0]!);
  if (signature.jwkKey) return signature.jwkKey;
  throw new Schema1SignatureError('MISSING_PUBLIC_KEY', `signature ${index} carries neither jwk nor x5c`);
}

/**
 * libtrust Verify: every signature must check out with its x5c leaf key (when present) or its
 * JWK. Says nothing about whether the keys are trusted, and does not validate x5c chains.
 */
export function verifySchema1(bytes: Buffer): VerifiedSchema1 {
  const parsed = parseSignedSchema1(bytes);
  const encodedPayload = joseBase64UrlEncode(parsed.payload);
  const keyIds = parsed.signatures.map((signature, index) => {
    const key = keyForSignature(signature, index);
    const signatureBytes = joseBase64UrlDecode(signature.signature);
    if (!signatureBytes) throw new Schema1SignatureError('INVALID_SIGNATURE', `signature ${index} is not base64url`);
    const signingInput = Buffer.from(`${signature.protected}.${encodedPayload}`, 'utf8');
    verifyJwsSignature(key, signature.alg, signingInput, signatureBytes);
    return key.keyId;
  });
  return { payload: parsed.payload, digest: sha256Digest(parsed.payload), keyIds };
}

/**
 * True when the bytes are a JSON object with a `signatures` member (libtrust's test; the
 * member may still be malformed). False for unsigned `v1+json` manifests and for non-JSON.
 */
export function isSigned(bytes: Buffer): boolean {
  const document = tryParseJsonObject(bytes);
  return document !== undefined && Object.hasOwn(document, SIGNATURES_KEY);
}

/** Schema1 manifest digest: sha256 of the signed payload, or of the bytes as-is when unsigned. */
export function schema1Digest(bytes: Buffer): string {
  return sha256Digest(isSigned(bytes) ? parseSignedSchema1(bytes).payload : bytes);
}

function rfc3339Seconds(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new TypeError('signing time is not a valid date');
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function certificateEntry(key: TrustKey, chain: readonly string[]): readonly string[] {
  const leaf = verificationKeyFromCertificate(chain[0] ?? '');
  if (leaf.keyId !== key.keyId) {
    throw new Schema1SignatureError('INVALID_KEY', 'the certificate chain leaf does not hold the signing key');
  }
  return [...chain];
}

/**
 * Signs a schema1 payload (the manifest without `signatures`, normally Go MarshalIndent with
 * 3 spaces) and returns the pretty-JWS document, laid out as libtrust's PrettySignature does.
 */
export function signSchema1(
  payload: Buffer,
  keys: TrustKey | readonly TrustKey[],
  now: Date = new Date(),
  options: SignSchema1Options = {},
): Buffer {
  const signers: readonly TrustKey[] = Array.isArray(keys) ? keys : [keys as TrustKey];
  if (signers.length === 0) throw new Schema1SignatureError('INVALID_KEY', 'no signing key given');
  if (options.certificateChain && signers.length !== 1) {
    throw new Schema1SignatureError('INVALID_KEY', 'a certificate chain needs exactly one signing key');
  }
  const document = parseJsonObject(payload, 'INVALID_PAYLOAD', 'payload');
  if (Object.hasOwn(document, SIGNATURES_KEY)) {
    throw new Schema1SignatureError('INVALID_PAYLOAD', 'payload already has a "signatures" member');
  }
  const format = payloadFormatOf(payload);
  const protectedHeader = joseBase64UrlEncode(
    goJsonCompact(
      new Map<string, unknown>([
        ['formatLength', format.formatLength],
        ['formatTail', joseBase64UrlEncode(format.formatTail)],
        ['time', rfc3339Seconds(now)],
      ]),
    ),
  );
  const signingInput = Buffer.from(`${protectedHeader}.${joseBase64UrlEncode(payload)}`, 'utf8');
  const signed = signers.map((key) => {
    const header: PrettySignatureEntry['header'] = options.certificateChain
      ? { alg: key.algorithm, x5c: certificateEntry(key, options.certificateChain) }
      : { jwk: key.publicJwk(), alg: key.algorithm };
    const entry: PrettySignatureEntry = {
      header,
      signature: joseBase64UrlEncode(key.sign(signingInput)),
      protected: protectedHeader,
    };
    return { keyId: key.keyId, entry };
  });
  return assemblePrettySignature(
    payload,
    format,
    sortSignatureEntries(signed).map(({ entry }) => entry),
  );
}
