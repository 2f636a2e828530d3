/** The verified JWS payload of a signed schema1 manifest: what its digest is computed over. */
import { RegistryError } from '../../errors/registry-error';
import { isSchema1SignatureError, verifySchema1 } from '../schema1';

export function schema1Payload(bytes: Buffer): Buffer {
  try {
    return verifySchema1(bytes).payload;
  } catch (error) {
    if (isSchema1SignatureError(error)) {
      throw new RegistryError(error.kind === 'unverified' ? 'MANIFEST_UNVERIFIED' : 'MANIFEST_INVALID', undefined, error.message);
    }
    throw error;
  }
}
