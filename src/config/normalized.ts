import type { JanusConfig } from './types';

/** What a style-specific normalizer produces; the loader adds `source`. */
export type NormalizedBody = Omit<JanusConfig, 'source'>;
