import { z } from 'zod';
import {
  acceptedMapping,
  logLevelName,
  optionalBoolean,
  optionalInteger,
  optionalString,
  stringOrList,
  workersSetting,
} from '../schema-parts';
import { parseGoDuration } from '../go-duration';

/**
 * distribution `config.yml` (version 0.1), strict: every key distribution 2.x/3.x documents
 * for the blocks Janus reads. Blocks marked "accepted" are checked only for being mappings.
 * The only Janus addition is the optional top-level `search`.
 */
const enabledFlag = z.strictObject({ enabled: optionalBoolean }).nullish();
const sizeValue = z.union([z.int().positive(), z.string().regex(/^\d+$/)], {
  error: 'expected a size in bytes',
}).nullish();
const duration = z.union([z.string(), z.int()], { error: 'expected a duration such as "24h"' }).nullish();
const goDuration = z
  .string()
  .refine((text) => parseGoDuration(text) !== undefined, { error: 'expected a duration such as "24h" or "1h30m"' })
  .nullish();

const filesystemDriver = z.strictObject({ rootdirectory: optionalString, maxthreads: optionalInteger }).nullish();

const s3Driver = z.strictObject({
  accesskey: optionalString,
  secretkey: optionalString,
  sessiontoken: optionalString,
  region: optionalString,
  regionendpoint: optionalString,
  forcepathstyle: optionalBoolean,
  bucket: z.string(),
  encrypt: optionalBoolean,
  keyid: optionalString,
  secure: optionalBoolean,
  skipverify: optionalBoolean,
  v4auth: optionalBoolean,
  chunksize: sizeValue,
  multipartcopychunksize: sizeValue,
  multipartcopymaxconcurrency: optionalInteger,
  multipartcopythresholdsize: sizeValue,
  rootdirectory: optionalString,
  storageclass: optionalString,
  objectacl: optionalString,
  useragent: optionalString,
  usedualstack: optionalBoolean,
  accelerate: optionalBoolean,
  loglevel: optionalString,
  checksumdisabled: optionalBoolean,
  checksumalgorithm: optionalString,
});

const swiftDriver = z.strictObject({
  username: z.string(),
  password: z.string(),
  authurl: z.string(),
  container: z.string(),
  tenant: optionalString,
  tenantid: optionalString,
  domain: optionalString,
  domainid: optionalString,
  tenantdomain: optionalString,
  tenantdomainid: optionalString,
  trustid: optionalString,
  region: optionalString,
  authversion: optionalInteger,
  endpointtype: optionalString,
  rootdirectory: optionalString,
  prefix: optionalString,
  insecureskipverify: optionalBoolean,
  chunksize: sizeValue,
  secretkey: optionalString,
  accesskey: optionalString,
  tempurlcontainerkey: optionalBoolean,
  tempurlmethods: z.array(z.string()).nullish(),
});

export const storageSchema = z.strictObject({
  filesystem: filesystemDriver,
  inmemory: z.strictObject({}).nullish(),
  s3: s3Driver.optional(),
  swift: swiftDriver.optional(),
  // drivers Janus refuses at start (accepted here so the error is about the driver)
  azure: acceptedMapping,
  gcs: acceptedMapping,
  oss: acceptedMapping,
  delete: enabledFlag,
  redirect: z.strictObject({ disable: optionalBoolean }).nullish(),
  cache: acceptedMapping,
  tag: acceptedMapping,
  maintenance: z
    .strictObject({
      uploadpurging: z
        .strictObject({ enabled: optionalBoolean, age: goDuration, interval: goDuration, dryrun: optionalBoolean })
        .nullish(),
      readonly: enabledFlag,
    })
    .nullish(),
});

/** Keys of `storage` that are options rather than drivers. */
export const STORAGE_OPTION_KEYS = new Set(['delete', 'redirect', 'cache', 'tag', 'maintenance']);

const httpSchema = z.strictObject({
  addr: optionalString,
  net: z.enum(['tcp', 'unix']).nullish(),
  prefix: optionalString,
  host: optionalString,
  secret: optionalString,
  relativeurls: optionalBoolean,
  draintimeout: duration,
  tls: z
    .strictObject({
      certificate: z.string(),
      key: z.string(),
      minimumtls: optionalString,
      ciphersuites: z.array(z.string()).nullish(),
    })
    .nullish(),
  headers: z.record(z.string(), stringOrList).nullish(),
  /** Janus: worker processes serving requests (an integer, or "auto" for one per CPU) */
  workers: workersSetting,
  debug: acceptedMapping,
  http2: acceptedMapping,
  h2c: acceptedMapping,
});

const logSchema = z.strictObject({
  level: logLevelName.nullish(),
  formatter: z.enum(['text', 'json', 'logstash']).nullish(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
  accesslog: z.strictObject({ disabled: optionalBoolean }).nullish(),
  reportcaller: optionalBoolean,
  hooks: z.array(z.unknown()).nullish(),
});

const authSchema = z.strictObject({
  htpasswd: z.strictObject({ realm: z.string(), path: z.string() }).nullish(),
  silly: z.strictObject({ realm: z.string(), service: z.string() }).nullish(),
  token: z
    .strictObject({
      realm: z.string(),
      service: z.string(),
      issuer: z.string(),
      rootcertbundle: optionalString,
      autoredirect: optionalBoolean,
      autoredirectpath: optionalString,
      jwks: optionalString,
      signingalgorithms: z.array(z.string()).nullish(),
    })
    .nullish(),
});

export const distributionSchema = z.strictObject({
  version: z.union([z.literal('0.1'), z.literal(0.1)], { error: 'expected 0.1 (the only distribution config version)' }),
  log: logSchema.nullish(),
  loglevel: logLevelName.nullish(),
  storage: storageSchema,
  auth: authSchema.nullish(),
  http: httpSchema.nullish(),
  compatibility: z
    .strictObject({
      schema1: z.strictObject({ enabled: optionalBoolean, signingkeyfile: optionalString }).nullish(),
      /** Janus: the entry of a multi-platform image that V1 clients see, "os/architecture[/variant]" */
      v1: z.strictObject({ platform: optionalString }).nullish(),
    })
    .nullish(),
  catalog: z.strictObject({ maxentries: z.int().positive().nullish() }).nullish(),
  // accepted for compatibility, not acted on
  notifications: acceptedMapping,
  health: acceptedMapping,
  proxy: acceptedMapping,
  validation: acceptedMapping,
  redis: acceptedMapping,
  middleware: acceptedMapping,
  reporting: acceptedMapping,
  // Janus addition: where the V1 search index lives (default: see normalize.ts)
  search: z.strictObject({ enabled: optionalBoolean, database: optionalString }).nullish(),
});

export type DistributionConfig = z.infer<typeof distributionSchema>;
