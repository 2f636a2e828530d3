import { sqliteDatabaseFromUrl } from '../../../src/config/sqlalchemy-url';

describe('sqliteDatabaseFromUrl', () => {
  it.each([
    ['sqlite:////tmp/docker-registry.db', '/tmp/docker-registry.db'],
    ['sqlite:///./data/docker-registry.db', './data/docker-registry.db'],
    ['sqlite:///relative.db', 'relative.db'],
    ['sqlite://', ':memory:'],
    ['sqlite:///', ':memory:'],
    ['sqlite:///:memory:', ':memory:'],
    ['sqlite+pysqlite:////abs.db', '/abs.db'],
    ['sqlite:////abs.db?timeout=20', '/abs.db'],
  ])('%s → %s', (url, database) => {
    expect(sqliteDatabaseFromUrl(url)).toBe(database);
  });

  it('refuses other databases, naming them', () => {
    expect(() => sqliteDatabaseFromUrl('postgresql://user@db/registry')).toThrow(
      'database "postgresql" is not supported by Janus, only SQLite URLs',
    );
    expect(() => sqliteDatabaseFromUrl('mysql+pymysql://u@h/r')).toThrow('database "mysql+pymysql" is not supported');
  });

  it('refuses text that is not a URL, and SQLite URLs with a host', () => {
    expect(() => sqliteDatabaseFromUrl('/tmp/x.db')).toThrow('"/tmp/x.db" is not an SQLAlchemy URL');
    expect(() => sqliteDatabaseFromUrl('sqlite://host/x.db')).toThrow('SQLite URLs have no host part');
  });
});
