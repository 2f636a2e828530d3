import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';
import { createTempConfigDir, FIXTURES } from './temp-config';

const temp = createTempConfigDir();
afterAll(() => temp.cleanup());

const DISTRIBUTION = path.join(FIXTURES, 'distribution.yml');

function loadText(text: string, env: Record<string, string> = {}) {
  const file = temp.write('registry.yml', text);
  return loadConfig({ file, env, cwd: temp.dir });
}

const MINIMAL = 'version: 0.1\nstorage:\n  inmemory:\n';

describe('distribution style', () => {
  it('maps the sample distribution file', () => {
    const { config, notices } = loadConfig({ file: DISTRIBUTION, env: {}, cwd: FIXTURES });
    expect(notices).toEqual([]);
    expect(config).toEqual({
      source: { file: DISTRIBUTION, style: 'distribution' },
      listen: { host: '127.0.0.1', port: 5000 },
      http: {
        headers: { 'X-Content-Type-Options': ['nosniff'], 'Strict-Transport-Security': ['max-age=31536000'] },
        secret: 'asecretforlocaldevelopment',
        relativeUrls: false,
        host: 'https://registry.example.com',
      },
      log: { level: 'debug', accessLog: true, fields: { service: 'registry', environment: 'staging' } },
      storage: { driver: 'filesystem', rootdirectory: '/var/lib/registry' },
      deleteEnabled: false,
      redirect: false,
      readOnly: false,
      uploadPurging: { enabled: true, ageMs: 72 * 3_600_000, intervalMs: 90 * 60_000, dryRun: false },
      v1: {
        standalone: true,
        disableTokenAuth: false,
        issue: '"docker-registry server"',
        debug: false,
        indexEndpoint: 'https://index.docker.io',
        platform: { os: 'linux', architecture: 'amd64' },
      },
      search: { enabled: true, database: '/var/lib/registry/janus-search.db' },
      auth: { htpasswd: { realm: 'basic-realm', path: '/etc/registry/htpasswd' } },
      schema1: { signingKeyFile: '/etc/registry/schema1-key.json' },
      catalog: { maxEntries: 500 },
      workers: 1,
    });
  });

  it('loads the registry:2 image default config.yml unchanged, with distribution defaults', () => {
    const { config, notices } = loadConfig({ file: path.join(FIXTURES, 'distribution-image-default.yml'), env: {} });
    expect(notices).toEqual([]);
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 5000 });
    expect(config.deleteEnabled).toBe(false);
    expect(config.redirect).toBe(true);
    expect(config.log).toEqual({ level: 'info', accessLog: true, fields: { service: 'registry' } });
    expect(config.catalog.maxEntries).toBe(1000);
  });

  it('ignores SETTINGS_FLAVOR, with a notice', () => {
    const { config, notices } = loadText(MINIMAL, { SETTINGS_FLAVOR: 'prod' });
    expect(config.source.flavor).toBeUndefined();
    expect(notices).toEqual([
      {
        level: 'info',
        message: 'registry.yml: flavor "prod" ignored: distribution-style files (version: 0.1) have no flavors',
      },
    ]);
  });

  it('keeps the search index in memory for non-filesystem drivers, unless search.database says otherwise', () => {
    expect(loadText(MINIMAL).config.search).toEqual({ enabled: true, database: ':memory:' });
    expect(loadText(`${MINIMAL}search: {database: /srv/search.db}\n`).config.search).toEqual({
      enabled: true,
      database: '/srv/search.db',
    });
    expect(loadText(`${MINIMAL}search: {enabled: false, database: "sqlite:///rel.db"}\n`).config.search).toEqual({
      enabled: false,
      database: 'rel.db',
    });
  });

  it('maps s3 and swift driver parameters', () => {
    const s3 = loadText(
      'version: 0.1\nstorage:\n  s3: {bucket: b, region: us-east-1, regionendpoint: "http://127.0.0.1:8080", ' +
        'accesskey: a, secretkey: s, secure: false, forcepathstyle: true, rootdirectory: /reg/, chunksize: "6291456", encrypt: true}\n',
    ).config.storage;
    expect(s3).toEqual({
      driver: 's3',
      bucket: 'b',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:8080',
      accessKey: 'a',
      secretKey: 's',
      secure: false,
      forcePathStyle: true,
      rootdirectory: 'reg',
      chunkSize: 6291456,
      encrypt: true,
    });
    const swift = loadText(
      'version: 0.1\nstorage:\n  swift: {username: u, password: p, authurl: "http://k/v3", container: c, tenant: t, region: r}\n',
    ).config.storage;
    expect(swift).toEqual({
      driver: 'swift',
      authUrl: 'http://k/v3',
      username: 'u',
      password: 'p',
      container: 'c',
      tenant: 't',
      region: 'r',
      rootdirectory: '',
    });
  });

  it('maps tls, prefix, relativeurls, readonly and the access log switch', () => {
    const { config } = loadText(
      `${MINIMAL}  maintenance: {readonly: {enabled: true}}\n` +
        'http: {addr: "[::1]:5443", prefix: /reg, relativeurls: true, tls: {certificate: /c.pem, key: /k.pem}}\n' +
        'log: {accesslog: {disabled: true}, level: warn}\n',
    );
    expect(config.listen).toEqual({ host: '::1', port: 5443 });
    expect(config.http).toEqual({
      headers: {},
      tls: { certificate: '/c.pem', key: '/k.pem' },
      relativeUrls: true,
      prefix: '/reg',
    });
    expect(config.readOnly).toBe(true);
    expect(config.log).toEqual({ level: 'warn', accessLog: false, fields: {} });
  });

  it('warns that auth.token is accepted but not enforced', () => {
    const { config, notices } = loadText(
      `${MINIMAL}auth: {token: {realm: "https://auth/token", service: registry, issuer: auth, rootcertbundle: /c.pem}}\n`,
    );
    expect(config.auth).toBeUndefined();
    expect(notices).toEqual([
      {
        level: 'warn',
        message: 'registry.yml: auth.token is accepted but not enforced by Janus: requests are NOT authenticated',
      },
    ]);
  });
});

describe('distribution style: errors', () => {
  it('rejects an unknown key with its path and the file', () => {
    expect(() => loadText(`${MINIMAL}  filesystem:\n    rootdir: /x\n`)).toThrow(ConfigError);
    expect(() => loadText('version: 0.1\nstorage:\n  filesystem:\n    rootdir: /x\n')).toThrow(
      'registry.yml: unknown key "storage.filesystem.rootdir"',
    );
  });

  it('validates the shape of auth.token', () => {
    expect(() => loadText(`${MINIMAL}auth: {token: {realm: r, service: s}}\n`)).toThrow(
      'registry.yml: key "auth.token.issuer": expected a string, got nothing (unset)',
    );
  });

  it('requires exactly one storage driver', () => {
    expect(() => loadText('version: 0.1\nstorage:\n  inmemory:\n  filesystem: {rootdirectory: /x}\n')).toThrow(
      'registry.yml: storage: exactly one driver expected (filesystem, s3, swift, inmemory), found filesystem, inmemory',
    );
    expect(() => loadText('version: 0.1\nstorage:\n  delete: {enabled: true}\n')).toThrow('found none');
  });

  it.each(['azure', 'gcs', 'oss'])('refuses the %s driver', (driver) => {
    expect(() => loadText(`version: 0.1\nstorage:\n  ${driver}: {accountname: a}\n`)).toThrow(
      `registry.yml: storage driver ${driver} is not supported by Janus; supported: filesystem, s3, swift, inmemory`,
    );
  });

  it('rejects another config version, a unix socket and a too small S3 chunk size', () => {
    expect(() => loadText('version: 0.2\nstorage: {inmemory: }\n')).toThrow(
      'registry.yml: key "version": expected 0.1 (the only distribution config version), got number 0.2',
    );
    expect(() => loadText(`${MINIMAL}http: {net: unix, addr: /run/registry.sock}\n`)).toThrow(
      'registry.yml: http.net "unix" is not supported by Janus; use tcp',
    );
    expect(() => loadText('version: 0.1\nstorage:\n  s3: {bucket: b, chunksize: 1024}\n')).toThrow(
      'registry.yml: key "storage.s3.chunksize": must be at least 5242880 (5 MiB)',
    );
  });

  it('rejects two auth methods and a malformed duration', () => {
    expect(() =>
      loadText(`${MINIMAL}auth: {htpasswd: {realm: r, path: /p}, silly: {realm: r, service: s}}\n`),
    ).toThrow('registry.yml: auth: configure one method, found htpasswd, silly');
    expect(() => loadText(`${MINIMAL}  maintenance: {uploadpurging: {age: a week}}\n`)).toThrow(
      'key "storage.maintenance.uploadpurging.age": expected a duration such as "24h" or "1h30m"',
    );
  });
});

describe('distribution style: REGISTRY_<PATH> environment overrides', () => {
  it('overrides nested keys with YAML-typed values', () => {
    const { config } = loadConfig({
      file: DISTRIBUTION,
      env: {
        REGISTRY_STORAGE_DELETE_ENABLED: 'true',
        REGISTRY_STORAGE_REDIRECT_DISABLE: 'false',
        REGISTRY_HTTP_ADDR: ':5001',
        REGISTRY_LOG_LEVEL: 'info',
        REGISTRY_CATALOG_MAXENTRIES: '20',
        REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: '/data',
        REGISTRY_HTTP_SECRET: '12345',
      },
    });
    expect(config.deleteEnabled).toBe(true);
    expect(config.redirect).toBe(true);
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 5001 });
    expect(config.log.level).toBe('info');
    expect(config.catalog.maxEntries).toBe(20);
    expect(config.storage).toEqual({ driver: 'filesystem', rootdirectory: '/data' });
    expect(config.http.secret).toBe('12345');
    expect(config.search.database).toBe('/data/janus-search.db');
  });

  it('switches the driver with REGISTRY_STORAGE, keeping storage options', () => {
    const { config } = loadConfig({
      file: DISTRIBUTION,
      env: {
        REGISTRY_STORAGE: 's3',
        REGISTRY_STORAGE_S3_BUCKET: 'images',
        REGISTRY_STORAGE_S3_REGION: 'eu-west-1',
        REGISTRY_STORAGE_DELETE_ENABLED: 'true',
      },
    });
    expect(config.storage).toMatchObject({ driver: 's3', bucket: 'images', region: 'eu-west-1' });
    expect(config.deleteEnabled).toBe(true);
    expect(config.search.database).toBe(':memory:');
  });

  it('lets REGISTRY_HOST and REGISTRY_PORT win over http.addr', () => {
    const { config } = loadConfig({
      file: DISTRIBUTION,
      env: { REGISTRY_HTTP_ADDR: '10.0.0.1:6000', REGISTRY_HOST: '127.0.0.1', REGISTRY_PORT: '7000' },
    });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 7000 });
  });

  it('ignores unrecognized variables with a warning, as distribution does', () => {
    const { notices } = loadText(MINIMAL, { REGISTRY_SERVICE_HOST: '10.0.0.3', REGISTRY_STORAGE_INMEMORY_X: '1' });
    expect(notices.map((n) => n.message)).toEqual([
      'ignoring unrecognized environment variable REGISTRY_SERVICE_HOST',
      'ignoring unrecognized environment variable REGISTRY_STORAGE_INMEMORY_X',
    ]);
  });

  it('passes variables for accepted-only blocks through without a warning', () => {
    const { notices } = loadText(MINIMAL, { REGISTRY_HEALTH_STORAGEDRIVER_ENABLED: 'true' });
    expect(notices).toEqual([]);
  });

  it('names the variable behind an ill-typed value', () => {
    expect(() => loadText(MINIMAL, { REGISTRY_STORAGE_DELETE_ENABLED: 'maybe' })).toThrow(
      'registry.yml: key "storage.delete.enabled" (from REGISTRY_STORAGE_DELETE_ENABLED): expected a boolean, got string "maybe"',
    );
  });

  it('does not apply REGISTRY_* variables to docker-registry style files', () => {
    const file = temp.write('flavors.yml', 'dev: {storage: inmemory, standalone: true}\n');
    const { config, notices } = loadConfig({ file, env: { REGISTRY_STORAGE_DELETE_ENABLED: 'false' } });
    expect(config.deleteEnabled).toBe(true);
    expect(notices).toEqual([]);
  });
});
