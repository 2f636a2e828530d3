import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { base32 } from 'rfc4648';
import {
  LIBTRUST_KEY_ID_PATTERN,
  Schema1SignatureError,
  TrustKey,
  libtrustKeyId,
  publicJwkOf,
  verificationKeyFromJwk,
} from '../../../src/registry/schema1';

// The key of Docker Hub's 2015 hello-world manifest (moby-good-manifest.json), kid as libtrust wrote it.
const HUB_2015_JWK = {
  crv: 'P-256',
  kid: 'OIH7:HQFS:44FK:45VB:3B53:OIAG:TPL4:ATF5:6PNE:MGHN:NHQX:2GE4',
  kty: 'EC',
  x: 'Cu_UyxwLgHzE9rvlYSmvVdqYCXY42E9eNhBb0xNv0SQ',
  y: 'zUsjWJkeKQ5tv7S-hl1Tg71cd-CqnrtiiLxSi6N_yc8',
};

describe('libtrust key ID', () => {
  it('matches the kid libtrust wrote for a real key', () => {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: HUB_2015_JWK.x, y: HUB_2015_JWK.y }, format: 'jwk' });
    expect(libtrustKeyId(key)).toBe(HUB_2015_JWK.kid);
  });

  it('is base32 of the first 30 bytes of sha256(SPKI DER), in 12 groups of 4', () => {
    const key = TrustKey.generate();
    const der = key.publicKey.keyObject.export({ type: 'spki', format: 'der' });
    const expected = base32.stringify(createHash('sha256').update(der).digest().subarray(0, 30), { pad: false });
    expect(key.keyId.split(':')).toHaveLength(12);
    expect(key.keyId.replace(/:/g, '')).toBe(expected);
    expect(key.keyId).toMatch(LIBTRUST_KEY_ID_PATTERN);
  });
});

describe('TrustKey', () => {
  it('generates a P-256 key that signs ES256', () => {
    const key = TrustKey.generate();
    expect(key.algorithm).toBe('ES256');
    expect(key.publicKey).toMatchObject({ keyType: 'EC', curve: 'P-256' });
  });

  it('writes the public JWK in libtrust field order with 32-byte coordinates', () => {
    const jwk = TrustKey.generate().publicJwk();
    expect([...jwk.keys()]).toEqual(['crv', 'kid', 'kty', 'x', 'y']);
    expect(jwk.get('crv')).toBe('P-256');
    expect(jwk.get('kty')).toBe('EC');
    expect(Buffer.from(jwk.get('x')!, 'base64url')).toHaveLength(32);
    expect(Buffer.from(jwk.get('y')!, 'base64url')).toHaveLength(32);
  });

  it('reproduces a real libtrust JWK from its key', () => {
    const key = verificationKeyFromJwk({ ...HUB_2015_JWK });
    expect(Object.fromEntries(publicJwkOf(key))).toEqual(HUB_2015_JWK);
  });

  it('round-trips through serialize/parse as an "EC PRIVATE KEY" PEM', () => {
    const key = TrustKey.generate();
    const pem = key.serialize();
    expect(pem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    const loaded = TrustKey.parse(pem);
    expect(loaded.keyId).toBe(key.keyId);
    expect(loaded.serialize()).toBe(pem);
  });

  it('loads a libtrust-style PEM with a keyID header', () => {
    const key = TrustKey.generate();
    const withHeader = key
      .serialize()
      .replace('-----BEGIN EC PRIVATE KEY-----\n', `-----BEGIN EC PRIVATE KEY-----\nkeyID: ${key.keyId}\n\n`);
    expect(TrustKey.parse(withHeader).keyId).toBe(key.keyId);
  });

  it('loads PKCS#8 PEM and private JWKs (docker key.json)', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    expect(TrustKey.parse(jwk).keyId).toBe(TrustKey.parse(pkcs8).keyId);
  });

  it('supports P-384, P-521 and RSA keys', () => {
    expect(TrustKey.generate('P-384').algorithm).toBe('ES384');
    expect(TrustKey.generate('P-521').algorithm).toBe('ES512');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsa = TrustKey.parse(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    expect(rsa.algorithm).toBe('RS256');
    expect([...rsa.publicJwk().keys()]).toEqual(['e', 'kid', 'kty', 'n']);
    expect(rsa.serialize()).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
  });

  it('refuses unreadable and unsupported keys with a typed error', () => {
    expect(() => TrustKey.parse('not a key')).toThrow(Schema1SignatureError);
    const { privateKey } = generateKeyPairSync('ed25519');
    const ed25519 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => TrustKey.parse(ed25519)).toThrow(expect.objectContaining({ reason: 'INVALID_KEY' }));
  });
});

describe('verificationKeyFromJwk', () => {
  const reasonOf = (jwk: unknown): string | undefined => {
    try {
      verificationKeyFromJwk(jwk);
      return undefined;
    } catch (error) {
      return (error as Schema1SignatureError).reason;
    }
  };

  it('rejects a kid that does not belong to the key', () => {
    const other = TrustKey.generate().keyId;
    expect(reasonOf({ ...HUB_2015_JWK, kid: other })).toBe('KEY_ID_MISMATCH');
  });

  it('accepts a JWK without kid', () => {
    const { kid: _kid, ...withoutKid } = HUB_2015_JWK;
    expect(verificationKeyFromJwk(withoutKid).keyId).toBe(HUB_2015_JWK.kid);
  });

  it.each([
    ['not an object', 'jwk'],
    ['null', null],
    ['missing kty', { crv: 'P-256', x: HUB_2015_JWK.x, y: HUB_2015_JWK.y }],
    ['unknown kty', { ...HUB_2015_JWK, kty: 'OKP' }],
    ['unknown curve', { ...HUB_2015_JWK, crv: 'P-192' }],
    ['short coordinate', { ...HUB_2015_JWK, x: HUB_2015_JWK.x.slice(0, 40) }],
    ['point off the curve', { kty: 'EC', crv: 'P-256', x: HUB_2015_JWK.x, y: HUB_2015_JWK.x }],
    ['non-string kid', { ...HUB_2015_JWK, kid: 7 }],
    ['RSA with private exponent', { kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQAB' }],
  ])('rejects %s', (_label, jwk) => {
    expect(reasonOf(jwk)).toBe('INVALID_JWK');
  });
});
