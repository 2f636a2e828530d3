/**
 * Basic authentication from an htpasswd file of bcrypt entries (what distribution's
 * auth.htpasswd accepts; `htpasswd -B`). The file is re-read when it changes; successful checks
 * are remembered briefly, since bcrypt is deliberately slow.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import bcrypt from 'bcryptjs';

const REMEMBER_MS = 60_000;

export class HtpasswdFile {
  private entries = new Map<string, string>();
  private loadedMtimeMs = -1;
  private readonly verified = new Map<string, number>();

  constructor(private readonly path: string) {
    this.reloadIfChanged();
  }

  /** true when the Authorization header carries valid Basic credentials */
  verify(authorization: string | undefined): boolean {
    const credentials = parseBasic(authorization);
    if (!credentials) return false;
    this.reloadIfChanged();
    const hash = this.entries.get(credentials.user);
    if (!hash) return false;
    const key = createHash('sha256').update(`${hash}\u0000${authorization}`).digest('hex');
    const until = this.verified.get(key);
    if (until !== undefined && until > Date.now()) return true;
    if (!bcrypt.compareSync(credentials.password, hash.replace(/^\$2y\$/, '$2a$'))) return false;
    this.verified.set(key, Date.now() + REMEMBER_MS);
    return true;
  }

  private reloadIfChanged(): void {
    const mtime = statSync(this.path).mtimeMs;
    if (mtime === this.loadedMtimeMs) return;
    const entries = new Map<string, string>();
    for (const line of readFileSync(this.path, 'utf8').split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const colon = trimmed.indexOf(':');
      if (colon <= 0) continue;
      const hash = trimmed.slice(colon + 1);
      if (/^\$2[aby]\$/.test(hash)) entries.set(trimmed.slice(0, colon), hash);
    }
    this.entries = entries;
    this.loadedMtimeMs = mtime;
    this.verified.clear();
  }
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
