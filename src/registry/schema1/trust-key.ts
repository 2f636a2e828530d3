import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/p256';
import { p384 } from '@noble/curves/p384';
import { p521 } from '@noble/curves/p521';
import { Schema1SignatureError } from './errors';
import {
  ecCurveInfo,
  publicJwkOf,
  signingAlgorithmOf,
  verificationKeyFromKeyObject,
  type EcCurveName,
  type JwsAlgorithm,
  type VerificationKey,
} from './public-key';

/** libtrust writes headers such as "keyID: ..." inside PEM blocks; OpenSSL does not accept them. */
function stripPemHeaders(pem: string): string {
  return pem.replace(
    /(-----BEGIN [A-Z0-9 ]+-----\r?\n)((?:[^\r\n]*:[^\r\n]*\r?\n)+)\r?\n/g,
    (_block, begin: string) => begin,
  );
}

function loadPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as Record<string, unknown>;
    return createPrivateKey({ key: jwk, format: 'jwk' });
  }
  return createPrivateKey({ key: stripPemHeaders(trimmed) + '\n', format: 'pem' });
}

/**
 * The registry's signing key (a libtrust "trust key"). ECDSA P-256 by default; P-384/P-521 and
 * RSA keys load too. Persist with `serialize()` (PEM) and restore with `TrustKey.parse()`.
 */
/** RFC 6979 (deterministic nonce) ECDSA signers per curve */
const DETERMINISTIC_EC_SIGNERS: Record<EcCurveName, typeof p256> = { 'P-256': p256, 'P-384': p384, 'P-521': p521 as unknown as typeof p256 };

export class TrustKey {
  private readonly verification: VerificationKey;

  private constructor(private readonly privateKey: KeyObject) {
    this.verification = verificationKeyFromKeyObject(privateKey);
  }

  static generate(curve: EcCurveName = 'P-256'): TrustKey {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: ecCurveInfo(curve).opensslName });
    return new TrustKey(privateKey);
  }

  /** Loads a private key from PEM (SEC1 "EC PRIVATE KEY", PKCS#1, PKCS#8; libtrust headers allowed) or a private JWK. */
  static parse(text: string): TrustKey {
    let key: KeyObject;
    try {
      key = loadPrivateKey(text);
    } catch (cause) {
      throw new Schema1SignatureError('INVALID_KEY', 'trust key is not a readable private key', { cause });
    }
    return new TrustKey(key);
  }

  /** PEM as libtrust saves it: SEC1 "EC PRIVATE KEY" for EC keys, PKCS#1 "RSA PRIVATE KEY" for RSA. */
  serialize(): string {
    const type = this.verification.keyType === 'EC' ? 'sec1' : 'pkcs1';
    return this.privateKey.export({ type, format: 'pem' }).toString();
  }

  get keyId(): string {
    return this.verification.keyId;
  }

  get algorithm(): JwsAlgorithm {
    return signingAlgorithmOf(this.verification);
  }

  get publicKey(): VerificationKey {
    return this.verification;
  }

  /** Public JWK in libtrust's field order: {"crv","kid","kty","x","y"} (EC) or {"e","kid","kty","n"} (RSA). */
  publicJwk(): Map<string, string> {
    return publicJwkOf(this.verification);
  }

  /**
   * Signs with this key's algorithm; EC signatures are raw r||s. Signatures are deterministic
   * (EC: RFC 6979 nonces; RSA PKCS#1 v1.5 is deterministic by nature), so the same key signs the
   * same document to the same bytes on every replica and after every restart.
   */
  sign(data: Buffer): Buffer {
    if (this.verification.keyType === 'EC') {
      const { hash } = ecCurveInfo(this.verification.curve);
      const secret = Buffer.from(this.privateKey.export({ format: 'jwk' }).d!, 'base64url');
      const digest = createHash(hash).update(data).digest();
      return Buffer.from(DETERMINISTIC_EC_SIGNERS[this.verification.curve].sign(digest, secret, { prehash: false }).toCompactRawBytes());
    }
    return sign('sha256', data, this.privateKey);
  }
}
