/**
 * `janus migrate` on a 0.6.9-style store of 200 images in 20 repositories: an uninterrupted run,
 * and a run killed with SIGKILL then resumed, end with the same store; every tag pulls over V1
 * and V2 with its original layer contents. Prints the migration time and throughput.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { isValidRepositoryName } from '../../src/util/reference';
import { generateScenarioStore, type LegacyTagFacts, type ScenarioStore } from '../fixtures/legacy-store';
import { startTestRegistry } from '../helpers/test-registry';
import { V1Client } from '../protocol/helpers/v1-client';

jest.setTimeout(300_000);

const PROJECT_ROOT = resolve(__dirname, '..', '..');
const CLI = join(PROJECT_ROOT, 'dist', 'cli.js');

function modelName(tag: LegacyTagFacts): string {
  return tag.namespace === 'library' ? tag.name : `${tag.namespace}/${tag.name}`;
}

async function configFor(dir: string, storagePath: string): Promise<string> {
  const file = join(dir, `config-${createHash('sha1').update(storagePath).digest('hex').slice(0, 8)}.yml`);
  await writeFile(file, `migrate:\n  storage: local\n  storage_path: ${JSON.stringify(storagePath)}\n`);
  return file;
}

function migrateArgs(from: string, to: string): string[] {
  return [CLI, 'migrate', '--config', from, '--flavor', 'migrate', '--to-config', to, '--to-flavor', 'migrate', '--json', '--no-progress'];
}

async function nativeFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (entry.name === '_uploads' || entry.name.startsWith('~')) continue;
      if (entry.isDirectory()) await walk(path);
      else files.push(rel);
    }
  };
  await walk(root);
  return files.sort();
}

describe('janus migrate (200 images, 20 repositories, docker-registry 0.6.9)', () => {
  let work: string;
  let legacyRoot: string;
  let scenario: ScenarioStore;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm run build)`);
    work = await mkdtemp(join(tmpdir(), 'janus-migrate-cli-'));
    legacyRoot = join(work, 'legacy');
    scenario = await generateScenarioStore(legacyRoot, '0.6.9', { images: 200, repositories: 20, seed: 42 });
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  test('a killed migration resumes and ends identical to an uninterrupted one', async () => {
    const source = await configFor(work, legacyRoot);
    const straight = await configFor(work, join(work, 'straight'));
    const resumed = await configFor(work, join(work, 'resumed'));

    const started = Date.now();
    const run = spawnSync(process.execPath, migrateArgs(source, straight), { encoding: 'utf8' });
    const seconds = (Date.now() - started) / 1000;
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { images: { migrated: number }; bytes: number; tags: { migrated: number } };
    const mib = report.bytes / 1048576;
    console.log(`janus migrate: ${report.images.migrated} images, ${report.tags.migrated} tags, ${mib.toFixed(1)} MiB in ${seconds.toFixed(2)} s (${(mib / seconds).toFixed(1)} MiB/s, ${(report.images.migrated / seconds).toFixed(0)} images/s)`);

    const killed = spawn(process.execPath, migrateArgs(source, resumed), { stdio: 'ignore' });
    for (let i = 0; i < 200 && !existsSync(join(work, 'resumed', 'janus', 'v1', 'images')); i++) await sleep(20);
    await sleep(150);
    killed.kill('SIGKILL');
    await new Promise((done) => killed.once('exit', done));
    const rerun = spawnSync(process.execPath, migrateArgs(source, resumed), { encoding: 'utf8' });
    expect(rerun.status).toBe(0);

    expect(await nativeFiles(join(work, 'resumed'))).toEqual(await nativeFiles(join(work, 'straight')));
    const a = await startTestRegistry({ storage: 'filesystem', root: join(work, 'straight') });
    const b = await startTestRegistry({ storage: 'filesystem', root: join(work, 'resumed') });
    try {
      const servable = scenario.manifest.tags.filter((t) => t.servable && isValidRepositoryName(modelName(t)));
      expect(servable.length).toBeGreaterThan(20);
      for (const tag of servable) {
        const digestOf = async (url: string) =>
          (await request(url).get(`/v2/${modelName(tag)}/manifests/${tag.tag}`).set('Accept', 'application/vnd.docker.distribution.manifest.v2+json').expect(200))
            .headers['docker-content-digest'];
        expect(await digestOf(b.url)).toBe(await digestOf(a.url));
        const pulled = await new V1Client(b.url, 'docker-1.3').pull(tag.repository, tag.tag);
        expect(pulled.ids).toEqual([...tag.chain].reverse());
        for (const layer of tag.layers) {
          expect('sha256:' + createHash('sha256').update(pulled.images.get(layer.id)!.layer).digest('hex')).toBe(layer.layerDigest);
        }
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
