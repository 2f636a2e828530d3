/** Reading `Link: <url>; rel="next"` pagination headers and walking every page. */
import type { Response } from 'supertest';
import { expectStatus } from './v2-assertions';
import type { V2Http } from './v2-http';

/** the next-page URL of a Link header, or undefined when there is none */
export function nextLink(res: Response): string | undefined {
  const header = res.headers.link as string | undefined;
  if (header === undefined) return undefined;
  const match = /^<([^>]+)>;\s*rel="next"$/.exec(header.trim());
  if (!match) throw new Error(`malformed Link header: ${header}`);
  return match[1];
}

/** follows Link headers from `path`, collecting `field` of every page */
export async function collectPages(http: V2Http, path: string, field: 'tags' | 'repositories', maxPages = 100): Promise<{ items: string[]; pages: number }> {
  const items: string[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next !== undefined) {
    if (++pages > maxPages) throw new Error('pagination does not end');
    const res = await http.get(next);
    expectStatus(res, 200);
    items.push(...(((res.body as Record<string, string[] | null>)[field]) ?? []));
    next = nextLink(res);
  }
  return { items, pages };
}
