import path from 'node:path';
import { runConfigCheck } from '../../../src/config/check';
import { FIXTURES, SAMPLE } from './temp-config';

function capture(run: () => number): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    return { code: run(), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('config check CLI', () => {
  it('prints the normalized configuration of a file and flavor', () => {
    const result = capture(() => runConfigCheck([SAMPLE, '--flavor', 'inmemory'], {}));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      source: { file: SAMPLE, flavor: 'inmemory', style: 'docker-registry' },
      storage: { driver: 'inmemory' },
    });
    expect(result.stderr).toBe('');
  });

  it('prints notices on stderr', () => {
    const result = capture(() => runConfigCheck([path.join(FIXTURES, 'legacy-0.7.yml'), '-f', 'local'], {}));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warn: .*legacy-0\.7\.yml: flavor "local" has no "<<: \*common" merge key/);
  });

  it('prints the error and exits 1', () => {
    const result = capture(() => runConfigCheck([SAMPLE], { SETTINGS_FLAVOR: 'nope' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: .*config_sample\.yml: flavor "nope" not found; flavors present: common, /);
  });

  it('exits 1 on an unknown option', () => {
    const result = capture(() => runConfigCheck(['--nope'], {}));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown option '--nope'");
  });
});
