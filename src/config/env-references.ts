import { ConfigError } from './config-error';
import { formatKeyPath, type KeyPath, type ValueOrigins } from './key-path';
import { isMapping, parseYamlValue } from './yaml-text';

export type Environment = Readonly<Record<string, string | undefined>>;

const PREFIX = '_env:';

/**
 * Replaces docker-registry `_env:VAR` / `_env:VAR:default` strings at any depth (mappings and
 * lists). Split on the first two colons only, so a default may contain colons. The chosen text
 * is YAML-parsed as docker-registry 0.8+ did; an unset variable without default gives null.
 */
export function expandEnvReferences(
  value: unknown,
  env: Environment,
  origins: ValueOrigins,
  errorPrefix: string,
  path: KeyPath = [],
): unknown {
  if (typeof value === 'string' && value.startsWith(PREFIX)) {
    return resolveReference(value, env, origins, errorPrefix, path);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => expandEnvReferences(item, env, origins, errorPrefix, [...path, index]));
  }
  if (isMapping(value)) {
    const expanded: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      expanded[key] = expandEnvReferences(child, env, origins, errorPrefix, [...path, key]);
    }
    return expanded;
  }
  return value;
}

function resolveReference(
  reference: string,
  env: Environment,
  origins: ValueOrigins,
  errorPrefix: string,
  path: KeyPath,
): unknown {
  const [, name = '', ...rest] = reference.split(':');
  const fallback = rest.length > 0 ? rest.join(':') : '';
  const text = env[name] ?? fallback;
  origins.record(path, `_env:${name}`);
  try {
    return parseYamlValue(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const from = env[name] === undefined ? `default of ${reference}` : `environment variable ${name}`;
    throw new ConfigError(
      `${errorPrefix}key "${formatKeyPath(path)}": ${from} (${JSON.stringify(text)}) is not valid YAML: ${reason}`,
    );
  }
}
