/** The search index database cannot be used as it is (too new, foreign, unreadable). */
export class SearchIndexDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchIndexDatabaseError';
  }
}
