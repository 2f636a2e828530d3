import { parseV1Platform } from '../v1-platform';
import { ConfigError } from '../config-error';
import {
  DEFAULT_CATALOG_MAX_ENTRIES,
  DEFAULT_INDEX_ENDPOINT,
  DEFAULT_ISSUE,
  DEFAULT_SQLALCHEMY_URL,
  DEFAULT_UPLOAD_PURGING,
} from '../defaults';
import type { Environment } from '../env-references';
import type { ValueOrigins } from '../key-path';
import { applyListenEnvironment, DEFAULT_LISTEN } from '../listen-address';
import { toLogLevel } from '../log-level';
import type { NormalizedBody } from '../normalized';
import { sqliteDatabaseFromUrl } from '../sqlalchemy-url';
import type { ConfigNotice } from '../types';
import type { DockerRegistryFlavor } from './schema';
import { dockerRegistryStorage } from './storage';
import { dockerRegistryWorkers } from '../workers';

function searchSettings(flavor: DockerRegistryFlavor, errorPrefix: string): NormalizedBody['search'] {
  const backend = (flavor.search_backend ?? '').trim();
  if (backend !== '' && backend.toLowerCase() !== 'sqlalchemy') {
    throw new ConfigError(
      `${errorPrefix}search_backend "${backend}" is not supported by Janus; use "sqlalchemy" or leave it empty`,
    );
  }
  const url = flavor.sqlalchemy_index_database ?? DEFAULT_SQLALCHEMY_URL;
  try {
    return { enabled: backend !== '', database: sqliteDatabaseFromUrl(url) };
  } catch (error) {
    throw new ConfigError(`${errorPrefix}sqlalchemy_index_database: ${(error as Error).message}`);
  }
}

/** Keys Janus accepts but does not act on, when they are actually set. */
function ignoredFeatureNotices(flavor: DockerRegistryFlavor, errorPrefix: string): ConfigNotice[] {
  const ignored: [string, unknown][] = [
    ['mirroring.source', flavor.mirroring?.source],
    ['cloudfront', flavor.cloudfront?.base],
    ['nginx_x_accel_redirect', flavor.nginx_x_accel_redirect],
    ['email_exceptions.smtp_host', flavor.email_exceptions?.smtp_host],
    ['bugsnag', flavor.bugsnag],
    ['cors.origins', flavor.cors?.origins],
  ];
  return ignored
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key]) => ({ level: 'warn' as const, message: `${errorPrefix}"${key}" is set but Janus ignores it` }));
}

export function normalizeDockerRegistryFlavor(
  flavor: DockerRegistryFlavor,
  env: Environment,
  origins: ValueOrigins,
  errorPrefix: string,
  notices: ConfigNotice[],
): NormalizedBody {
  notices.push(...ignoredFeatureNotices(flavor, errorPrefix));
  if (flavor.standalone === null || flavor.standalone === undefined) {
    notices.push({
      level: 'info',
      message: `${errorPrefix}"standalone" is unset; Janus defaults it to true (docker-registry 0.8+ treated unset as false)`,
    });
  }
  let listen;
  try {
    listen = applyListenEnvironment(DEFAULT_LISTEN, env);
  } catch (error) {
    throw new ConfigError(`${errorPrefix}${(error as Error).message}`);
  }
  const indexEndpoint = (flavor.index_endpoint ?? DEFAULT_INDEX_ENDPOINT).replace(/^\/+|\/+$/g, '');

  return {
    listen,
    http: { headers: {}, relativeUrls: false },
    log: { level: toLogLevel(flavor.loglevel ?? 'info') ?? 'info', accessLog: true, fields: {} },
    storage: dockerRegistryStorage(flavor, origins, errorPrefix, notices),
    deleteEnabled: true,
    redirect: flavor.storage_redirect ?? false,
    readOnly: false,
    uploadPurging: { ...DEFAULT_UPLOAD_PURGING },
    v1: {
      standalone: flavor.standalone ?? true,
      disableTokenAuth: flavor.disable_token_auth ?? false,
      issue: flavor.issue ?? DEFAULT_ISSUE,
      debug: flavor.debug ?? false,
      ...(flavor.registry_endpoints ? { registryEndpoints: flavor.registry_endpoints } : {}),
      indexEndpoint,
      ...(flavor.privileged_key ? { privilegedKey: flavor.privileged_key } : {}),
      platform: parseV1Platform(flavor.v1_platform, errorPrefix),
    },
    search: searchSettings(flavor, errorPrefix),
    ...(flavor.auth ? { auth: { htpasswd: { ...flavor.auth.htpasswd } } } : {}),
    schema1: {},
    catalog: { maxEntries: DEFAULT_CATALOG_MAX_ENTRIES },
    workers: dockerRegistryWorkers(flavor.workers, env, errorPrefix, notices),
  };
}
