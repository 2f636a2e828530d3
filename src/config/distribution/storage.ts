import { ConfigError } from '../config-error';
import { DEFAULT_FILESYSTEM_ROOT, S3_DEFAULT_CHUNK_SIZE, S3_MIN_CHUNK_SIZE } from '../defaults';
import { storageDriverError, trimSlashes } from '../storage-drivers';
import type { StorageConfig } from '../types';
import { STORAGE_OPTION_KEYS, type DistributionConfig } from './schema';

const SUPPORTED = 'filesystem, s3, swift, inmemory';

/** distribution's `storage` block: exactly one driver key plus options. */
export function distributionStorage(storage: DistributionConfig['storage'], errorPrefix: string): StorageConfig {
  const drivers = Object.keys(storage).filter(
    (key) => !STORAGE_OPTION_KEYS.has(key) && storage[key as keyof typeof storage] !== undefined,
  );
  if (drivers.length !== 1) {
    throw new ConfigError(
      `${errorPrefix}storage: exactly one driver expected (${SUPPORTED}), found ${drivers.join(', ') || 'none'}`,
    );
  }
  const driver = drivers[0] as string;
  if (driver === 'filesystem') {
    return { driver: 'filesystem', rootdirectory: storage.filesystem?.rootdirectory ?? DEFAULT_FILESYSTEM_ROOT };
  }
  if (driver === 'inmemory') return { driver: 'inmemory' };
  if (driver === 's3' && storage.s3) {
    const s3 = storage.s3;
    const chunkSize = s3.chunksize === null || s3.chunksize === undefined ? S3_DEFAULT_CHUNK_SIZE : Number(s3.chunksize);
    if (chunkSize < S3_MIN_CHUNK_SIZE) {
      throw new ConfigError(`${errorPrefix}key "storage.s3.chunksize": must be at least ${S3_MIN_CHUNK_SIZE} (5 MiB)`);
    }
    return {
      driver: 's3',
      bucket: s3.bucket,
      ...(s3.region ? { region: s3.region } : {}),
      ...(s3.regionendpoint ? { endpoint: s3.regionendpoint } : {}),
      ...(s3.accesskey ? { accessKey: s3.accesskey } : {}),
      ...(s3.secretkey ? { secretKey: s3.secretkey } : {}),
      secure: s3.secure ?? true,
      forcePathStyle: s3.forcepathstyle ?? false,
      rootdirectory: trimSlashes(s3.rootdirectory ?? ''),
      chunkSize,
      encrypt: s3.encrypt ?? false,
    };
  }
  if (driver === 'swift' && storage.swift) {
    const swift = storage.swift;
    return {
      driver: 'swift',
      authUrl: swift.authurl,
      username: swift.username,
      password: swift.password,
      container: swift.container,
      ...(swift.tenant ? { tenant: swift.tenant } : {}),
      ...(swift.region ? { region: swift.region } : {}),
      rootdirectory: trimSlashes(swift.rootdirectory ?? ''),
    };
  }
  throw new ConfigError(`${errorPrefix}${storageDriverError(driver, SUPPORTED)}`);
}
