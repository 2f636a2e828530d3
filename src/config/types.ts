/**
 * The normalized configuration Janus runs on. Both file styles (docker-registry flavors and
 * distribution's `version: 0.1`) load into this one shape; nothing downstream knows which
 * style was used except through `source.style`.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Something the loader wants main to log (the loader itself never logs). */
export interface ConfigNotice {
  readonly level: 'info' | 'warn';
  readonly message: string;
}

export type StorageConfig =
  | { readonly driver: 'filesystem'; readonly rootdirectory: string }
  | { readonly driver: 'inmemory' }
  | {
      readonly driver: 's3';
      readonly bucket: string;
      readonly region?: string;
      /** full URL, e.g. `http://127.0.0.1:8080`; unset means AWS */
      readonly endpoint?: string;
      readonly accessKey?: string;
      readonly secretKey?: string;
      readonly secure: boolean;
      readonly forcePathStyle: boolean;
      /** key prefix without leading or trailing `/` ('' = bucket root) */
      readonly rootdirectory: string;
      readonly chunkSize: number;
      readonly encrypt: boolean;
    }
  | {
      readonly driver: 'swift';
      readonly authUrl: string;
      readonly username: string;
      readonly password: string;
      readonly container: string;
      readonly tenant?: string;
      readonly region?: string;
      /** object prefix without leading or trailing `/` ('' = container root) */
      readonly rootdirectory: string;
    };

export interface JanusConfig {
  readonly source: {
    /** absolute path of the file that was loaded */
    readonly file: string;
    readonly flavor?: string;
    readonly style: 'docker-registry' | 'distribution';
  };
  readonly listen: { readonly host: string; readonly port: number };
  readonly http: {
    readonly headers: Readonly<Record<string, readonly string[]>>;
    readonly secret?: string;
    readonly tls?: { readonly certificate: string; readonly key: string };
    readonly relativeUrls: boolean;
    /** distribution http.host: external base URL used in Location headers */
    readonly host?: string;
    /** distribution http.prefix: path prefix the routes are mounted under */
    readonly prefix?: string;
  };
  readonly log: {
    readonly level: LogLevel;
    readonly accessLog: boolean;
    /** distribution log.fields: static fields added to every log line */
    readonly fields: Readonly<Record<string, string | number | boolean>>;
  };
  readonly storage: StorageConfig;
  /** distribution storage.delete.enabled; docker-registry style: true (V1 always allowed deletes) */
  readonly deleteEnabled: boolean;
  /** distribution !storage.redirect.disable; docker-registry storage_redirect */
  readonly redirect: boolean;
  readonly readOnly: boolean;
  /** distribution storage.maintenance.uploadpurging (same defaults for both styles) */
  readonly uploadPurging: {
    readonly enabled: boolean;
    readonly ageMs: number;
    readonly intervalMs: number;
    readonly dryRun: boolean;
  };
  readonly v1: {
    readonly standalone: boolean;
    readonly disableTokenAuth: boolean;
    readonly issue: string;
    readonly debug: boolean;
    readonly registryEndpoints?: string;
    /** without trailing `/` (docker-registry strips it) */
    readonly indexEndpoint: string;
    /** path of the RSA public key for `X-Signature` requests (not read by the loader) */
    readonly privilegedKey?: string;
    /** the entry of a multi-platform image that V1 clients (and schema1-only clients) see */
    readonly platform: { readonly os: string; readonly architecture: string; readonly variant?: string };
  };
  /** database: an absolute or cwd-relative file path, or ':memory:' */
  readonly search: { readonly enabled: boolean; readonly database: string };
  readonly auth?: { readonly htpasswd: { readonly realm: string; readonly path: string } };
  readonly schema1: { readonly signingKeyFile?: string };
  readonly catalog: { readonly maxEntries: number };
  /** processes serving requests: 1 = this process alone; more = a primary with that many workers */
  readonly workers: number;
}

/** What loadConfig returns: the config, and what main should log at start. */
export interface LoadedConfig {
  readonly config: JanusConfig;
  /** automatic `common` merge, ignored keys, placeholders, ... (the loader never logs) */
  readonly notices: readonly ConfigNotice[];
}
