import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDriver } from '../../src/storage/factory';
import { describeRegistryModel } from './model-suite';

describeRegistryModel('filesystem', async () => {
  const root = await mkdtemp(join(tmpdir(), 'janus-model-'));
  return { driver: createDriver('filesystem', { rootdirectory: root }), cleanup: () => rm(root, { recursive: true, force: true }) };
});
