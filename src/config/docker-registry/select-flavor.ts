import { ConfigError } from '../config-error';
import type { ConfigNotice } from '../types';
import { isMapping, keysWithMergeKey } from '../yaml-text';

export interface SelectedFlavor {
  readonly values: Record<string, unknown>;
  readonly notices: readonly ConfigNotice[];
}

/**
 * Picks the flavor (merge keys already applied by the YAML parser). docker-registry 0.6/0.7
 * merged `common` under every flavor; 0.8+ only honoured `<<: *common`, so an old file lost
 * `standalone` and friends (the 405s). Janus merges `common` under a flavor that has no `<<`
 * of its own, and says so.
 */
export function selectFlavor(
  document: Record<string, unknown>,
  text: string,
  flavor: string,
  displayName: string,
): SelectedFlavor {
  if (!Object.hasOwn(document, flavor)) {
    const present = Object.keys(document);
    throw new ConfigError(
      `${displayName}: flavor "${flavor}" not found; flavors present: ${present.join(', ') || '(none)'} ` +
        '(choose one with SETTINGS_FLAVOR)',
    );
  }
  const chosen = document[flavor] ?? {};
  if (!isMapping(chosen)) throw new ConfigError(`${displayName}: flavor "${flavor}" is not a mapping`);

  const common = document.common;
  if (flavor === 'common' || !isMapping(common) || keysWithMergeKey(text).has(flavor)) {
    return { values: chosen, notices: [] };
  }
  const inherited = Object.keys(common).filter((key) => !Object.hasOwn(chosen, key));
  if (inherited.length === 0) return { values: chosen, notices: [] };
  const notice: ConfigNotice = {
    level: 'warn',
    message:
      `${displayName}: flavor "${flavor}" has no "<<: *common" merge key; merged "common" into it as ` +
      `docker-registry 0.6/0.7 did (0.8+ would have dropped: ${inherited.join(', ')}). ` +
      `Add "<<: *common" to the flavor to make this explicit.`,
  };
  return { values: { ...common, ...chosen }, notices: [notice] };
}
