/** Hub-style paging of /v1/search: `n` (default 25, clamped to 1..100) and a 1-based `page`. */
import { SEARCH_PAGE_SIZE_DEFAULT, SEARCH_PAGE_SIZE_MAX, type SearchQuery } from './search-index';

export interface SearchPaging {
  readonly pageSize: number;
  readonly page: number;
  readonly offset: number;
}

export function normalizeSearchPaging(query: Pick<SearchQuery, 'n' | 'page'>): SearchPaging {
  const pageSize = clamp(wholeNumber(query.n, SEARCH_PAGE_SIZE_DEFAULT), 1, SEARCH_PAGE_SIZE_MAX);
  const page = clamp(wholeNumber(query.page, 1), 1, Number.MAX_SAFE_INTEGER);
  return { pageSize, page, offset: (page - 1) * pageSize };
}

export function pageCount(results: number, pageSize: number): number {
  return Math.max(1, Math.ceil(results / pageSize));
}

function wholeNumber(value: number | undefined, fallback: number): number {
  return value === undefined || Number.isNaN(value) ? fallback : Math.floor(value);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
