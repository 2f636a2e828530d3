import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Schema1SignatureError,
  TrustKey,
  goJsonIndent,
  isSigned,
  parseSignedSchema1,
  schema1Digest,
  signSchema1,
  verifySchema1,
} from '../../../src/registry/schema1';

const SIGNED_AT = new Date('2024-05-06T07:08:09.123Z');
const fixtureText = (name: string): string => readFileSync(join(__dirname, '../../fixtures/schema1', name), 'utf8');

function manifestPayload(tag = 'latest'): Buffer {
  const manifest = {
    schemaVersion: 1,
    name: 'library/hello-world',
    tag,
    architecture: 'amd64',
    fsLayers: [{ blobSum: 'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4' }],
    history: [{ v1Compatibility: '{"id":"af34","config":{"Cmd":["/bin/sh","-c","a && b < c"]}}' }],
  };
  return Buffer.from(goJsonIndent(manifest, '   '), 'utf8');
}

function failure(run: () => unknown): Schema1SignatureError {
  try {
    run();
  } catch (error) {
    if (error instanceof Schema1SignatureError) return error;
    throw error;
  }
  throw new Error('expected a Schema1SignatureError');
}

const reasonOf = (bytes: Buffer | string): string => failure(() => verifySchema1(Buffer.from(bytes))).reason;

function decodeProtected(encoded: string): string {
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

/** Replaces the protected header of every signature in a signed document. */
function withProtected(signed: Buffer, headerJson: string): Buffer {
  const encoded = Buffer.from(headerJson).toString('base64url');
  return Buffer.from(signed.toString('utf8').replace(/"protected": "[^"]*"/g, `"protected": "${encoded}"`));
}

describe('signSchema1 / verifySchema1 round trip', () => {
  const key = TrustKey.generate();
  const payload = manifestPayload();
  const signed = signSchema1(payload, key, SIGNED_AT);

  it('verifies and yields the original payload, its digest and the key ID', () => {
    const verified = verifySchema1(signed);
    expect(verified.payload).toEqual(payload);
    expect(verified.digest).toBe('sha256:' + createHash('sha256').update(payload).digest('hex'));
    expect(verified.keyIds).toEqual([key.keyId]);
    expect(schema1Digest(signed)).toBe(verified.digest);
  });

  it('writes the protected header libtrust writes', () => {
    const [signature] = parseSignedSchema1(signed).signatures;
    expect(decodeProtected(signature!.protected)).toBe(
      `{"formatLength":${payload.length - 2},"formatTail":"Cn0","time":"2024-05-06T07:08:09Z"}`,
    );
    expect(Buffer.from(signature!.signature, 'base64url')).toHaveLength(64);
  });

  it('lays the document out exactly as libtrust PrettySignature does', () => {
    const [signature] = parseSignedSchema1(signed).signatures;
    const jwk = key.publicJwk();
    const expected =
      payload.subarray(0, payload.length - 2).toString('utf8') +
      ',\n   "signatures": [\n      {\n         "header": {\n            "jwk": {\n' +
      `               "crv": "P-256",\n               "kid": "${key.keyId}",\n               "kty": "EC",\n` +
      `               "x": "${jwk.get('x')}",\n               "y": "${jwk.get('y')}"\n            },\n` +
      '            "alg": "ES256"\n         },\n' +
      `         "signature": "${signature!.signature}",\n         "protected": "${signature!.protected}"\n` +
      '      }\n   ]\n}';
    expect(signed.toString('utf8')).toBe(expected);
  });

  it('keeps the payload digest stable across signings while the document changes', () => {
    const again = signSchema1(payload, key, new Date('2030-01-01T00:00:00Z'));
    expect(again.equals(signed)).toBe(false);
    expect(schema1Digest(again)).toBe(schema1Digest(signed));
  });

  it('reports signed and unsigned documents', () => {
    expect(isSigned(signed)).toBe(true);
    expect(isSigned(payload)).toBe(false);
    expect(isSigned(Buffer.from('garbage'))).toBe(false);
    expect(schema1Digest(payload)).toBe(verifySchema1(signed).digest);
  });
});

describe('tampering', () => {
  const key = TrustKey.generate();
  const signed = signSchema1(manifestPayload(), key, SIGNED_AT).toString('utf8');

  it('fails when the signed payload changes', () => {
    const error = failure(() => verifySchema1(Buffer.from(signed.replace('"tag": "latest"', '"tag": "latesT"'))));
    expect(error.reason).toBe('INVALID_SIGNATURE');
    expect(error.kind).toBe('unverified');
  });

  it('fails when the signature changes', () => {
    const [signature] = parseSignedSchema1(Buffer.from(signed)).signatures;
    const raw = Buffer.from(signature!.signature, 'base64url');
    raw[10] ^= 0x01;
    expect(reasonOf(signed.replace(signature!.signature, raw.toString('base64url')))).toBe('INVALID_SIGNATURE');
  });

  it('fails when the protected header changes', () => {
    const header = `{"formatLength":${manifestPayload().length - 2},"formatTail":"Cn0","time":"2099-01-01T00:00:00Z"}`;
    expect(reasonOf(withProtected(Buffer.from(signed), header))).toBe('INVALID_SIGNATURE');
  });

  it('fails when the JWK kid belongs to another key', () => {
    const other = TrustKey.generate();
    const error = failure(() => verifySchema1(Buffer.from(signed.replace(key.keyId, other.keyId))));
    expect(error.reason).toBe('KEY_ID_MISMATCH');
    expect(error.kind).toBe('malformed');
  });

  it('fails when the JWK is swapped for another key', () => {
    const other = TrustKey.generate().publicJwk();
    const mine = key.publicJwk();
    const swapped = signed
      .replace(mine.get('kid')!, other.get('kid')!)
      .replace(mine.get('x')!, other.get('x')!)
      .replace(mine.get('y')!, other.get('y')!);
    expect(reasonOf(swapped)).toBe('INVALID_SIGNATURE');
  });

  it('fails when alg does not fit the key', () => {
    expect(reasonOf(signed.replace('"alg": "ES256"', '"alg": "ES384"'))).toBe('UNSUPPORTED_ALGORITHM');
    expect(reasonOf(signed.replace('"alg": "ES256"', '"alg": "none"'))).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('fails when the header carries no key', () => {
    expect(reasonOf(signed.replace(/"jwk": \{[^}]*\},/, ''))).toBe('MISSING_PUBLIC_KEY');
  });

  it('fails when formatLength points past the document', () => {
    expect(reasonOf(withProtected(Buffer.from(signed), '{"formatLength":999999,"formatTail":"Cn0"}'))).toBe(
      'INVALID_FORMAT_LENGTH',
    );
  });

  it('fails when formatLength cuts the payload into invalid JSON', () => {
    expect(reasonOf(withProtected(Buffer.from(signed), '{"formatLength":20,"formatTail":"Cn0"}'))).toBe('INVALID_PAYLOAD');
  });
});

describe('signature variants', () => {
  const payload = manifestPayload();

  it.each(['P-384', 'P-521'] as const)('signs and verifies with %s', (curve) => {
    const key = TrustKey.generate(curve);
    const signed = signSchema1(payload, key, SIGNED_AT);
    expect(verifySchema1(signed).keyIds).toEqual([key.keyId]);
    expect(signed.toString('utf8')).toContain(`"alg": "${key.algorithm}"`);
  });

  it('verifies RS256 signatures with an RSA JWK', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = TrustKey.parse(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const signed = signSchema1(payload, key, SIGNED_AT);
    expect(signed.toString('utf8')).toContain('"alg": "RS256"');
    expect(verifySchema1(signed).keyIds).toEqual([key.keyId]);
    expect(reasonOf(signed.toString('utf8').replace('"alg": "RS256"', '"alg": "RS512"'))).toBe('INVALID_SIGNATURE');
    expect(reasonOf(signed.toString('utf8').replace('"alg": "RS256"', '"alg": "ES256"'))).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('signs with several keys, sorted by key ID, and verifies every signature', () => {
    const keys = [TrustKey.generate(), TrustKey.generate(), TrustKey.generate()];
    const signed = signSchema1(payload, keys, SIGNED_AT);
    const expectedOrder = keys.map((key) => key.keyId).sort();
    expect(verifySchema1(signed).keyIds).toEqual(expectedOrder);
  });

  it('rejects signatures that disagree on formatLength or formatTail', () => {
    const signed = signSchema1(payload, [TrustKey.generate(), TrustKey.generate()], SIGNED_AT).toString('utf8');
    const headers = [...signed.matchAll(/"protected": "([^"]*)"/g)].map((match) => match[1]!);
    const longer = Buffer.from(`{"formatLength":${payload.length - 1},"formatTail":"fQ"}`).toString('base64url');
    const otherTail = Buffer.from(`{"formatLength":${payload.length - 2},"formatTail":"Cn0K"}`).toString('base64url');
    expect(reasonOf(signed.replace(headers[1]!, longer))).toBe('CONFLICTING_FORMAT');
    expect(reasonOf(signed.replace(headers[1]!, otherTail))).toBe('CONFLICTING_FORMAT');
  });

  it('signs with an x5c chain instead of a JWK and verifies with the leaf key', () => {
    const key = TrustKey.parse(fixtureText('x5c-test-key.pem'));
    const certificate = fixtureText('x5c-test-cert.pem').replace(/-----[A-Z ]+-----|\s/g, '');
    const signed = signSchema1(payload, key, SIGNED_AT, { certificateChain: [certificate] });
    const [signature] = parseSignedSchema1(signed).signatures;
    expect(signature!.jwkKey).toBeUndefined();
    expect(signature!.x5c).toEqual([certificate]);
    expect(signed.toString('utf8')).toContain('"header": {\n            "alg": "ES256",\n            "x5c": [\n');
    expect(verifySchema1(signed).keyIds).toEqual([key.keyId]);
    expect(reasonOf(signed.toString('utf8').replace(certificate, 'bm90IGEgY2VydA=='))).toBe('BAD_CERTIFICATE');
    expect(reasonOf(signed.toString('utf8').replace(certificate, '***'))).toBe('BAD_CERTIFICATE');
  });

  it('refuses a certificate chain whose leaf is not the signing key', () => {
    const certificate = fixtureText('x5c-test-cert.pem').replace(/-----[A-Z ]+-----|\s/g, '');
    const error = failure(() => signSchema1(payload, TrustKey.generate(), SIGNED_AT, { certificateChain: [certificate] }));
    expect(error.reason).toBe('INVALID_KEY');
  });
});

describe('payload formats', () => {
  const key = TrustKey.generate();

  it('signs a compact payload in libtrust compact layout', () => {
    const payload = Buffer.from('{"schemaVersion":1,"name":"a/b"}');
    const signed = signSchema1(payload, key, SIGNED_AT).toString('utf8');
    expect(signed).toMatch(/^\{"schemaVersion":1,"name":"a\/b","signatures":\[\{"header":\{"jwk":\{"crv":"P-256",/);
    expect(signed.endsWith('"}]}')).toBe(true);
    expect(verifySchema1(Buffer.from(signed)).payload).toEqual(payload);
  });

  it('keeps any trailing bytes in formatTail and restores them', () => {
    const payload = Buffer.from('{\n   "schemaVersion": 1\n}\n');
    const signed = signSchema1(payload, key, SIGNED_AT);
    const parsed = parseSignedSchema1(signed);
    expect(parsed.formatLength).toBe(payload.indexOf('1') + 1);
    expect(parsed.formatTail.toString('utf8')).toBe('\n}\n');
    expect(decodeProtected(parsed.signatures[0]!.protected)).toContain('"formatTail":"Cn0K"');
    expect(verifySchema1(signed).payload).toEqual(payload);
  });

  it.each([
    ['not JSON', '{"a":'],
    ['an array', '[1]'],
    ['an empty object', '{}'],
    ['a payload already signed', '{"a":1,"signatures":[]}'],
  ])('refuses to sign %s', (_label, text) => {
    expect(failure(() => signSchema1(Buffer.from(text), key, SIGNED_AT)).reason).toBe('INVALID_PAYLOAD');
  });
});

describe('garbage input', () => {
  const signed = signSchema1(manifestPayload(), TrustKey.generate(), SIGNED_AT);

  it.each([
    ['empty input', '', 'INVALID_JSON'],
    ['random text', 'hello', 'INVALID_JSON'],
    ['a JSON array', '[]', 'INVALID_JSON'],
    ['JSON null', 'null', 'INVALID_JSON'],
    ['no signatures member', '{"schemaVersion":1}', 'MISSING_SIGNATURES'],
    ['empty signatures', '{"signatures":[]}', 'MISSING_SIGNATURES'],
    ['signatures not an array', '{"signatures":{}}', 'MALFORMED_SIGNATURE'],
    ['a signature that is not an object', '{"signatures":[1]}', 'MALFORMED_SIGNATURE'],
    ['a non-string signature', '{"signatures":[{"signature":5}]}', 'MALFORMED_SIGNATURE'],
    ['x5c not a list of strings', '{"signatures":[{"header":{"x5c":[1]}}]}', 'MALFORMED_SIGNATURE'],
    ['a missing protected header', '{"signatures":[{"header":{},"signature":""}]}', 'BAD_PROTECTED_HEADER'],
    ['a protected header that is not base64url', '{"signatures":[{"protected":"@@"}]}', 'BAD_PROTECTED_HEADER'],
    ['a protected header that is not JSON', `{"signatures":[{"protected":"${Buffer.from('nope').toString('base64url')}"}]}`, 'BAD_PROTECTED_HEADER'],
    ['a negative formatLength', `{"signatures":[{"protected":"${Buffer.from('{"formatLength":-1,"formatTail":""}').toString('base64url')}"}]}`, 'BAD_PROTECTED_HEADER'],
    ['a fractional formatLength', `{"signatures":[{"protected":"${Buffer.from('{"formatLength":1.5,"formatTail":""}').toString('base64url')}"}]}`, 'BAD_PROTECTED_HEADER'],
    ['a missing formatTail', `{"signatures":[{"protected":"${Buffer.from('{"formatLength":1}').toString('base64url')}"}]}`, 'BAD_PROTECTED_HEADER'],
    ['a JWK that is not an object', '{"signatures":[{"header":{"jwk":"x"}}]}', 'INVALID_JWK'],
  ])('refuses %s with a typed error', (_label, text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('never throws anything but Schema1SignatureError on truncated documents', () => {
    for (let length = 0; length < signed.length; length += 7) {
      expect(() => verifySchema1(signed.subarray(0, length))).toThrow(Schema1SignatureError);
    }
  });

  it('never throws anything but Schema1SignatureError on single-byte corruptions', () => {
    for (let index = 0; index < signed.length; index += 3) {
      const corrupted = Buffer.from(signed);
      corrupted[index] = (corrupted[index]! + 1) % 256;
      try {
        verifySchema1(corrupted);
      } catch (error) {
        expect(error).toBeInstanceOf(Schema1SignatureError);
      }
    }
  });

  it('rejects random bytes', () => {
    const random = Buffer.from(Array.from({ length: 512 }, (_, index) => (index * 7919) % 256));
    expect(() => verifySchema1(random)).toThrow(Schema1SignatureError);
    expect(isSigned(random)).toBe(false);
  });
});
