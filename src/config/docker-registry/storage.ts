import { ConfigError } from '../config-error';
import {
  DEFAULT_LOCAL_STORAGE_PATH,
  DEFAULT_REMOTE_STORAGE_PATH,
  S3_DEFAULT_CHUNK_SIZE,
} from '../defaults';
import type { ValueOrigins } from '../key-path';
import { storageDriverError, trimSlashes } from '../storage-drivers';
import type { ConfigNotice, StorageConfig } from '../types';
import type { DockerRegistryFlavor } from './schema';

const SUPPORTED = 'local/file, s3, swift, inmemory';

/** Maps docker-registry's flat `storage`/`s3_*`/`swift_*` keys to a Janus storage config. */
export function dockerRegistryStorage(
  flavor: DockerRegistryFlavor,
  origins: ValueOrigins,
  errorPrefix: string,
  notices: ConfigNotice[],
): StorageConfig {
  const required = (key: keyof DockerRegistryFlavor & string, driver: string): string => {
    const value = flavor[key];
    if (typeof value === 'string' && value !== '') return value;
    const origin = origins.find([key]);
    const hint = origin ? ` (it is ${origin}, which is unset)` : '';
    throw new ConfigError(`${errorPrefix}storage ${driver} needs "${key}"${hint}`);
  };
  const driver = (flavor.storage ?? 'local').toLowerCase();

  switch (driver) {
    case 'local':
    case 'file':
      return { driver: 'filesystem', rootdirectory: flavor.storage_path ?? DEFAULT_LOCAL_STORAGE_PATH };
    case 'inmemory':
      return { driver: 'inmemory' };
    case 's3': {
      const bucket = flavor.s3_bucket ?? flavor.boto_bucket;
      if (!bucket) required('s3_bucket', 's3');
      if (flavor.s3_bucket && flavor.boto_bucket && flavor.s3_bucket !== flavor.boto_bucket) {
        notices.push({
          level: 'warn',
          message: `${errorPrefix}s3_bucket "${flavor.s3_bucket}" and boto_bucket "${flavor.boto_bucket}" differ; using s3_bucket`,
        });
      }
      const secure = flavor.s3_secure ?? flavor.boto_secure ?? true;
      const endpoint = flavor.boto_host
        ? `${secure ? 'https' : 'http'}://${flavor.boto_host}${flavor.boto_port ? `:${flavor.boto_port}` : ''}`
        : undefined;
      return {
        driver: 's3',
        bucket: bucket as string,
        ...(flavor.s3_region ? { region: flavor.s3_region } : {}),
        ...(endpoint ? { endpoint } : {}),
        ...(flavor.s3_access_key ? { accessKey: flavor.s3_access_key } : {}),
        ...(flavor.s3_secret_key ? { secretKey: flavor.s3_secret_key } : {}),
        secure,
        // boto's OrdinaryCallingFormat = path-style requests; its default was virtual-host style
        forcePathStyle: /OrdinaryCallingFormat$/.test(flavor.boto_calling_format ?? ''),
        rootdirectory: trimSlashes(flavor.storage_path ?? DEFAULT_REMOTE_STORAGE_PATH),
        chunkSize: S3_DEFAULT_CHUNK_SIZE,
        encrypt: flavor.s3_encrypt ?? false,
      };
    }
    case 'swift':
      return {
        driver: 'swift',
        authUrl: required('swift_authurl', 'swift'),
        username: required('swift_user', 'swift'),
        password: required('swift_password', 'swift'),
        container: required('swift_container', 'swift'),
        ...(flavor.swift_tenant_name ? { tenant: flavor.swift_tenant_name } : {}),
        ...(flavor.swift_region_name ? { region: flavor.swift_region_name } : {}),
        rootdirectory: trimSlashes(flavor.storage_path ?? DEFAULT_REMOTE_STORAGE_PATH),
      };
    default:
      throw new ConfigError(`${errorPrefix}${storageDriverError(flavor.storage ?? driver, SUPPORTED)}`);
  }
}
