import { load } from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../../../src/config';
import { SAMPLE } from './temp-config';

const sampleFlavors = Object.keys(load(fs.readFileSync(SAMPLE, 'utf8')) as object);

/** What the object-store flavors need from the environment to be complete. */
const FLAVOR_ENV: Record<string, Record<string, string>> = {
  s3: { AWS_BUCKET: 'images', AWS_REGION: 'eu-west-1', AWS_KEY: 'AK', AWS_SECRET: 'SK' },
  prod: { AWS_BUCKET: 'images' },
  'ceph-s3': { AWS_BUCKET: 'images', AWS_HOST: '127.0.0.1', AWS_PORT: '8080' },
  swift: { OS_AUTH_URL: 'http://127.0.0.1:5000/v3', OS_CONTAINER: 'registry', OS_USERNAME: 'u', OS_PASSWORD: 'p' },
};

describe('config_sample.yml', () => {
  it('has the flavors the docs promise', () => {
    expect(sampleFlavors).toEqual(
      expect.arrayContaining(['common', 'local', 's3', 'ceph-s3', 'swift', 'dev', 'test', 'prod', 'inmemory']),
    );
  });

  it.each(sampleFlavors)('loads flavor %s without error or warning', (flavor) => {
    const { config, notices } = loadConfig({ file: SAMPLE, flavor, env: FLAVOR_ENV[flavor] ?? {} });
    expect(config.source).toEqual({ file: SAMPLE, flavor, style: 'docker-registry' });
    expect(notices.filter((n) => n.level === 'warn')).toEqual([]);
  });

  it('is what a fresh checkout starts with by default (flavor dev, found in the project root)', () => {
    const { config, notices } = loadConfig({ env: {}, cwd: path.join(PROJECT_ROOT, 'test') });
    expect(notices).toEqual([]);
    expect(config).toEqual({
      source: { file: SAMPLE, flavor: 'dev', style: 'docker-registry' },
      listen: { host: '0.0.0.0', port: 5000 },
      http: { headers: {}, relativeUrls: false },
      log: { level: 'info', accessLog: true, fields: {} },
      storage: { driver: 'filesystem', rootdirectory: './data/registry' },
      deleteEnabled: true,
      redirect: false,
      readOnly: false,
      uploadPurging: { enabled: true, ageMs: 168 * 3_600_000, intervalMs: 24 * 3_600_000, dryRun: false },
      v1: {
        standalone: true,
        disableTokenAuth: false,
        issue: '"docker-registry server"',
        debug: false,
        indexEndpoint: 'https://index.docker.io',
        platform: { os: 'linux', architecture: 'amd64' },
      },
      search: { enabled: true, database: './data/docker-registry.db' },
      schema1: {},
      catalog: { maxEntries: 1000 },
      workers: 1,
    });
  });

  it('honours the _env overrides the sample documents', () => {
    const { config } = loadConfig({
      file: SAMPLE,
      env: {
        STORAGE_PATH: '/srv/registry',
        SQLALCHEMY_INDEX_DATABASE: 'sqlite:////srv/search.db',
        STANDALONE: 'false',
        LOGLEVEL: 'WARNING',
        INDEX_ENDPOINT: 'https://index.example.com/',
      },
    });
    expect(config.storage).toEqual({ driver: 'filesystem', rootdirectory: '/srv/registry' });
    expect(config.search).toEqual({ enabled: true, database: '/srv/search.db' });
    expect(config.v1.standalone).toBe(false);
    expect(config.v1.indexEndpoint).toBe('https://index.example.com');
    expect(config.log.level).toBe('warn');
  });

  it('gives the test flavor an in-memory search index and ./tmp/test storage', () => {
    const { config } = loadConfig({ file: SAMPLE, flavor: 'test', env: {} });
    expect(config.storage).toEqual({ driver: 'filesystem', rootdirectory: './tmp/test' });
    expect(config.search).toEqual({ enabled: true, database: ':memory:' });
    expect(config.v1.indexEndpoint).toBe('https://registry-stage.hub.docker.com');
    expect(config.log.level).toBe('warn');
  });

  it('maps the s3 flavor', () => {
    const { config } = loadConfig({ file: SAMPLE, flavor: 's3', env: FLAVOR_ENV.s3 as Record<string, string> });
    expect(config.storage).toEqual({
      driver: 's3',
      bucket: 'images',
      region: 'eu-west-1',
      accessKey: 'AK',
      secretKey: 'SK',
      secure: true,
      forcePathStyle: false,
      rootdirectory: 'registry',
      chunkSize: 10 * 1024 * 1024,
      encrypt: true,
    });
  });

  it('maps the ceph-s3 flavor to a path-style endpoint whose scheme follows s3_secure', () => {
    const { config } = loadConfig({ file: SAMPLE, flavor: 'ceph-s3', env: FLAVOR_ENV['ceph-s3'] as Record<string, string> });
    expect(config.storage).toMatchObject({
      driver: 's3',
      endpoint: 'http://127.0.0.1:8080',
      secure: false,
      forcePathStyle: true,
      encrypt: false,
    });
    expect(config.storage).not.toHaveProperty('region');
  });

  it('maps the swift flavor', () => {
    const env = { ...FLAVOR_ENV.swift, OS_TENANT_NAME: 'demo', OS_REGION_NAME: 'RegionOne', STORAGE_PATH: '/a/b/' };
    const { config } = loadConfig({ file: SAMPLE, flavor: 'swift', env });
    expect(config.storage).toEqual({
      driver: 'swift',
      authUrl: 'http://127.0.0.1:5000/v3',
      username: 'u',
      password: 'p',
      container: 'registry',
      tenant: 'demo',
      region: 'RegionOne',
      rootdirectory: 'a/b',
    });
  });

  it('names the unset environment variable when a swift setting is missing', () => {
    const { OS_AUTH_URL: _unused, ...withoutAuthUrl } = FLAVOR_ENV.swift as Record<string, string>;
    expect(() => loadConfig({ file: SAMPLE, flavor: 'swift', env: withoutAuthUrl })).toThrow(
      'flavor swift: storage swift needs "swift_authurl" (it is _env:OS_AUTH_URL, which is unset)',
    );
  });

  it('loads the inmemory flavor with an in-memory search index', () => {
    const { config } = loadConfig({ file: SAMPLE, flavor: 'inmemory', env: {} });
    expect(config.storage).toEqual({ driver: 'inmemory' });
    expect(config.search).toEqual({ enabled: true, database: ':memory:' });
  });

  it('returns a deep-frozen result', () => {
    const loaded = loadConfig({ file: SAMPLE, env: {} });
    expect(Object.isFrozen(loaded)).toBe(true);
    expect(Object.isFrozen(loaded.config.storage)).toBe(true);
    expect(Object.isFrozen(loaded.config.v1)).toBe(true);
    expect(Object.isFrozen(loaded.notices)).toBe(true);
    expect(() => {
      (loaded.config.listen as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});
