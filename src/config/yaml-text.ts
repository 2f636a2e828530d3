import { load, mergeTag, Schema, YAML11_SCHEMA } from 'js-yaml';
import { ConfigError } from './config-error';

/**
 * docker-registry read its file (and `_env` values) with PyYAML, a YAML 1.1 parser, and
 * distribution with go-yaml v2, also YAML 1.1: `yes`/`on` are booleans, merge keys work.
 */
const WITH_MERGE_KEYS = YAML11_SCHEMA;
const WITHOUT_MERGE_KEYS = new Schema(YAML11_SCHEMA.tags.filter((tag) => tag !== mergeTag));

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'reason' in error && typeof error.reason === 'string') {
    const mark = 'mark' in error ? (error.mark as { line?: number; column?: number } | undefined) : undefined;
    return mark?.line === undefined ? error.reason : `${error.reason} (line ${mark.line + 1}, column ${(mark.column ?? 0) + 1})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Parses a whole config file; merge keys (`<<: *common`) are applied. */
export function parseConfigDocument(text: string, displayName: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = text.trim() === '' ? null : load(text, { schema: WITH_MERGE_KEYS, filename: displayName });
  } catch (error) {
    throw new ConfigError(`${displayName}: not valid YAML: ${reasonOf(error)}`);
  }
  if (!isMapping(document)) throw new ConfigError(`${displayName}: expected a mapping at the top level`);
  return document;
}

/** Top-level keys whose mapping carries its own `<<` merge key (checked before merging). */
export function keysWithMergeKey(text: string): Set<string> {
  const raw = load(text, { schema: WITHOUT_MERGE_KEYS });
  const keys = new Set<string>();
  if (!isMapping(raw)) return keys;
  for (const [key, value] of Object.entries(raw)) {
    if (isMapping(value) && Object.hasOwn(value, '<<')) keys.add(key);
  }
  return keys;
}

/**
 * Parses one scalar the way docker-registry 0.8+ parsed `_env` values: `true` → boolean,
 * `5000` → number, `[a, b]` → list, '' → null. Throws the parser's reason on invalid YAML.
 */
export function parseYamlValue(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return load(text, { schema: WITH_MERGE_KEYS });
  } catch (error) {
    throw new Error(reasonOf(error));
  }
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}
