/**
 * Runs the benchmark in smoke mode (tiny sizes, one round, 1 s of load per rate) against the built
 * Janus and the reference registry, and checks that the table has every row with a value. No
 * timing is asserted: this proves each measurement path still works.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROWS } from '../../bench/src/rows';
import { describeWithTools } from '../e2e/helpers/has-tool';

const ROOT = resolve(__dirname, '..', '..');

describeWithTools(['docker-registry', 'skopeo', 'wrk', 'hey', 'curl'])('npm run bench -- --smoke', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('prints and writes a table with every row measured', () => {
    expect(existsSync(join(ROOT, 'dist', 'main.js'))).toBe(true);
    // the build of dist/ is left to `npm test`'s pretest; only the bench itself is compiled here
    const compile = spawnSync('npx', ['tsc', '-p', 'bench/tsconfig.json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(compile.stdout + compile.stderr).not.toMatch(/error TS/);
    expect(compile.status).toBe(0);

    const outFile = join(outDir, 'smoke.md');
    const run = spawnSync(process.execPath, ['bench/dist/bench/src/main.js', '--smoke', '--out', outFile], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
      env: { ...process.env, BENCH_SMOKE: '1' },
    });
    if (run.status !== 0) process.stderr.write(`bench smoke output:\n${run.stdout}\n${run.stderr}\n`);
    expect(run.status).toBe(0);

    const table = readFileSync(outFile, 'utf8');
    expect(run.stdout).toContain(table.trim().split('\n')[0]);
    expect(table).toMatch(/\| nproc \| \d+ \|/);
    for (const row of ROWS) {
      const line = table.split('\n').find((l) => l.startsWith(`| ${row.label} |`));
      expect(line).toBeDefined();
      expect(line).not.toContain('FAILED');
      // the Janus column holds a number
      expect(line!.split('|')[3]!.trim()).toMatch(/^[\d,.]+$/);
    }
    expect(existsSync(outFile.replace(/\.md$/, '.json'))).toBe(true);
  }, 300_000);
});
