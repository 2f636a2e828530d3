import type { z } from 'zod';
import type { Environment } from '../env-references';
import type { ValueOrigins } from '../key-path';
import type { ConfigNotice } from '../types';
import { isMapping, parseYamlValue } from '../yaml-text';
import { distributionSchema, STORAGE_OPTION_KEYS } from './schema';

/** Launcher variables (docker-registry's run.py), handled by listen-address.ts. */
const LAUNCHER_VARIABLES = new Set(['REGISTRY_HOST', 'REGISTRY_PORT']);
const PREFIX = 'REGISTRY_';

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

/** Strips optional/nullable/default wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/**
 * Follows distribution's rule for `REGISTRY_<PATH>`: each `_`-separated segment names a key
 * (case-insensitive) of the mapping below; free-form maps take the segment as the key.
 * Returns the key path and whether the target is a plain string, or undefined if unknown.
 */
function resolveTarget(segments: readonly string[]): { path: string[]; isString: boolean } | undefined {
  let schema: z.ZodType = distributionSchema;
  const path: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const def = defOf(unwrap(schema));
    if (def.type === 'unknown') {
      // inside a block Janus accepts without interpreting: any path is fine
      return { path: [...path, ...segments.slice(index)], isString: false };
    }
    if (def.type === 'object' && def.shape) {
      const key = Object.keys(def.shape).find((name) => name.toLowerCase() === segment);
      if (key === undefined) return undefined;
      path.push(key);
      schema = def.shape[key] as z.ZodType;
    } else if (def.type === 'record' && def.valueType) {
      path.push(segment);
      schema = def.valueType;
    } else {
      return undefined;
    }
  }
  return { path, isString: defOf(unwrap(schema)).type === 'string' };
}

function setAt(document: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = document;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    node[key] = isMapping(child) ? { ...child } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** `REGISTRY_STORAGE=s3` switches driver: other driver blocks go, options (delete, ...) stay. */
function switchStorageDriver(document: Record<string, unknown>, driver: string): void {
  const storage = isMapping(document.storage) ? document.storage : {};
  const kept = Object.fromEntries(Object.entries(storage).filter(([key]) => STORAGE_OPTION_KEYS.has(key)));
  document.storage = { ...kept, [driver]: isMapping(storage[driver]) ? storage[driver] : {} };
}

/**
 * Applies distribution's `REGISTRY_<PATH>` environment overrides (e.g.
 * `REGISTRY_STORAGE_DELETE_ENABLED=true`, `REGISTRY_HTTP_ADDR=:5001`) to a parsed file.
 * Values are YAML-parsed unless the target is a string; parents are applied before children.
 * Unrecognized variables are ignored with a notice, as distribution does.
 */
export function applyRegistryEnvOverrides(
  document: Record<string, unknown>,
  env: Environment,
  origins: ValueOrigins,
  notices: ConfigNotice[],
): Record<string, unknown> {
  const result = { ...document };
  const overrides = Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith(PREFIX) && entry[1] !== undefined)
    .filter(([name]) => !LAUNCHER_VARIABLES.has(name))
    .map(([name, text]) => ({ name, text, segments: name.slice(PREFIX.length).toLowerCase().split('_') }))
    .sort((a, b) => a.segments.length - b.segments.length || a.name.localeCompare(b.name));

  for (const { name, text, segments } of overrides) {
    const target = segments.includes('') ? undefined : resolveTarget(segments);
    if (!target) {
      notices.push({ level: 'warn', message: `ignoring unrecognized environment variable ${name}` });
      continue;
    }
    if (target.path.length === 1 && target.path[0] === 'storage' && /^[a-z0-9]+$/i.test(text.trim())) {
      switchStorageDriver(result, text.trim().toLowerCase());
    } else {
      setAt(result, target.path, target.isString ? text : parseOrKeep(text));
    }
    origins.record(target.path, name);
  }
  return result;
}

function parseOrKeep(text: string): unknown {
  try {
    return parseYamlValue(text);
  } catch {
    return text;
  }
}
