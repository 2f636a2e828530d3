/**
 * Starts the reference registry (Debian `docker-registry`, distribution 2.8) on a free port with
 * filesystem storage in a temporary folder, deletes and signed schema1 enabled.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findFreePort } from './free-port';
import { spawnRegistry } from './running-registry';
import type { RunningRegistry } from './running-registry';
import { makeTempDir } from './temp-dir';

function referenceConfig(dataDir: string, port: number): string {
  const q = (value: string): string => JSON.stringify(value);
  return [
    'version: 0.1',
    'log: {level: info, fields: {service: registry}}',
    'storage:',
    '  cache: {blobdescriptor: inmemory}',
    `  filesystem: {rootdirectory: ${q(dataDir)}}`,
    '  delete: {enabled: true}',
    `http: {addr: "127.0.0.1:${port}", headers: {X-Content-Type-Options: [nosniff]}}`,
    'compatibility: {schema1: {enabled: true}}',
    '',
  ].join('\n');
}

export async function startReference(): Promise<RunningRegistry> {
  const workDir = await makeTempDir('reference');
  const dataDir = join(workDir, 'data');
  const port = await findFreePort();
  const configFile = join(workDir, 'config.yml');
  await writeFile(configFile, referenceConfig(dataDir, port));
  // AWS_CA_BUNDLE (set in some environments) makes distribution's s3 driver panic at start.
  const env = { ...process.env };
  delete env.AWS_CA_BUNDLE;
  return spawnRegistry({ kind: 'reference', command: 'docker-registry', args: ['serve', configFile], env, port, workDir, dataDir });
}
