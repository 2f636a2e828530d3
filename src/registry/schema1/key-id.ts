import { createHash, type KeyObject } from 'node:crypto';
import { base32 } from 'rfc4648';

/**
 * libtrust key ID: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without
 * padding (48 characters), in 12 groups of 4 joined by ':'.
 */
export function libtrustKeyIdFromSpki(spkiDer: Buffer): string {
  const fingerprint = createHash('sha256').update(spkiDer).digest().subarray(0, 30);
  const encoded = base32.stringify(fingerprint, { pad: false });
  return encoded.match(/.{1,4}/g)!.join(':');
}

export function libtrustKeyId(publicKey: KeyObject): string {
  return libtrustKeyIdFromSpki(publicKey.export({ type: 'spki', format: 'der' }));
}

export const LIBTRUST_KEY_ID_PATTERN = /^[A-Z2-7]{4}(?::[A-Z2-7]{4}){11}$/;
