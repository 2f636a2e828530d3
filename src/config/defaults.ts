/** Defaults shared by both file styles (docker-registry 0.9 sample / distribution docs). */
export const DEFAULT_ISSUE = '"docker-registry server"';
export const DEFAULT_INDEX_ENDPOINT = 'https://index.docker.io';
export const DEFAULT_SQLALCHEMY_URL = 'sqlite:////tmp/docker-registry.db';
export const DEFAULT_LOCAL_STORAGE_PATH = '/tmp/registry';
export const DEFAULT_REMOTE_STORAGE_PATH = '/registry';
export const DEFAULT_FILESYSTEM_ROOT = '/var/lib/registry';
export const DEFAULT_CATALOG_MAX_ENTRIES = 1000;
export const S3_DEFAULT_CHUNK_SIZE = 10 * 1024 * 1024;
export const S3_MIN_CHUNK_SIZE = 5 * 1024 * 1024;
/** distribution storage.maintenance.uploadpurging defaults */
export const DEFAULT_UPLOAD_PURGING = {
  enabled: true,
  ageMs: 168 * 3_600_000,
  intervalMs: 24 * 3_600_000,
  dryRun: false,
} as const;
/** Name of the search database distribution-style configs get inside a filesystem root. */
export const SEARCH_DATABASE_FILE = 'janus-search.db';
