import { createHash } from 'node:crypto';

/** OCI digest grammar: algorithm ":" encoded */
const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const REGISTERED: Record<string, RegExp> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/,
};

export type DigestAlgorithm = 'sha256' | 'sha512';

export interface ParsedDigest {
  readonly algorithm: DigestAlgorithm;
  readonly hex: string;
  readonly digest: string;
}

/** Parses a digest this registry can verify (sha256 or sha512); undefined when malformed or unsupported. */
export function parseDigest(value: string): ParsedDigest | undefined {
  if (!DIGEST_PATTERN.test(value)) return undefined;
  const colon = value.indexOf(':');
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const pattern = REGISTERED[algorithm];
  if (!pattern || !pattern.test(hex)) return undefined;
  return { algorithm: algorithm as DigestAlgorithm, hex, digest: value };
}

export function isDigest(value: string): boolean {
  return parseDigest(value) !== undefined;
}

export function sha256Digest(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

export function digestOf(algorithm: DigestAlgorithm, data: Buffer | string): string {
  return `${algorithm}:` + createHash(algorithm).update(data).digest('hex');
}

