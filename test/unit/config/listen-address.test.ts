import { applyListenEnvironment, DEFAULT_LISTEN, parseHttpAddr } from '../../../src/config/listen-address';

describe('parseHttpAddr', () => {
  it.each([
    [':5000', { host: '0.0.0.0', port: 5000 }],
    ['localhost:8080', { host: 'localhost', port: 8080 }],
    ['[::1]:5000', { host: '::1', port: 5000 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
  ])('%s', (addr, expected) => {
    expect(parseHttpAddr(addr)).toEqual(expected);
  });

  it.each(['5000', 'host:http', ':70000', '::1:5000'])('rejects %s', (addr) => {
    expect(() => parseHttpAddr(addr)).toThrow(`"${addr}" is not a listen address`);
  });
});

describe('applyListenEnvironment', () => {
  it('keeps the base when REGISTRY_HOST/REGISTRY_PORT are unset or empty', () => {
    expect(applyListenEnvironment(DEFAULT_LISTEN, { REGISTRY_HOST: '', REGISTRY_PORT: ' ' })).toEqual(DEFAULT_LISTEN);
  });

  it('overrides host and port independently', () => {
    expect(applyListenEnvironment({ host: 'a', port: 1 }, { REGISTRY_PORT: '5001' })).toEqual({ host: 'a', port: 5001 });
    expect(applyListenEnvironment({ host: 'a', port: 1 }, { REGISTRY_HOST: '::' })).toEqual({ host: '::', port: 1 });
  });

  it('rejects a port out of range', () => {
    expect(() => applyListenEnvironment(DEFAULT_LISTEN, { REGISTRY_PORT: '65536' })).toThrow(
      'REGISTRY_PORT must be a port number 0-65535, got "65536"',
    );
  });
});
