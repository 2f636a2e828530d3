import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Schema1SignatureError,
  isSigned,
  parseSignedSchema1,
  publicJwkOf,
  schema1Digest,
  verifySchema1,
} from '../../../src/registry/schema1';
import { assemblePrettySignature, payloadFormatOf } from '../../../src/registry/schema1/pretty-signature';

// Vectors and their sources: test/fixtures/schema1/README.md.
const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../fixtures/schema1', name));

const sha256 = (bytes: Buffer): string => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

function failure(run: () => unknown): Schema1SignatureError {
  try {
    run();
  } catch (error) {
    if (error instanceof Schema1SignatureError) return error;
    throw error;
  }
  throw new Error('expected a Schema1SignatureError');
}

describe('real signed schema1 manifests', () => {
  it.each([
    ['moby-good-manifest.json', 'sha256:02fee8c3220ba806531f606525eceb83f4feb654f62b207191b1c9209188dedd', 'OIH7:HQFS:44FK:45VB:3B53:OIAG:TPL4:ATF5:6PNE:MGHN:NHQX:2GE4'],
    ['moby-extra-data-manifest.json', 'sha256:02fee8c3220ba806531f606525eceb83f4feb654f62b207191b1c9209188dedd', 'OIH7:HQFS:44FK:45VB:3B53:OIAG:TPL4:ATF5:6PNE:MGHN:NHQX:2GE4'],
    ['quay-validated-manifest.json', 'sha256:b5dc4f63fdbd64f34f2314c0747ef81008f9fcddce4edfc3fd0e8ec8b358d571', 'H4QD:5X6G:2G7T:QXGN:EH3X:3UQU:REXP:7LAH:SGCZ:4FBI:EUSI:3P7Z'],
    ['quay-validated-manifest-with-unicode.json', 'sha256:815ecf45716a96b19d54d911e6ace91f78bab26ca0dd299645d9995dacd9f1ef', 'AARA:PFUD:3V54:7F2S:2P7E:WMCU:WRE7:KUYD:CFKH:UHZ7:AZ4I:UQEX'],
    ['quay-manifest-unencoded-unicode.json', 'sha256:5d8a0f34744a39bf566ba430251adc0cc86587f86aed3ac2acfb897f349777bc', 'AARA:PFUD:3V54:7F2S:2P7E:WMCU:WRE7:KUYD:CFKH:UHZ7:AZ4I:UQEX'],
    ['quay-validate-manifest-known-issue.json', 'sha256:44518f5a4d1cb5b7a6347763116fb6e10f6a8563b6c40bb389a0a982f0a9f47a', 'XPAM:RVQE:4LWW:ABXI:QLLK:O2LK:XJ4V:UAOJ:WM24:ZG6J:UIJ3:JAYM'],
  ])('%s verifies and has the digest its project asserts', (name, digest, keyId) => {
    const bytes = fixture(name);
    const verified = verifySchema1(bytes);
    expect(verified.digest).toBe(digest);
    expect(sha256(verified.payload)).toBe(digest);
    expect(schema1Digest(bytes)).toBe(digest);
    expect(verified.keyIds).toEqual([keyId]);
    expect(isSigned(bytes)).toBe(true);
  });

  it.each(['containers-image-v2s1-original.json', 'containers-image-schema1.json'])('%s verifies', (name) => {
    const verified = verifySchema1(fixture(name));
    expect(verified.keyIds).toHaveLength(1);
  });

  it('ignores data after formatLength (moby extra-data manifest) when rebuilding the payload', () => {
    expect(parseSignedSchema1(fixture('moby-extra-data-manifest.json')).payload).toEqual(
      parseSignedSchema1(fixture('moby-good-manifest.json')).payload,
    );
  });

  it('rejects a real manifest whose signed part was edited (schemaVersion 1 -> 2)', () => {
    const error = failure(() => verifySchema1(fixture('moby-bad-manifest.json')));
    expect(error.reason).toBe('INVALID_SIGNATURE');
    expect(error.kind).toBe('unverified');
  });

  it('rejects a real manifest respelled after signing, while its digest stays the payload digest', () => {
    const respelled = fixture('containers-image-v2s1-respelled.json');
    expect(failure(() => verifySchema1(respelled)).reason).toBe('INVALID_SIGNATURE');
    const digest = 'sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000';
    expect(schema1Digest(respelled)).toBe(digest);
    const unsigned = fixture('containers-image-v2s1-unsigned.json');
    expect(isSigned(unsigned)).toBe(false);
    expect(schema1Digest(unsigned)).toBe(digest);
    expect(parseSignedSchema1(respelled).payload).toEqual(unsigned);
  });

  it('refuses "signatures": 1 with a typed error', () => {
    const bytes = fixture('containers-image-v2s1-invalid-signatures.json');
    expect(isSigned(bytes)).toBe(true);
    expect(failure(() => verifySchema1(bytes)).reason).toBe('MALFORMED_SIGNATURE');
    expect(failure(() => schema1Digest(bytes)).reason).toBe('MALFORMED_SIGNATURE');
  });

  it.each(['moby-good-manifest.json', 'containers-image-v2s1-original.json', 'containers-image-schema1.json'])(
    'reproduces the libtrust layout of %s byte for byte',
    (name) => {
      const bytes = fixture(name);
      const parsed = parseSignedSchema1(bytes);
      const format = payloadFormatOf(parsed.payload);
      expect(format.formatLength).toBe(parsed.formatLength);
      expect(format.formatTail).toEqual(parsed.formatTail);
      expect(format.indent).toBe('   ');
      const entries = parsed.signatures.map((signature) => ({
        header: { jwk: publicJwkOf(signature.jwkKey!), alg: signature.alg },
        signature: signature.signature,
        protected: signature.protected,
      }));
      expect(assemblePrettySignature(parsed.payload, format, entries).toString('utf8')).toBe(bytes.toString('utf8'));
    },
  );
});
