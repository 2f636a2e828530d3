import { X509Certificate, createPublicKey, verify, constants, type KeyObject, type JsonWebKey } from 'node:crypto';
import { joseBase64UrlDecode, joseBase64UrlEncode, standardBase64Decode } from './base64url';
import { Schema1SignatureError } from './errors';
import { libtrustKeyId } from './key-id';

/** Public keys as libtrust handles them: EC P-256/384/521 and RSA, identified by their key ID. */

export type EcCurveName = 'P-256' | 'P-384' | 'P-521';
export type JwsAlgorithm = 'ES256' | 'ES384' | 'ES512' | 'RS256' | 'RS384' | 'RS512';

interface CurveInfo {
  readonly algorithm: JwsAlgorithm;
  readonly hash: string;
  readonly octets: number;
  readonly opensslName: string;
}

const CURVES: Readonly<Record<EcCurveName, CurveInfo>> = {
  'P-256': { algorithm: 'ES256', hash: 'sha256', octets: 32, opensslName: 'prime256v1' },
  'P-384': { algorithm: 'ES384', hash: 'sha384', octets: 48, opensslName: 'secp384r1' },
  'P-521': { algorithm: 'ES512', hash: 'sha512', octets: 66, opensslName: 'secp521r1' },
};

const RSA_HASHES: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

export type VerificationKey =
  | { readonly keyType: 'EC'; readonly curve: EcCurveName; readonly keyObject: KeyObject; readonly keyId: string }
  | { readonly keyType: 'RSA'; readonly keyObject: KeyObject; readonly keyId: string };

export function ecCurveInfo(curve: EcCurveName): CurveInfo {
  return CURVES[curve];
}

function curveFromOpensslName(name: string | undefined): EcCurveName | undefined {
  return (Object.keys(CURVES) as EcCurveName[]).find((curve) => CURVES[curve].opensslName === name);
}

/** Wraps a node public (or private: its public half is used) key; only EC P-256/384/521 and RSA. */
export function verificationKeyFromKeyObject(key: KeyObject): VerificationKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType === 'rsa') {
    return { keyType: 'RSA', keyObject: publicKey, keyId: libtrustKeyId(publicKey) };
  }
  if (publicKey.asymmetricKeyType === 'ec') {
    const curve = curveFromOpensslName(publicKey.asymmetricKeyDetails?.namedCurve);
    if (curve) return { keyType: 'EC', curve, keyObject: publicKey, keyId: libtrustKeyId(publicKey) };
  }
  throw new Schema1SignatureError(
    'INVALID_KEY',
    `unsupported key type ${publicKey.asymmetricKeyType ?? 'unknown'} (libtrust supports EC P-256/384/521 and RSA)`,
  );
}

function jwkString(jwk: Record<string, unknown>, name: string): string {
  const value = jwk[name];
  if (typeof value !== 'string') {
    throw new Schema1SignatureError('INVALID_JWK', `JWK "${name}" value ${value === undefined ? 'not specified' : 'must be a string'}`);
  }
  return value;
}

function jwkBytes(jwk: Record<string, unknown>, name: string): Buffer {
  const bytes = joseBase64UrlDecode(jwkString(jwk, name));
  if (!bytes) throw new Schema1SignatureError('INVALID_JWK', `JWK "${name}" is not base64url`);
  return bytes;
}

function importJwk(jwk: JsonWebKey): KeyObject {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw new Schema1SignatureError('INVALID_JWK', 'JWK does not describe a valid public key', { cause });
  }
}

function ecKeyFromJwk(jwk: Record<string, unknown>): VerificationKey {
  const crv = jwkString(jwk, 'crv');
  if (!Object.hasOwn(CURVES, crv)) throw new Schema1SignatureError('INVALID_JWK', `JWK EC curve not supported: ${crv}`);
  const curve = crv as EcCurveName;
  const x = jwkBytes(jwk, 'x');
  const y = jwkBytes(jwk, 'y');
  const octets = CURVES[curve].octets;
  if (x.length !== octets || y.length !== octets) {
    throw new Schema1SignatureError('INVALID_JWK', `JWK EC coordinates must be ${octets} octets`);
  }
  const keyObject = importJwk({ kty: 'EC', crv, x: joseBase64UrlEncode(x), y: joseBase64UrlEncode(y) });
  return { keyType: 'EC', curve, keyObject, keyId: libtrustKeyId(keyObject) };
}

function rsaKeyFromJwk(jwk: Record<string, unknown>): VerificationKey {
  const n = jwkBytes(jwk, 'n');
  const e = jwkBytes(jwk, 'e');
  if (e.length === 0 || e.length > 4) throw new Schema1SignatureError('INVALID_JWK', 'JWK RSA exponent must be 1 to 4 octets');
  if (Object.hasOwn(jwk, 'd')) {
    throw new Schema1SignatureError('INVALID_JWK', 'JWK RSA Public Key cannot contain private exponent');
  }
  const keyObject = importJwk({ kty: 'RSA', n: joseBase64UrlEncode(n), e: joseBase64UrlEncode(e) });
  return { keyType: 'RSA', keyObject, keyId: libtrustKeyId(keyObject) };
}

/** libtrust UnmarshalPublicKeyJWK: EC or RSA; a `kid`, when present, must be this key's ID. */
export function verificationKeyFromJwk(jwk: unknown): VerificationKey {
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
    throw new Schema1SignatureError('INVALID_JWK', 'JWK must be a JSON object');
  }
  const fields = jwk as Record<string, unknown>;
  const kty = jwkString(fields, 'kty');
  let key: VerificationKey;
  if (kty === 'EC') key = ecKeyFromJwk(fields);
  else if (kty === 'RSA') key = rsaKeyFromJwk(fields);
  else throw new Schema1SignatureError('INVALID_JWK', `JWK key type not supported: ${kty}`);
  if (Object.hasOwn(fields, 'kid')) {
    const kid = fields['kid'];
    if (typeof kid !== 'string') throw new Schema1SignatureError('INVALID_JWK', 'JWK "kid" value must be a string');
    if (kid !== key.keyId) {
      throw new Schema1SignatureError('KEY_ID_MISMATCH', `JWK key ID ${kid} does not match the key (${key.keyId})`);
    }
  }
  return key;
}

/** Public key of an x5c chain's leaf (standard base64 DER certificate). */
export function verificationKeyFromCertificate(base64Der: string): VerificationKey {
  const der = standardBase64Decode(base64Der);
  if (!der) throw new Schema1SignatureError('BAD_CERTIFICATE', 'x5c entry is not standard base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch (cause) {
    throw new Schema1SignatureError('BAD_CERTIFICATE', 'x5c entry is not an X.509 certificate', { cause });
  }
  try {
    return verificationKeyFromKeyObject(certificate.publicKey);
  } catch (cause) {
    throw new Schema1SignatureError('BAD_CERTIFICATE', 'x5c leaf certificate key is not EC or RSA', { cause });
  }
}

function leftPad(bytes: Buffer, length: number): Buffer {
  return bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}

/** The JWK libtrust writes for a public key (a Go map, so keys sort: crv, kid, kty, x, y / e, kid, kty, n). */
export function publicJwkOf(key: VerificationKey): Map<string, string> {
  const exported = key.keyObject.export({ format: 'jwk' });
  if (key.keyType === 'EC') {
    const octets = CURVES[key.curve].octets;
    const x = leftPad(Buffer.from(exported.x ?? '', 'base64url'), octets);
    const y = leftPad(Buffer.from(exported.y ?? '', 'base64url'), octets);
    return new Map([
      ['crv', key.curve],
      ['kid', key.keyId],
      ['kty', 'EC'],
      ['x', joseBase64UrlEncode(x)],
      ['y', joseBase64UrlEncode(y)],
    ]);
  }
  return new Map([
    ['e', exported.e ?? ''],
    ['kid', key.keyId],
    ['kty', 'RSA'],
    ['n', exported.n ?? ''],
  ]);
}

/** The algorithm libtrust signs with for this key (RSA keys sign with SHA-256). */
export function signingAlgorithmOf(key: VerificationKey): JwsAlgorithm {
  return key.keyType === 'EC' ? CURVES[key.curve].algorithm : 'RS256';
}

/** Checks one JWS signature; EC signatures are raw r||s (IEEE P1363) of the curve's size. */
export function verifyJwsSignature(key: VerificationKey, algorithm: string, signingInput: Buffer, signature: Buffer): void {
  let valid: boolean;
  try {
    if (key.keyType === 'EC') {
      const curve = CURVES[key.curve];
      if (algorithm !== curve.algorithm) {
        throw new Schema1SignatureError(
          'UNSUPPORTED_ALGORITHM',
          `EC key with curve ${key.curve} does not support signature algorithm ${JSON.stringify(algorithm)}`,
        );
      }
      if (signature.length !== 2 * curve.octets) {
        throw new Schema1SignatureError(
          'INVALID_SIGNATURE',
          `signature is ${signature.length} octets long, should be ${2 * curve.octets}`,
        );
      }
      valid = verify(curve.hash, signingInput, { key: key.keyObject, dsaEncoding: 'ieee-p1363' }, signature);
    } else {
      const hash = Object.hasOwn(RSA_HASHES, algorithm) ? RSA_HASHES[algorithm] : undefined;
      if (!hash) {
        throw new Schema1SignatureError('UNSUPPORTED_ALGORITHM', `RSA signature algorithm ${JSON.stringify(algorithm)} not supported`);
      }
      valid = verify(hash, signingInput, { key: key.keyObject, padding: constants.RSA_PKCS1_PADDING }, signature);
    }
  } catch (cause) {
    if (cause instanceof Schema1SignatureError) throw cause;
    throw new Schema1SignatureError('INVALID_SIGNATURE', 'signature could not be checked', { cause });
  }
  if (!valid) throw new Schema1SignatureError('INVALID_SIGNATURE', `invalid ${algorithm} signature by key ${key.keyId}`);
}
