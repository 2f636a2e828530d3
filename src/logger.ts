import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'janus' } });
}

/** a logger that drops everything (tests) */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
