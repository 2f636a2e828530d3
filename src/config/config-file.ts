import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error';
import type { Environment } from './env-references';

/** src/config and dist/config both sit two levels below the project root. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_CONFIG_FILE = 'config_sample.yml';

export interface ConfigFile {
  readonly absolutePath: string;
  /** how messages name the file: relative to cwd when inside it */
  readonly displayName: string;
  readonly text: string;
}

/**
 * `file`, else `DOCKER_REGISTRY_CONFIG`, else config_sample.yml. A relative path is looked up
 * in `cwd` first, then in the project root (docker-registry looked in its package's config/).
 */
export function readConfigFile(file: string | undefined, env: Environment, cwd: string): ConfigFile {
  const requested = file ?? (env.DOCKER_REGISTRY_CONFIG || DEFAULT_CONFIG_FILE);
  const candidates = path.isAbsolute(requested)
    ? [requested]
    : [...new Set([path.resolve(cwd, requested), path.resolve(PROJECT_ROOT, requested)])];
  const absolutePath = candidates.find((candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile());
  if (!absolutePath) {
    throw new ConfigError(`config file ${requested} not found (looked for ${candidates.join(' and ')})`);
  }
  const relative = path.relative(cwd, absolutePath);
  const displayName = relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
  let text: string;
  try {
    text = fs.readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new ConfigError(`${displayName}: cannot read: ${(error as Error).message}`);
  }
  return { absolutePath, displayName, text };
}
