/** Parsing of V2 path and query parameters into model types, with V2 errors on bad input. */
import type { Request } from 'express';
import { RegistryError } from '../errors/registry-error';
import { parseDigest, type ParsedDigest } from '../util/digest';

export function requireDigest(value: string | undefined): ParsedDigest {
  const digest = value === undefined ? undefined : parseDigest(value);
  if (!digest) throw new RegistryError('DIGEST_INVALID', 'invalid or unsupported digest', { digest: value ?? null });
  return digest;
}

export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

export function queryStrings(req: Request, name: string): string[] {
  const value = req.query[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** `n` of tags/list and _catalog: a non-negative integer or absent */
export function pageSize(req: Request): number | undefined {
  const raw = queryString(req, 'n');
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new RegistryError('PAGINATION_NUMBER_INVALID', undefined, { n: raw });
  return Number(raw);
}

export function linkHeader(path: string, n: number, last: string): string {
  return `<${path}?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`;
}
