import { ErrorCodes, type ErrorCodeDescriptor, type ErrorCodeName } from './codes';

/**
 * The only error type the registry model throws. It carries a catalogue code, an optional
 * message overriding the catalogue's, and an optional JSON detail. Renderers (v1/errors.ts,
 * v2/errors.ts) turn it into the protocol's own body and status.
 */
export class RegistryError extends Error {
  readonly descriptor: ErrorCodeDescriptor;

  constructor(
    readonly codeName: ErrorCodeName,
    message?: string,
    readonly detail?: unknown,
    options?: { cause?: unknown; v1Message?: string; v1Status?: number },
  ) {
    const base = ErrorCodes[codeName];
    super(message ?? base.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.descriptor = {
      ...base,
      v1Message: options?.v1Message ?? base.v1Message,
      v1Status: options?.v1Status ?? base.v1Status,
    };
  }

  get code(): string {
    return this.descriptor.code;
  }
}

export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
