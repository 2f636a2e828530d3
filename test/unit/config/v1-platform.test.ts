import { loadConfig } from '../../../src/config';
import { createTempConfigDir } from './temp-config';

describe('the V1 platform of multi-platform images', () => {
  const temp = createTempConfigDir();
  afterAll(() => temp.cleanup());

  test('defaults to linux/amd64 in both file styles', () => {
    const legacy = temp.write('a.yml', 'dev:\n  storage: inmemory\n');
    const distribution = temp.write('b.yml', 'version: 0.1\nstorage: {inmemory: {}}\n');
    expect(loadConfig({ file: legacy, env: {} }).config.v1.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(loadConfig({ file: distribution, env: {} }).config.v1.platform).toEqual({ os: 'linux', architecture: 'amd64' });
  });

  test('is set with v1_platform or compatibility.v1.platform, variant included', () => {
    const legacy = temp.write('c.yml', 'dev:\n  storage: inmemory\n  v1_platform: linux/arm64\n');
    const distribution = temp.write('d.yml', 'version: 0.1\nstorage: {inmemory: {}}\ncompatibility: {v1: {platform: linux/arm/v7}}\n');
    expect(loadConfig({ file: legacy, env: {} }).config.v1.platform).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(loadConfig({ file: distribution, env: {} }).config.v1.platform).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
  });

  test('a malformed platform stops the start with a message naming it', () => {
    const bad = temp.write('e.yml', 'dev:\n  storage: inmemory\n  v1_platform: amd64\n');
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/v1 platform "amd64" is not "os\/architecture\[\/variant\]"/);
  });
});
