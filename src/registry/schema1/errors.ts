/**
 * Why a schema1 document, key or signature was refused.
 * `kind` says how a manifest handler should report it: 'malformed' documents are
 * MANIFEST_INVALID, 'unverified' ones (a signature that does not check out) MANIFEST_UNVERIFIED.
 */
export type Schema1ErrorReason =
  | 'INVALID_JSON'
  | 'INVALID_PAYLOAD'
  | 'MISSING_SIGNATURES'
  | 'MALFORMED_SIGNATURE'
  | 'BAD_PROTECTED_HEADER'
  | 'CONFLICTING_FORMAT'
  | 'INVALID_FORMAT_LENGTH'
  | 'INVALID_JWK'
  | 'KEY_ID_MISMATCH'
  | 'BAD_CERTIFICATE'
  | 'MISSING_PUBLIC_KEY'
  | 'UNSUPPORTED_ALGORITHM'
  | 'INVALID_SIGNATURE'
  | 'INVALID_KEY';

const UNVERIFIED_REASONS: ReadonlySet<Schema1ErrorReason> = new Set([
  'INVALID_SIGNATURE',
  'UNSUPPORTED_ALGORITHM',
  'MISSING_PUBLIC_KEY',
]);

export class Schema1SignatureError extends Error {
  readonly kind: 'malformed' | 'unverified';

  constructor(
    readonly reason: Schema1ErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Schema1SignatureError';
    this.kind = UNVERIFIED_REASONS.has(reason) ? 'unverified' : 'malformed';
  }
}

export function isSchema1SignatureError(error: unknown): error is Schema1SignatureError {
  return error instanceof Schema1SignatureError;
}
