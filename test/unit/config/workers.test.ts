import { availableParallelism } from 'node:os';
import { loadConfig } from '../../../src/config';
import { createTempConfigDir } from './temp-config';

describe('worker processes', () => {
  const temp = createTempConfigDir();
  afterAll(() => temp.cleanup());
  const legacy = (extra: string): string => temp.write(`legacy-${extra.length}.yml`, `dev:\n  storage: inmemory\n${extra}`);
  const distribution = (http: string): string => temp.write(`dist-${http.length}.yml`, `version: 0.1\nstorage: {inmemory: {}}\n${http}`);

  test('one process unless asked, in both file styles', () => {
    expect(loadConfig({ file: legacy(''), env: {} }).config.workers).toBe(1);
    expect(loadConfig({ file: distribution(''), env: {} }).config.workers).toBe(1);
  });

  test('workers (docker-registry style) and http.workers (distribution style), or auto for one per CPU', () => {
    expect(loadConfig({ file: legacy('  workers: 3\n'), env: {} }).config.workers).toBe(3);
    expect(loadConfig({ file: distribution('http: {workers: 2}\n'), env: {} }).config.workers).toBe(2);
    expect(loadConfig({ file: legacy('  workers: auto\n'), env: {} }).config.workers).toBe(availableParallelism());
    expect(loadConfig({ file: distribution('http: {workers: auto}\n'), env: {} }).config.workers).toBe(availableParallelism());
  });

  test('REGISTRY_HTTP_WORKERS overrides a distribution file', () => {
    expect(loadConfig({ file: distribution(''), env: { REGISTRY_HTTP_WORKERS: '4' } }).config.workers).toBe(4);
  });

  test("docker-registry's GUNICORN_WORKERS is honoured when the file does not say, with a notice", () => {
    const loaded = loadConfig({ file: legacy(''), env: { GUNICORN_WORKERS: '4' } });
    expect(loaded.config.workers).toBe(4);
    expect(loaded.notices.map((notice) => notice.message)).toContain('GUNICORN_WORKERS=4: serving with 4 worker processes');
    expect(loadConfig({ file: legacy('  workers: 2\n'), env: { GUNICORN_WORKERS: '4' } }).config.workers).toBe(2);
  });

  test('bad values are refused with the key named', () => {
    expect(() => loadConfig({ file: legacy('  workers: 0\n'), env: {} })).toThrow(/workers/);
    expect(() => loadConfig({ file: distribution('http: {workers: many}\n'), env: {} })).toThrow(/workers/);
    expect(() => loadConfig({ file: legacy(''), env: { GUNICORN_WORKERS: 'lots' } })).toThrow(/GUNICORN_WORKERS="lots" is not a number of workers from 1 to 64/);
    expect(() => loadConfig({ file: legacy(''), env: { GUNICORN_WORKERS: '0' } })).toThrow(/GUNICORN_WORKERS/);
  });
});
