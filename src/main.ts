/**
 * Process entry: load the configuration (DOCKER_REGISTRY_CONFIG, SETTINGS_FLAVOR, REGISTRY_HOST,
 * REGISTRY_PORT), build the app and listen. SIGTERM/SIGINT drain connections and exit. With
 * `workers` above 1 this process becomes the primary of that many workers (src/cluster), each
 * of which runs this same entry.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createApp } from './app';
import { shareSearchIndexChanges } from './cluster/peer-messages';
import { runPrimary } from './cluster/primary';
import { currentRole, type ProcessRole } from './cluster/process-role';
import { loadConfig, type JanusConfig } from './config';
import type { BasicAuth } from './http/basic-auth';
import { HtpasswdFile } from './http/htpasswd';
import { createLogger, type Logger } from './logger';
import { createRegistryModel } from './registry/model';
import { importInPlaceStore } from './registry/legacy-store/background-import';
import { scheduleUploadPurging } from './registry/upload-purger';
import { openAndPrepareSearchIndex } from './search';
import { createStorageDriver } from './storage/from-config';

/** the server, or undefined in the primary of several workers */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<Server | undefined> {
  let config: JanusConfig;
  let notices: readonly { level: 'info' | 'warn'; message: string }[];
  try {
    ({ config, notices } = loadConfig({ file: env.DOCKER_REGISTRY_CONFIG, flavor: env.SETTINGS_FLAVOR, env }));
  } catch (error) {
    process.stderr.write(`janus: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.log.level).child(config.log.fields);
  const role = currentRole(env);
  // workers load the same file: the primary (or a lone process) has said what there is to say
  if (role === 'alone') {
    for (const notice of notices) logger[notice.level](notice.message);
    logger.info({ file: config.source.file, flavor: config.source.flavor, storage: config.storage.driver }, 'configuration loaded');
  }
  if (role === 'alone' && config.workers > 1) {
    runPrimary(config.workers, logger);
    return undefined;
  }
  return serve(config, role === 'alone' ? logger : logger.child({ pid: process.pid, role }), role);
}

async function serve(config: JanusConfig, logger: Logger, role: ProcessRole): Promise<Server> {
  const preparesSharedState = role !== 'follower';

  const driver = createStorageDriver(config.storage);
  const model = createRegistryModel(driver, {
    deleteEnabled: config.deleteEnabled,
    schema1SigningKeyFile: config.schema1.signingKeyFile,
    v1Platform: config.v1.platform,
  });
  const search = config.search.enabled
    ? openAndPrepareSearchIndex(config.search.database, model, logger, { rebuild: preparesSharedState })
    : undefined;
  if (search && role !== 'alone') shareSearchIndexChanges(search.index);
  if (role === 'leader') await model.prepareSchema1SigningKey();
  const app = createApp({
    model,
    logger,
    redirect: config.redirect,
    readOnly: config.readOnly,
    catalogMaxEntries: config.catalog.maxEntries,
    headers: config.http.headers,
    accessLog: config.log.accessLog,
    search: search?.index,
    auth: config.auth ? htpasswdAuth(config.auth.htpasswd) : undefined,
    v1: {
      standalone: config.v1.standalone,
      disableTokenAuth: config.v1.disableTokenAuth,
      issue: config.v1.issue,
      flavor: config.source.flavor,
      registryEndpoints: config.v1.registryEndpoints,
      indexEndpoint: config.v1.indexEndpoint,
    },
  });
  const server = config.http.tls
    ? createHttpsServer({ cert: readFileSync(config.http.tls.certificate), key: readFileSync(config.http.tls.key) }, app)
    : createHttpServer(app);
  // uploads of large layers may take long; never cut a slow client mid-request
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  server.listen(config.listen.port, config.listen.host, () => {
    logger.info({ host: config.listen.host, port: config.listen.port, tls: Boolean(config.http.tls) }, 'janus listening');
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'server error');
    process.exit(1);
  });
  const stopPurging =
    preparesSharedState && config.uploadPurging.enabled && !config.readOnly
      ? scheduleUploadPurging(driver, config.uploadPurging, logger)
      : undefined;
  const stopImport = new AbortController();
  if (preparesSharedState) void importInPlaceStore(model, logger, stopImport.signal);
  installShutdown(server, logger, async () => {
    stopImport.abort();
    stopPurging?.();
    await search?.close();
  });
  return server;
}

function htpasswdAuth(settings: { realm: string; path: string }): BasicAuth {
  const file = new HtpasswdFile(settings.path);
  return { realm: settings.realm, verify: (authorization) => file.verify(authorization) };
}

function installShutdown(server: Server, logger: Logger, closeResources: () => Promise<void>): void {
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => void closeResources().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  void main();
}
