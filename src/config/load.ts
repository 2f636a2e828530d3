import { ConfigError } from './config-error';
import { readConfigFile, type ConfigFile } from './config-file';
import { deepFreeze } from './deep-freeze';
import { distributionSchema } from './distribution/schema';
import { applyRegistryEnvOverrides } from './distribution/env-overrides';
import { normalizeDistributionConfig } from './distribution/normalize';
import { normalizeDockerRegistryFlavor } from './docker-registry/normalize';
import { clearPlaceholders } from './docker-registry/placeholders';
import { dockerRegistryFlavorSchema } from './docker-registry/schema';
import { selectFlavor } from './docker-registry/select-flavor';
import { expandEnvReferences, type Environment } from './env-references';
import { ValueOrigins } from './key-path';
import type { ConfigNotice, LoadedConfig } from './types';
import { parseConfigDocument } from './yaml-text';
import { formatIssues } from './zod-issues';

export interface LoadConfigOptions {
  /** config file; default `env.DOCKER_REGISTRY_CONFIG`, then config_sample.yml */
  readonly file?: string;
  /** docker-registry flavor; default `env.SETTINGS_FLAVOR`, then `dev` */
  readonly flavor?: string;
  /** the environment to read `_env:`, `REGISTRY_*` and friends from (never process.env implicitly) */
  readonly env: Environment;
  /** where relative config paths are looked up first; default process.cwd() */
  readonly cwd?: string;
}

export const DEFAULT_FLAVOR = 'dev';

/**
 * Loads a docker-registry style file (flavors) or a distribution style file (`version: 0.1`)
 * into one deep-frozen JanusConfig. Throws ConfigError naming the file and key on any problem.
 * What deserves a log line is returned as `notices`; this function never logs.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const file = readConfigFile(options.file, options.env, options.cwd ?? process.cwd());
  const document = parseConfigDocument(file.text, file.displayName);
  const loaded = Object.hasOwn(document, 'version')
    ? loadDistributionStyle(file, document, options)
    : loadDockerRegistryStyle(file, document, options);
  return deepFreeze(loaded);
}

function loadDockerRegistryStyle(
  file: ConfigFile,
  document: Record<string, unknown>,
  options: LoadConfigOptions,
): LoadedConfig {
  const flavor = options.flavor ?? (options.env.SETTINGS_FLAVOR || DEFAULT_FLAVOR);
  const selected = selectFlavor(document, file.text, flavor, file.displayName);
  const prefix = `${file.displayName}: flavor ${flavor}: `;
  const notices: ConfigNotice[] = [...selected.notices];

  const placeholders: string[] = [];
  const withoutPlaceholders = clearPlaceholders(selected.values, placeholders);
  if (placeholders.length > 0) {
    notices.push({ level: 'info', message: `${prefix}REPLACEME placeholders treated as unset: ${placeholders.join(', ')}` });
  }
  const origins = new ValueOrigins();
  const expanded = expandEnvReferences(withoutPlaceholders, options.env, origins, prefix);
  const parsed = dockerRegistryFlavorSchema.safeParse(expanded, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues, origins, prefix));

  const body = normalizeDockerRegistryFlavor(parsed.data, options.env, origins, prefix, notices);
  return { config: { source: { file: file.absolutePath, flavor, style: 'docker-registry' }, ...body }, notices };
}

function loadDistributionStyle(
  file: ConfigFile,
  document: Record<string, unknown>,
  options: LoadConfigOptions,
): LoadedConfig {
  const prefix = `${file.displayName}: `;
  const notices: ConfigNotice[] = [];
  const requestedFlavor = options.flavor ?? options.env.SETTINGS_FLAVOR;
  if (requestedFlavor) {
    notices.push({
      level: 'info',
      message: `${prefix}flavor "${requestedFlavor}" ignored: distribution-style files (version: 0.1) have no flavors`,
    });
  }
  const origins = new ValueOrigins();
  const overridden = applyRegistryEnvOverrides(document, options.env, origins, notices);
  const parsed = distributionSchema.safeParse(overridden, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues, origins, prefix));

  const body = normalizeDistributionConfig(parsed.data, options.env, prefix, notices);
  return { config: { source: { file: file.absolutePath, style: 'distribution' }, ...body }, notices };
}
