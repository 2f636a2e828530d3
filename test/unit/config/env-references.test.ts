import { ConfigError } from '../../../src/config';
import { expandEnvReferences } from '../../../src/config/env-references';
import { ValueOrigins } from '../../../src/config/key-path';

function expand(value: unknown, env: Record<string, string> = {}) {
  return expandEnvReferences(value, env, new ValueOrigins(), 'f.yml: flavor dev: ');
}

describe('_env:VAR and _env:VAR:default', () => {
  it.each([
    ['true', true],
    ['off', false],
    ['5000', 5000],
    ['[a, b]', ['a', 'b']],
    ['{host: h, port: 6379}', { host: 'h', port: 6379 }],
    ['~', null],
    ['', null],
    ['"quoted 5000"', 'quoted 5000'],
    ['https://index.docker.io', 'https://index.docker.io'],
  ])('parses the variable value %j as YAML', (text, expected) => {
    expect(expand('_env:VALUE', { VALUE: text })).toEqual(expected);
  });

  it('uses the default when the variable is unset, splitting on the first two colons only', () => {
    expect(expand('_env:DB:sqlite:////tmp/docker-registry.db')).toBe('sqlite:////tmp/docker-registry.db');
    expect(expand('_env:ENDPOINT:http://host:8080/x')).toBe('http://host:8080/x');
    expect(expand('_env:PORT:5000')).toBe(5000);
    expect(expand('_env:FLAG:true')).toBe(true);
    expect(expand('_env:HEADERS:[Content-Type]')).toEqual(['Content-Type']);
  });

  it('gives null for an unset variable without default', () => {
    expect(expand('_env:NOT_SET')).toBeNull();
  });

  it('prefers the environment over the default, even when empty', () => {
    expect(expand('_env:X:fallback', { X: 'given' })).toBe('given');
    expect(expand('_env:X:fallback', { X: '' })).toBeNull();
  });

  it('expands at any depth, in mappings and lists, leaving other values alone', () => {
    const value = { a: { b: ['_env:ONE', 'literal', 7] }, c: '_env:TWO:x', d: 'not _env:THIS' };
    expect(expand(value, { ONE: '1' })).toEqual({ a: { b: [1, 'literal', 7] }, c: 'x', d: 'not _env:THIS' });
  });

  it('records where each value came from', () => {
    const origins = new ValueOrigins();
    expandEnvReferences({ cache: { port: '_env:CACHE_PORT' } }, {}, origins, '');
    expect(origins.find(['cache', 'port'])).toBe('_env:CACHE_PORT');
    expect(origins.find(['cache', 'host'])).toBeUndefined();
  });

  it('reports a value that is not valid YAML, naming the key and the variable', () => {
    let error: unknown;
    try {
      expand({ cors: { origins: '_env:ORIGINS' } }, { ORIGINS: '[a, b' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^f\.yml: flavor dev: key "cors\.origins": environment variable ORIGINS \("\[a, b"\) is not valid YAML: /,
    );
  });
});
