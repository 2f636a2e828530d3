import { createDriver } from '../../src/storage/factory';
import { describeStorageDriver } from './driver-suite';

describeStorageDriver('inmemory', async () => ({ driver: createDriver('inmemory', {}), cleanup: async () => undefined }), { modTimeResolutionMs: 10 });
