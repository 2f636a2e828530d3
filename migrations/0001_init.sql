-- The /v1/search index. `repository` keeps docker-registry's shape (id, name unique, description);
-- name is the V1 display name "ns/repo" ("library/busybox" for a single-component name).
CREATE TABLE repository (
  id INTEGER PRIMARY KEY,
  name VARCHAR(255) NOT NULL UNIQUE,
  description VARCHAR(100)
);

-- Substring search: a trigram index over the ASCII-lower-cased name and description. It holds
-- no copy of the text (contentless); the triggers keep it in step with `repository`.
CREATE VIRTUAL TABLE repository_text USING fts5(
  name, description,
  content = '', contentless_delete = 1,
  tokenize = 'trigram case_sensitive 1'
);

CREATE TRIGGER repository_text_after_insert AFTER INSERT ON repository BEGIN
  INSERT INTO repository_text (rowid, name, description)
  VALUES (new.id, lower(new.name), lower(coalesce(new.description, '')));
END;

CREATE TRIGGER repository_text_after_delete AFTER DELETE ON repository BEGIN
  DELETE FROM repository_text WHERE rowid = old.id;
END;

CREATE TRIGGER repository_text_after_update AFTER UPDATE OF id, name, description ON repository BEGIN
  DELETE FROM repository_text WHERE rowid = old.id;
  INSERT INTO repository_text (rowid, name, description)
  VALUES (new.id, lower(new.name), lower(coalesce(new.description, '')));
END;
