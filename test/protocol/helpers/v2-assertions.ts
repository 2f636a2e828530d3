/** Assertions on V2 responses: error bodies, common headers. */
import type { Response } from 'supertest';

export const API_VERSION_HEADER = 'docker-distribution-api-version';

export interface V2ErrorEntry {
  readonly code: string;
  readonly message?: string;
  readonly detail?: unknown;
}

/** the `errors` array of a V2 error body, after checking its shape */
export function errorsOf(res: Response): V2ErrorEntry[] {
  const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : (res.text ?? JSON.stringify(res.body));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`expected a V2 JSON error body, got ${res.headers['content-type']}: ${text.slice(0, 200)}`);
  }
  expect(parsed).toEqual({ errors: expect.any(Array) });
  const errors = (parsed as { errors: unknown[] }).errors;
  expect(errors.length).toBeGreaterThan(0);
  for (const entry of errors) {
    expect(entry).toEqual(expect.objectContaining({ code: expect.stringMatching(/^[A-Z_]+$/) }));
    const message = (entry as { message?: unknown }).message;
    if (message !== undefined) expect(typeof message).toBe('string');
  }
  return errors as V2ErrorEntry[];
}

/** the status, and the first error's code among `codes` */
export function expectV2Error(res: Response, status: number, codes: string | readonly string[]): V2ErrorEntry[] {
  const accepted = typeof codes === 'string' ? [codes] : codes;
  expectStatus(res, status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const errors = errorsOf(res);
  expect(accepted).toContain(errors[0]?.code);
  return errors;
}

/** HEAD answers carry no body */
export function expectEmptyBody(res: Response): void {
  const body: unknown = res.body;
  const length = Buffer.isBuffer(body) ? body.length : (res.text ?? '').length;
  expect(length).toBe(0);
}

export function expectStatus(res: Response, status: number | readonly number[]): void {
  const accepted = typeof status === 'number' ? [status] : status;
  if (!accepted.includes(res.status)) {
    throw new Error(`expected status ${accepted.join(' or ')}, got ${res.status}: ${(res.text ?? '').slice(0, 300)}`);
  }
}

/** the OCI spec's error codes (conformance suite's `errorCodes`) */
export const SPEC_ERROR_CODES = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'MANIFEST_UNVERIFIED',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'TAG_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
] as const;
