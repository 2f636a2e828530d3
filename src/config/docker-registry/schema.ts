import { z } from 'zod';
import { logLevelName, optionalBoolean, optionalInteger, optionalPort, optionalString, workersSetting } from '../schema-parts';

/**
 * One docker-registry flavor after merging: every key any flavor of py0.6-0.9 used
 * (config_sample.yml of each release plus the keys read by its code), typed as py0.8+ read
 * them, plus the Janus additions `auth` and `storage: inmemory`. Unknown keys are errors.
 */
const redisCache = z
  .strictObject({ host: optionalString, port: optionalPort, db: optionalInteger, password: optionalString })
  .nullish();

const corsValue = z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]).nullish();

export const dockerRegistryFlavorSchema = z.strictObject({
  // behaviour (common)
  issue: optionalString,
  loglevel: logLevelName.nullish(),
  debug: optionalBoolean,
  standalone: optionalBoolean,
  index_endpoint: optionalString,
  registry_endpoints: optionalString,
  /** Janus: the entry of a multi-platform image that V1 clients see, "os/architecture[/variant]" */
  v1_platform: optionalString,
  /** Janus: worker processes (docker-registry's run script took GUNICORN_WORKERS) */
  workers: workersSetting,
  storage_redirect: optionalBoolean,
  disable_token_auth: optionalBoolean,
  privileged_key: optionalString,
  search_backend: optionalString,
  sqlalchemy_index_database: optionalString,
  nginx_x_accel_redirect: optionalString,
  secret_key: optionalString,
  mirroring: z
    .strictObject({ source: optionalString, source_index: optionalString, tags_cache_ttl: optionalInteger })
    .nullish(),
  cache: redisCache,
  cache_lru: redisCache,
  email_exceptions: z
    .strictObject({
      smtp_host: optionalString,
      smtp_port: optionalPort,
      smtp_login: optionalString,
      smtp_password: optionalString,
      smtp_secure: optionalBoolean,
      from_addr: optionalString,
      to_addr: optionalString,
    })
    .nullish(),
  bugsnag: optionalString,
  cors: z
    .strictObject({
      origins: corsValue,
      methods: corsValue,
      headers: corsValue,
      expose_headers: corsValue,
      supports_credentials: optionalBoolean,
      max_age: z.union([z.int(), z.string()]).nullish(),
      send_wildcard: optionalBoolean,
      always_send: optionalBoolean,
      automatic_options: optionalBoolean,
      vary_header: optionalBoolean,
      resources: corsValue,
    })
    .nullish(),
  // storage selection
  storage: optionalString,
  storage_path: optionalString,
  storage_alternate: optionalString,
  // s3 / ceph-s3 / cloudfronts3
  s3_region: optionalString,
  s3_bucket: optionalString,
  s3_encrypt: optionalBoolean,
  s3_secure: optionalBoolean,
  s3_access_key: optionalString,
  s3_secret_key: optionalString,
  s3_use_sigv4: optionalBoolean,
  boto_bucket: optionalString,
  boto_host: optionalString,
  boto_port: optionalPort,
  boto_secure: optionalBoolean,
  boto_calling_format: optionalString,
  boto_debug: optionalInteger,
  cloudfront: z.strictObject({ base: optionalString, keyid: optionalString, keysecret: optionalString }).nullish(),
  // swift
  swift_authurl: optionalString,
  swift_container: optionalString,
  swift_user: optionalString,
  swift_password: optionalString,
  swift_tenant_name: optionalString,
  swift_region_name: optionalString,
  // drivers Janus refuses at start (accepted here so the error is about the driver)
  gs_secure: optionalBoolean,
  gs_access_key: optionalString,
  gs_secret_key: optionalString,
  oauth2: optionalBoolean,
  cloud_sdk_path: optionalString,
  azure_storage_account_name: optionalString,
  azure_storage_account_key: optionalString,
  azure_storage_container: optionalString,
  azure_use_https: optionalBoolean,
  elliptics_nodes: z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]).nullish(),
  elliptics_wait_timeout: optionalInteger,
  elliptics_check_timeout: optionalInteger,
  elliptics_io_thread_num: optionalInteger,
  elliptics_net_thread_num: optionalInteger,
  elliptics_nonblocking_io_thread_num: optionalInteger,
  elliptics_groups: z.union([z.int(), z.string(), z.array(z.union([z.int(), z.string()]))]).nullish(),
  elliptics_verbosity: optionalInteger,
  elliptics_logfile: optionalString,
  elliptics_addr_family: optionalInteger,
  oss_host: optionalString,
  oss_bucket: optionalString,
  oss_accessid: optionalString,
  oss_accesskey: optionalString,
  // Janus addition, same shape as distribution's auth.htpasswd
  auth: z.strictObject({ htpasswd: z.strictObject({ realm: z.string(), path: z.string() }) }).nullish(),
});

export type DockerRegistryFlavor = z.infer<typeof dockerRegistryFlavorSchema>;
