/**
 * The /v1/search index: V1 display names ("ns/repo", "library/busybox") with an optional
 * description. The response is the Hub's search shape (docker-registry's plus the paging fields).
 */
export interface SearchQuery {
  /** substring to look for in the name or the description; empty or absent lists everything */
  readonly q?: string;
  /** results per page; default 25, clamped to 1..100 */
  readonly n?: number;
  /** 1-based page; default 1 */
  readonly page?: number;
}

export interface SearchResult {
  readonly name: string;
  readonly description: string | null;
  readonly star_count: 0;
  readonly is_official: false;
  readonly is_trusted: false;
  readonly is_automated: false;
}

export interface SearchResponse {
  readonly query: string;
  /** matches over all pages */
  readonly num_results: number;
  /** at least 1, even with no match */
  readonly num_pages: number;
  readonly page: number;
  readonly page_size: number;
  readonly results: readonly SearchResult[];
}

export interface SearchIndex {
  /** adds the repository; a given description replaces the stored one, an absent one keeps it */
  upsertRepository(name: string, description?: string): void;
  deleteRepository(name: string): void;
  /** makes the index hold exactly these names, in one transaction (kept names keep their description) */
  replaceAll(names: Iterable<string>): void;
  search(query: SearchQuery): SearchResponse;
  isEmpty(): boolean;
  close(): void;
}

export const SEARCH_PAGE_SIZE_DEFAULT = 25;
export const SEARCH_PAGE_SIZE_MAX = 100;
