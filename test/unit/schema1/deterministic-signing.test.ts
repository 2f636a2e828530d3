/** Generated schema1 manifests must be byte-stable: the same key signs the same payload to the same bytes. */
import { signSchema1, TrustKey, verifySchema1 } from '../../../src/registry/schema1';

describe('deterministic schema1 signing', () => {
  const payload = Buffer.from('{\n   "schemaVersion": 1,\n   "name": "a/b",\n   "tag": "1",\n   "fsLayers": [],\n   "history": []\n}');
  const time = new Date('2014-06-01T00:00:00Z');

  test.each(['P-256', 'P-384', 'P-521'] as const)('%s signatures are RFC 6979 deterministic and verify', (curve) => {
    const key = TrustKey.generate(curve);
    const first = signSchema1(payload, key, time);
    const second = signSchema1(payload, TrustKey.parse(key.serialize()), time);
    expect(second.equals(first)).toBe(true);
    expect(verifySchema1(first).payload.equals(payload)).toBe(true);
  });

  test('a different key or time gives a different signature over the same payload digest', () => {
    const one = signSchema1(payload, TrustKey.generate('P-256'), time);
    const other = signSchema1(payload, TrustKey.generate('P-256'), time);
    expect(other.equals(one)).toBe(false);
    expect(verifySchema1(one).digest).toBe(verifySchema1(other).digest);
  });
});
