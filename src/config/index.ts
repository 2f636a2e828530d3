export { loadConfig, DEFAULT_FLAVOR, type LoadConfigOptions } from './load';
export { ConfigError } from './config-error';
export { PROJECT_ROOT, DEFAULT_CONFIG_FILE } from './config-file';
export type { Environment } from './env-references';
export type { JanusConfig, LoadedConfig, StorageConfig, LogLevel, ConfigNotice } from './types';
