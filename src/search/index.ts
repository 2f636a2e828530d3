/** The search index module: what the composition root and the V1 search handler use. */
export type { SearchIndex, SearchQuery, SearchResponse, SearchResult } from './search-index';
export { openSearchIndex, SqliteSearchIndex, type OpenSearchIndexOptions, type SearchIndexChange } from './sqlite-search-index';
export { SearchIndexDatabaseError } from './search-index-error';
export type { MigrationOutcome } from './migrate';
export { followRegistryEvents, type SearchIndexFollower } from './subscriber';
export { rebuildSearchIndex, type RebuildSummary } from './rebuild';
export { openAndPrepareSearchIndex, type PreparedSearchIndex, type PrepareSearchIndexOptions } from './prepare-search-index';
export type { RegistryModelView } from './registry-view';
