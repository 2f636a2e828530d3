import { parseV1Platform } from '../v1-platform';
import path from 'node:path';
import { ConfigError } from '../config-error';
import {
  DEFAULT_CATALOG_MAX_ENTRIES,
  DEFAULT_INDEX_ENDPOINT,
  DEFAULT_ISSUE,
  DEFAULT_UPLOAD_PURGING,
  SEARCH_DATABASE_FILE,
} from '../defaults';
import type { Environment } from '../env-references';
import { parseGoDuration } from '../go-duration';
import { applyListenEnvironment, parseHttpAddr } from '../listen-address';
import { toLogLevel } from '../log-level';
import type { NormalizedBody } from '../normalized';
import { sqliteDatabaseFromUrl } from '../sqlalchemy-url';
import type { ConfigNotice, StorageConfig } from '../types';
import type { DistributionConfig } from './schema';
import { distributionStorage } from './storage';
import { resolveWorkers } from '../workers';

type Http = NonNullable<DistributionConfig['http']>;

function listenAddress(http: Http, env: Environment, errorPrefix: string): NormalizedBody['listen'] {
  if (http.net === 'unix') throw new ConfigError(`${errorPrefix}http.net "unix" is not supported by Janus; use tcp`);
  try {
    return applyListenEnvironment(parseHttpAddr(http.addr ?? ':5000'), env);
  } catch (error) {
    throw new ConfigError(`${errorPrefix}${(error as Error).message}`);
  }
}

function headerLists(headers: Http['headers']): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lists[name] = typeof value === 'string' ? [value] : [...value];
  return lists;
}

/**
 * The V1 search index is derived data. Default: a file inside the filesystem root (same
 * volume, writable, survives restarts), or an in-memory index rebuilt at start for other
 * drivers. The optional Janus key `search: {enabled, database}` overrides both.
 */
function searchSettings(
  search: DistributionConfig['search'],
  storage: StorageConfig,
  errorPrefix: string,
): NormalizedBody['search'] {
  const enabled = search?.enabled ?? true;
  const configured = search?.database;
  if (configured) {
    try {
      return { enabled, database: configured.startsWith('sqlite') ? sqliteDatabaseFromUrl(configured) : configured };
    } catch (error) {
      throw new ConfigError(`${errorPrefix}search.database: ${(error as Error).message}`);
    }
  }
  const database = storage.driver === 'filesystem' ? path.join(storage.rootdirectory, SEARCH_DATABASE_FILE) : ':memory:';
  return { enabled, database };
}

function authSettings(
  auth: DistributionConfig['auth'],
  errorPrefix: string,
  notices: ConfigNotice[],
): NormalizedBody['auth'] {
  const methods = Object.entries(auth ?? {}).filter(([, value]) => value !== null && value !== undefined);
  if (methods.length > 1) {
    throw new ConfigError(`${errorPrefix}auth: configure one method, found ${methods.map(([name]) => name).join(', ')}`);
  }
  if (auth?.htpasswd) return { htpasswd: { ...auth.htpasswd } };
  for (const method of ['token', 'silly'] as const) {
    if (auth?.[method]) {
      notices.push({
        level: 'warn',
        message: `${errorPrefix}auth.${method} is accepted but not enforced by Janus: requests are NOT authenticated`,
      });
    }
  }
  return undefined;
}

function ignoredFeatureNotices(config: DistributionConfig, errorPrefix: string): ConfigNotice[] {
  const endpoints = config.notifications?.endpoints;
  const ignored: [string, boolean][] = [
    ['notifications.endpoints', Array.isArray(endpoints) && endpoints.length > 0],
    ['proxy.remoteurl (pull-through cache)', Boolean(config.proxy?.remoteurl)],
    ['middleware', Object.keys(config.middleware ?? {}).length > 0],
    ['log.hooks', (config.log?.hooks?.length ?? 0) > 0],
  ];
  return ignored
    .filter(([, isSet]) => isSet)
    .map(([key]) => ({ level: 'warn' as const, message: `${errorPrefix}${key} is set but Janus ignores it` }));
}

function uploadPurging(config: DistributionConfig): NormalizedBody['uploadPurging'] {
  const purging = config.storage.maintenance?.uploadpurging;
  return {
    enabled: purging?.enabled ?? DEFAULT_UPLOAD_PURGING.enabled,
    ageMs: purging?.age ? (parseGoDuration(purging.age) as number) : DEFAULT_UPLOAD_PURGING.ageMs,
    intervalMs: purging?.interval ? (parseGoDuration(purging.interval) as number) : DEFAULT_UPLOAD_PURGING.intervalMs,
    dryRun: purging?.dryrun ?? DEFAULT_UPLOAD_PURGING.dryRun,
  };
}

export function normalizeDistributionConfig(
  config: DistributionConfig,
  env: Environment,
  errorPrefix: string,
  notices: ConfigNotice[],
): NormalizedBody {
  notices.push(...ignoredFeatureNotices(config, errorPrefix));
  const http = config.http ?? {};
  const storage = distributionStorage(config.storage, errorPrefix);
  const signingKeyFile = config.compatibility?.schema1?.signingkeyfile;
  const auth = authSettings(config.auth, errorPrefix, notices);

  return {
    listen: listenAddress(http, env, errorPrefix),
    http: {
      headers: headerLists(http.headers),
      ...(http.secret ? { secret: http.secret } : {}),
      ...(http.tls ? { tls: { certificate: http.tls.certificate, key: http.tls.key } } : {}),
      relativeUrls: http.relativeurls ?? false,
      ...(http.host ? { host: http.host } : {}),
      ...(http.prefix ? { prefix: http.prefix } : {}),
    },
    log: {
      level: toLogLevel(config.log?.level ?? config.loglevel ?? 'info') ?? 'info',
      accessLog: !(config.log?.accesslog?.disabled ?? false),
      fields: { ...(config.log?.fields ?? {}) },
    },
    storage,
    deleteEnabled: config.storage.delete?.enabled ?? false,
    redirect: !(config.storage.redirect?.disable ?? false),
    readOnly: config.storage.maintenance?.readonly?.enabled ?? false,
    uploadPurging: uploadPurging(config),
    v1: {
      standalone: true,
      disableTokenAuth: false,
      issue: DEFAULT_ISSUE,
      debug: false,
      indexEndpoint: DEFAULT_INDEX_ENDPOINT,
      platform: parseV1Platform(config.compatibility?.v1?.platform, errorPrefix),
    },
    search: searchSettings(config.search, storage, errorPrefix),
    ...(auth ? { auth } : {}),
    schema1: signingKeyFile ? { signingKeyFile } : {},
    catalog: { maxEntries: config.catalog?.maxentries ?? DEFAULT_CATALOG_MAX_ENTRIES },
    workers: resolveWorkers(http.workers),
  };
}
