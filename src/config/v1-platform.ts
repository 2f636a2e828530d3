import { ConfigError } from './config-error';

export const DEFAULT_V1_PLATFORM = { os: 'linux', architecture: 'amd64' } as const;

/** "os/architecture[/variant]" → the platform V1 clients see of a multi-platform image */
export function parseV1Platform(value: string | null | undefined, errorPrefix: string): { os: string; architecture: string; variant?: string } {
  if (value === undefined || value === null || value === '') return { ...DEFAULT_V1_PLATFORM };
  const match = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/.exec(value);
  if (!match) throw new ConfigError(`${errorPrefix}v1 platform ${JSON.stringify(value)} is not "os/architecture[/variant]" (e.g. linux/amd64, linux/arm/v7)`);
  return { os: match[1]!, architecture: match[2]!, ...(match[3] ? { variant: match[3] } : {}) };
}
