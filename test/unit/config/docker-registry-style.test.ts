import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';
import { createTempConfigDir, FIXTURES } from './temp-config';

const temp = createTempConfigDir();
afterAll(() => temp.cleanup());

function loadText(text: string, options: { flavor?: string; env?: Record<string, string> } = {}) {
  const file = temp.write('config.yml', text);
  return loadConfig({ file, flavor: options.flavor, env: options.env ?? {}, cwd: temp.dir });
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('docker-registry style: flavors and merge keys', () => {
  it('applies YAML merge keys, the flavor overriding what it merges', () => {
    const { config, notices } = loadText(
      [
        'common: &common',
        '  loglevel: error',
        '  standalone: false',
        'base: &base',
        '  <<: *common',
        '  storage: local',
        '  storage_path: /srv/base',
        'dev:',
        '  <<: *base',
        '  storage_path: /srv/dev',
      ].join('\n'),
    );
    expect(notices).toEqual([]);
    expect(config.log.level).toBe('error');
    expect(config.v1.standalone).toBe(false);
    expect(config.storage).toEqual({ driver: 'filesystem', rootdirectory: '/srv/dev' });
  });

  it('merges common under a flavor without merge key, as docker-registry 0.6/0.7, and says so', () => {
    const file = path.join(FIXTURES, 'legacy-0.7.yml');
    const { config, notices } = loadConfig({ file, flavor: 'local', env: {}, cwd: FIXTURES });
    expect(config.v1.standalone).toBe(false);
    expect(config.search).toEqual({ enabled: true, database: '/tmp/docker-registry.db' });
    expect(config.log.level).toBe('debug');
    expect(config.v1.indexEndpoint).toBe('https://index.example.com');
    expect(notices).toEqual([
      {
        level: 'warn',
        message:
          'legacy-0.7.yml: flavor "local" has no "<<: *common" merge key; merged "common" into it as ' +
          'docker-registry 0.6/0.7 did (0.8+ would have dropped: loglevel, standalone, index_endpoint, ' +
          'search_backend, sqlalchemy_index_database). Add "<<: *common" to the flavor to make this explicit.',
      },
    ]);
  });

  it('does not merge common under a flavor that has its own merge key', () => {
    const file = path.join(FIXTURES, 'legacy-0.7.yml');
    const { config, notices } = loadConfig({ file, flavor: 'explicit', env: {}, cwd: FIXTURES });
    expect(config.storage).toEqual({ driver: 'filesystem', rootdirectory: '/srv/base' });
    expect(config.search.enabled).toBe(false);
    expect(config.log.level).toBe('warn');
    expect(config.v1.standalone).toBe(true);
    expect(notices).toEqual([
      {
        level: 'info',
        message:
          'legacy-0.7.yml: flavor explicit: "standalone" is unset; Janus defaults it to true ' +
          '(docker-registry 0.8+ treated unset as false)',
      },
    ]);
  });

  it('stays quiet when a flavor without merge key already sets everything common has', () => {
    const { notices } = loadText('common: {standalone: true}\ndev: {storage: inmemory, standalone: false}\n');
    expect(notices).toEqual([]);
  });

  it('treats docker-registry 0.6 REPLACEME placeholders as unset', () => {
    const file = path.join(FIXTURES, 'legacy-0.6.yml');
    const { config, notices } = loadConfig({ file, env: {}, cwd: FIXTURES });
    expect(config.storage).toEqual({ driver: 'filesystem', rootdirectory: '/tmp/registry' });
    expect(config.search.enabled).toBe(false);
    expect(notices.map((n) => n.message)).toContain(
      'legacy-0.6.yml: flavor dev: REPLACEME placeholders treated as unset: boto_bucket, s3_access_key, ' +
        's3_secret_key, s3_bucket, s3_encrypt, s3_secure, gs_access_key, gs_secret_key, gs_secure, oauth2',
    );
  });

  it('picks the flavor from SETTINGS_FLAVOR, the explicit option winning', () => {
    const text = 'a: {storage: inmemory}\nb: {storage: local, storage_path: /b}\n';
    expect(loadText(text, { env: { SETTINGS_FLAVOR: 'a' } }).config.storage.driver).toBe('inmemory');
    expect(loadText(text, { flavor: 'b', env: { SETTINGS_FLAVOR: 'a' } }).config.source.flavor).toBe('b');
  });

  it('names the missing flavor, the file and the flavors present', () => {
    const error = errorOf(() => loadText('common: {}\nlocal: {storage: local}\n', { flavor: 'prod' }));
    expect(error.message).toBe(
      'config.yml: flavor "prod" not found; flavors present: common, local (choose one with SETTINGS_FLAVOR)',
    );
  });
});

describe('docker-registry style: validation', () => {
  it('rejects an unknown key, naming the file, the flavor and the key', () => {
    const error = errorOf(() => loadText('dev:\n  storage: local\n  standalon: true\n'));
    expect(error.message).toBe('config.yml: flavor dev: unknown key "standalon"');
  });

  it('rejects an unknown nested key with its full path', () => {
    const error = errorOf(() => loadText('dev:\n  mirroring:\n    sourc: https://x\n'));
    expect(error.message).toBe('config.yml: flavor dev: unknown key "mirroring.sourc"');
  });

  it('rejects an ill-typed key, naming the type', () => {
    const error = errorOf(() => loadText('dev:\n  standalone: "true"\n'));
    expect(error.message).toBe('config.yml: flavor dev: key "standalone": expected a boolean, got string "true"');
  });

  it('points an ill-typed value at the environment variable it came from', () => {
    const error = errorOf(() =>
      loadText('dev:\n  storage: s3\n  s3_bucket: b\n  s3_secure: _env:AWS_SECURE\n', { env: { AWS_SECURE: 'sometimes' } }),
    );
    expect(error.message).toBe(
      'config.yml: flavor dev: key "s3_secure" (from _env:AWS_SECURE): expected a boolean, got string "sometimes"',
    );
  });

  it('lists every problem, one per line', () => {
    const error = errorOf(() => loadText('dev:\n  debug: 3\n  boto_port: http\n  nope: 1\n'));
    expect(error.message.split('\n')).toEqual([
      'config.yml: flavor dev: key "debug": expected a boolean, got number 3',
      'config.yml: flavor dev: key "boto_port": expected a number, got string "http"',
      'config.yml: flavor dev: unknown key "nope"',
    ]);
  });

  it('rejects an unknown log level', () => {
    const error = errorOf(() => loadText('dev:\n  loglevel: loud\n'));
    expect(error.message).toMatch(/^config\.yml: flavor dev: key "loglevel": expected one of trace, debug, info/);
  });

  it('reports invalid YAML with the file name and position', () => {
    const error = errorOf(() => loadText('dev:\n  storage: [local\n'));
    expect(error.message).toMatch(/^config\.yml: not valid YAML: .*\(line \d+, column \d+\)$/);
  });

  it.each(['glance', 'elliptics', 'alioss', 'azureblob', 'gcs'])('refuses the legacy driver %s at start', (driver) => {
    const error = errorOf(() => loadText(`dev:\n  storage: ${driver}\n`));
    expect(error.message).toBe(
      `config.yml: flavor dev: storage driver ${driver} is not supported by Janus; supported: local/file, s3, swift, inmemory`,
    );
  });

  it('refuses an unknown driver name', () => {
    expect(() => loadText('dev:\n  storage: floppy\n')).toThrow(
      'config.yml: flavor dev: unknown storage driver "floppy"; supported: local/file, s3, swift, inmemory',
    );
  });

  it('requires a bucket for s3, from s3_bucket or boto_bucket', () => {
    expect(() => loadText('dev:\n  storage: s3\n')).toThrow('flavor dev: storage s3 needs "s3_bucket"');
    const { config } = loadText('dev:\n  storage: s3\n  boto_bucket: legacy\n');
    expect(config.storage).toMatchObject({ driver: 's3', bucket: 'legacy', rootdirectory: 'registry', encrypt: false });
  });

  it('accepts storage: file as the local driver with the 0.8+ default path', () => {
    expect(loadText('dev:\n  storage: file\n').config.storage).toEqual({
      driver: 'filesystem',
      rootdirectory: '/tmp/registry',
    });
  });
});

describe('docker-registry style: search backend', () => {
  it.each([
    ['sqlalchemy', 'sqlite:////var/lib/search.db', { enabled: true, database: '/var/lib/search.db' }],
    ['SQLAlchemy', 'sqlite:///relative/search.db', { enabled: true, database: 'relative/search.db' }],
    ['sqlalchemy', 'sqlite://', { enabled: true, database: ':memory:' }],
    ['', 'sqlite:///:memory:', { enabled: false, database: ':memory:' }],
  ])('search_backend %j with %s', (backend, url, expected) => {
    const { config } = loadText(`dev:\n  search_backend: "${backend}"\n  sqlalchemy_index_database: "${url}"\n`);
    expect(config.search).toEqual(expected);
  });

  it('defaults the database to docker-registry\'s sqlite:////tmp/docker-registry.db', () => {
    expect(loadText('dev:\n  search_backend: sqlalchemy\n').config.search).toEqual({
      enabled: true,
      database: '/tmp/docker-registry.db',
    });
  });

  it('refuses another search backend', () => {
    expect(() => loadText('dev:\n  search_backend: mymodule.search\n')).toThrow(
      'config.yml: flavor dev: search_backend "mymodule.search" is not supported by Janus; use "sqlalchemy" or leave it empty',
    );
  });

  it('refuses a non-SQLite database URL', () => {
    expect(() =>
      loadText('dev:\n  search_backend: sqlalchemy\n  sqlalchemy_index_database: postgresql://u@db/registry\n'),
    ).toThrow('config.yml: flavor dev: sqlalchemy_index_database: database "postgresql" is not supported by Janus');
  });
});

describe('docker-registry style: listen address and other keys', () => {
  it('listens on REGISTRY_HOST:REGISTRY_PORT', () => {
    const { config } = loadText('dev: {storage: inmemory}\n', { env: { REGISTRY_HOST: '127.0.0.1', REGISTRY_PORT: '5050' } });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 5050 });
  });

  it('rejects a REGISTRY_PORT that is not a port (e.g. a Kubernetes service link)', () => {
    expect(() => loadText('dev: {storage: inmemory}\n', { env: { REGISTRY_PORT: 'tcp://10.0.0.3:5000' } })).toThrow(
      /REGISTRY_PORT must be a port number 0-65535, got "tcp:\/\/10\.0\.0\.3:5000" \(this looks like a Kubernetes service link/,
    );
  });

  it('maps the V1 switches and the Janus auth addition', () => {
    const { config } = loadText(
      [
        'dev:',
        '  storage: inmemory',
        '  standalone: off',
        '  disable_token_auth: yes',
        '  debug: true',
        '  issue: hello',
        '  registry_endpoints: registry.example.com',
        '  privileged_key: /etc/registry/key.pub',
        '  storage_redirect: true',
        '  auth: {htpasswd: {realm: Registry, path: /etc/htpasswd}}',
      ].join('\n'),
    );
    expect(config.v1).toEqual({
      standalone: false,
      disableTokenAuth: true,
      issue: 'hello',
      debug: true,
      registryEndpoints: 'registry.example.com',
      indexEndpoint: 'https://index.docker.io',
        platform: { os: 'linux', architecture: 'amd64' },
      privilegedKey: '/etc/registry/key.pub',
    });
    expect(config.redirect).toBe(true);
    expect(config.auth).toEqual({ htpasswd: { realm: 'Registry', path: '/etc/htpasswd' } });
  });

  it('warns about features that are set but ignored', () => {
    const { notices } = loadText(
      'dev:\n  storage: inmemory\n  standalone: true\n  mirroring: {source: "https://registry-1.docker.io"}\n  bugsnag: key\n',
    );
    expect(notices).toEqual([
      { level: 'warn', message: 'config.yml: flavor dev: "mirroring.source" is set but Janus ignores it' },
      { level: 'warn', message: 'config.yml: flavor dev: "bugsnag" is set but Janus ignores it' },
    ]);
  });
});

describe('config file lookup', () => {
  it('reads DOCKER_REGISTRY_CONFIG relative to the current directory', () => {
    temp.write('from-env.yml', 'dev: {storage: inmemory, standalone: true}\n');
    const { config } = loadConfig({ env: { DOCKER_REGISTRY_CONFIG: 'from-env.yml' }, cwd: temp.dir });
    expect(config.source.file).toBe(path.join(temp.dir, 'from-env.yml'));
  });

  it('falls back to the project root for a relative path', () => {
    const { config } = loadConfig({ file: 'test/fixtures/config/legacy-0.6.yml', env: {}, cwd: temp.dir });
    expect(config.source.file).toBe(path.join(FIXTURES, 'legacy-0.6.yml'));
  });

  it('says where it looked when the file is missing', () => {
    expect(() => loadConfig({ file: 'missing.yml', env: {}, cwd: temp.dir })).toThrow(
      `config file missing.yml not found (looked for ${path.join(temp.dir, 'missing.yml')} and `,
    );
  });
});
