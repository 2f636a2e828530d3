import { formatKeyPath, type KeyPath } from '../key-path';
import { isMapping } from '../yaml-text';

const PLACEHOLDER = 'REPLACEME';

/**
 * docker-registry 0.6 shipped `REPLACEME` for every s3_/gs_ key in `common`, which 0.6/0.7
 * merged into every flavor. Such values mean "not configured": they become null, and the
 * returned paths let the loader say so.
 */
export function clearPlaceholders(
  value: unknown,
  cleared: string[],
  path: KeyPath = [],
): unknown {
  if (value === PLACEHOLDER) {
    cleared.push(formatKeyPath(path));
    return null;
  }
  if (Array.isArray(value)) return value.map((item, index) => clearPlaceholders(item, cleared, [...path, index]));
  if (isMapping(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) result[key] = clearPlaceholders(child, cleared, [...path, key]);
    return result;
  }
  return value;
}
