import type { LogLevel } from './types';

/** Python logging names (docker-registry) and logrus names (distribution) → Janus levels. */
const LEVELS: Readonly<Record<string, LogLevel>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  fatal: 'error',
  panic: 'error',
};

export const LOG_LEVEL_NAMES = Object.keys(LEVELS);

export function isLogLevelName(name: string): boolean {
  return Object.hasOwn(LEVELS, name.toLowerCase());
}

/** Undefined for an unknown name; case-insensitive as Python's `getattr(logging, level.upper())`. */
export function toLogLevel(name: string): LogLevel | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(LEVELS, key) ? LEVELS[key] : undefined;
}
