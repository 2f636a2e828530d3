/**
 * The two forms of a search term: a LIKE pattern (with ESCAPE '\') and an FTS5 trigram phrase.
 * Both mean "contains the term, ASCII letters compared case-insensitively", like docker-registry's
 * `LIKE '%q%'` on SQLite, except that `%` and `_` are literal here.
 */
export const LIKE_ESCAPE = '\\';

export function likeContainsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}

/** the trigram index only answers terms of three characters or more */
export function trigramSearchable(term: string): boolean {
  return [...term].length >= 3;
}

/** a quoted FTS5 phrase; the index holds SQLite lower() text, which folds ASCII only */
export function trigramPhrase(term: string): string {
  return `"${asciiLowerCase(term).replace(/"/g, '""')}"`;
}

function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
