/** Read-only mode (distribution's maintenance.readonly): writes are refused in each protocol's own error format. */
import { RegistryError } from '../errors/registry-error';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseWriteWhenReadOnly(readOnly: boolean, method: string): void {
  if (!readOnly || READ_METHODS.has(method)) return;
  throw new RegistryError('UNSUPPORTED', 'the registry is in read-only mode', undefined, { v1Message: 'The registry is in read-only mode' });
}
