import { z } from 'zod';
import { isLogLevelName, LOG_LEVEL_NAMES } from './log-level';
import { MAX_WORKERS } from './workers';

/** Shared zod building blocks. `null` means "unset" everywhere (YAML `~`, unset `_env:VAR`). */
export const optionalString = z.string().nullish();
export const optionalBoolean = z.boolean().nullish();
export const optionalInteger = z.int().nullish();
export const optionalPort = z.int().min(0).max(65535).nullish();
export const stringOrList = z.union([z.string(), z.array(z.string())], {
  error: 'expected a string or a list of strings',
});
export const logLevelName = z.string().refine(isLogLevelName, {
  error: `expected one of ${LOG_LEVEL_NAMES.join(', ')}`,
});
/** Janus addition: how many processes serve requests (an integer, or "auto" for one per CPU) */
export const workersSetting = z.union([z.int().min(1).max(MAX_WORKERS), z.literal('auto')]).nullish();
/** A block Janus accepts for compatibility but does not interpret. */
export const acceptedMapping = z.record(z.string(), z.unknown()).nullish();
