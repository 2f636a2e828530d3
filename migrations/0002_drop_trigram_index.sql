-- Searches are answered from an in-memory copy of `repository` (src/search/search-mirror.ts),
-- which matches every term length in about a millisecond at 100,000 rows; the trigram index of
-- 0001 is no longer read, so it is no longer maintained.
DROP TRIGGER IF EXISTS repository_text_after_insert;
DROP TRIGGER IF EXISTS repository_text_after_delete;
DROP TRIGGER IF EXISTS repository_text_after_update;
DROP TABLE IF EXISTS repository_text;
