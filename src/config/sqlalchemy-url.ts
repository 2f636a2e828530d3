const SQLITE_URL = /^sqlite(?:\+[a-z0-9_]+)?:\/\/(.*)$/i;

/**
 * Turns docker-registry's `sqlalchemy_index_database` (an SQLAlchemy URL) into a SQLite file
 * path: `sqlite:////abs/path` → `/abs/path`, `sqlite:///relative` → `relative`,
 * `sqlite://` and `sqlite:///:memory:` → `:memory:`. Query options are dropped.
 * Throws an Error with the reason for any other database.
 */
export function sqliteDatabaseFromUrl(url: string): string {
  const match = SQLITE_URL.exec(url.trim());
  if (!match) {
    const scheme = /^([a-z0-9+_.-]+):/i.exec(url)?.[1];
    throw new Error(
      scheme
        ? `database "${scheme}" is not supported by Janus, only SQLite URLs (sqlite:////absolute/path, sqlite:///relative/path, sqlite://)`
        : `"${url}" is not an SQLAlchemy URL (expected sqlite:////absolute/path, sqlite:///relative/path or sqlite://)`,
    );
  }
  const afterScheme = (match[1] ?? '').replace(/\?.*$/, '');
  if (afterScheme === '') return ':memory:';
  if (!afterScheme.startsWith('/')) {
    throw new Error(`"${url}": SQLite URLs have no host part; use sqlite:////absolute/path or sqlite:///relative/path`);
  }
  const database = afterScheme.slice(1);
  return database === '' || database === ':memory:' ? ':memory:' : database;
}
