import { createDriver } from '../../src/storage/factory';
import { describeRegistryModel } from './model-suite';

describeRegistryModel('inmemory', async () => ({ driver: createDriver('inmemory', {}), cleanup: async () => undefined }));
