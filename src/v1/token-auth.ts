/**
 * docker-registry's token check for a registry that is not standalone: requests carry
 * `Authorization: Token signature=…,repository="ns/repo",access=read|write|delete`, which the
 * index (index_endpoint) must confirm by answering 200 to GET /v1/repositories/<ns>/<repo>/images
 * with the same Authorization. Confirmations are remembered for a minute.
 */
import type { Request } from 'express';
import { RegistryError } from '../errors/registry-error';
import type { V1Repository } from './repository-name';

const CONFIRMATION_TTL_MS = 60_000;

export interface ParsedToken {
  readonly repository?: string;
  readonly access?: string;
}

export function parseTokenHeader(header: string | undefined): ParsedToken | undefined {
  if (header === undefined) return undefined;
  const words = header.trim().split(/\s+/);
  if (words[0]?.toLowerCase() !== 'token') return undefined;
  const fields: Record<string, string> = {};
  for (const match of header.matchAll(/([a-zA-Z]+)=("([^"]*)"|[^,\s]*)/g)) fields[match[1]!] = match[3] ?? match[2]!;
  return { repository: fields.repository, access: fields.access };
}

export class TokenVerifier {
  private readonly confirmed = new Map<string, number>();

  constructor(private readonly indexEndpoint: string) {}

  async verify(req: Request, repository: V1Repository | undefined): Promise<void> {
    const header = req.get('authorization');
    const token = parseTokenHeader(header);
    if (!token || !token.repository) throw unauthorized();
    if (repository && token.repository !== repository.display) throw unauthorized();
    if (token.access !== requiredAccess(req.method)) throw unauthorized();
    const key = `${header}`;
    const until = this.confirmed.get(key);
    if (until !== undefined && until > Date.now()) return;
    const response = await fetch(`${this.indexEndpoint}/v1/repositories/${token.repository}/images`, {
      headers: { Authorization: header! },
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
    if (!response || response.status !== 200) throw unauthorized();
    this.confirmed.set(key, Date.now() + CONFIRMATION_TTL_MS);
  }
}

function requiredAccess(method: string): string {
  if (method === 'PUT' || method === 'POST') return 'write';
  if (method === 'DELETE') return 'delete';
  return 'read';
}

function unauthorized(): RegistryError {
  return new RegistryError('UNAUTHORIZED');
}
