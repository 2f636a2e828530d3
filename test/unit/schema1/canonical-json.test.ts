import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoRawJson, goJsonCompact, goJsonIndent, goJsonString } from '../../../src/registry/schema1';
import { parseSignedSchema1 } from '../../../src/registry/schema1';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../fixtures/schema1', name));

describe('goJsonString', () => {
  it('escapes HTML characters and line/paragraph separators like Go', () => {
    expect(goJsonString('a<b>&c\u2028d\u2029')).toBe('"a\\u003cb\\u003e\\u0026c\\u2028d\\u2029"');
  });

  it('escapes control characters, quotes and backslashes', () => {
    expect(goJsonString('\u0001\b\f\n\r\t"\\\u001f')).toBe('"\\u0001\\u0008\\u000c\\n\\r\\t\\"\\\\\\u001f"');
  });

  it('keeps DEL, non-ASCII and astral characters raw', () => {
    expect(goJsonString('\u007fé😀')).toBe('"\u007fé😀"');
  });

  it('writes lone surrogates (invalid UTF-8 for Go) as \\ufffd', () => {
    expect(goJsonString('a\ud800b\udc00')).toBe('"a\\ufffdb\\ufffd"');
  });
});

describe('goJsonCompact', () => {
  it('keeps struct (insertion) order for plain objects and omits undefined members', () => {
    expect(goJsonCompact({ z: 1, a: 'x', skipped: undefined, m: [true, null] })).toBe('{"z":1,"a":"x","m":[true,null]}');
  });

  it('sorts Map keys by UTF-8 bytes, as Go sorts map keys', () => {
    const map = new Map<string, number>([
      ['😀', 4],
      ['\uff01', 3],
      ['b', 2],
      ['a', 1],
    ]);
    // UTF-16 order would put the emoji (0xD83D) before U+FF01; UTF-8 order puts it last.
    expect(goJsonCompact(map)).toBe('{"a":1,"b":2,"！":3,"😀":4}');
  });

  it('sorts every plain object when sortKeys is set', () => {
    expect(goJsonCompact({ b: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }] }, { sortKeys: true })).toBe(
      '{"a":[{"c":2,"d":1}],"b":{"x":2,"y":1}}',
    );
  });

  it('formats numbers as Go formats float64 and integers', () => {
    expect(goJsonCompact([123, 1.5, -0, 1e21, 1e-7, 0.000001, 1.5e-7, 123456789012345680000, 10n ** 20n])).toBe(
      '[123,1.5,-0,1e+21,1e-7,0.000001,1.5e-7,123456789012345680000,100000000000000000000]',
    );
  });

  it('refuses values Go cannot encode', () => {
    expect(() => goJsonCompact(Number.NaN)).toThrow(TypeError);
    expect(() => goJsonCompact(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => goJsonCompact(new Date())).toThrow(TypeError);
    expect(() => goJsonCompact([undefined])).toThrow(TypeError);
    expect(() => goJsonCompact(undefined)).toThrow(TypeError);
  });

  it('compacts and HTML-escapes raw JSON like json.RawMessage', () => {
    const raw = new GoRawJson('{ "a" : [1, 2],\n "b": "x < y && \\"  z\\" " }');
    expect(goJsonCompact({ raw })).toBe('{"raw":{"a":[1,2],"b":"x \\u003c y \\u0026\\u0026 \\"  z\\" "}}');
    expect(() => new GoRawJson('{nope')).toThrow(SyntaxError);
  });
});

describe('goJsonIndent', () => {
  it('matches MarshalIndent, keeping empty arrays and objects on one line', () => {
    expect(goJsonIndent({ a: [], b: {}, c: [1, { d: 2 }], e: '{[,:]}' }, '   ')).toBe(
      '{\n   "a": [],\n   "b": {},\n   "c": [\n      1,\n      {\n         "d": 2\n      }\n   ],\n   "e": "{[,:]}"\n}',
    );
  });

  it('writes the prefix on every line but the first', () => {
    expect(goJsonIndent([{ x: 1 }], '   ', { prefix: '   ' })).toBe('[\n      {\n         "x": 1\n      }\n   ]');
  });

  it('re-indents raw JSON', () => {
    expect(goJsonIndent({ raw: new GoRawJson('{"a": [1]}') }, '  ')).toBe('{\n  "raw": {\n    "a": [\n      1\n    ]\n  }\n}');
  });

  it.each(['moby-good-manifest.json', 'containers-image-v2s1-original.json', 'containers-image-schema1.json'])(
    'reproduces the Go-generated payload of %s byte for byte',
    (name) => {
      const { payload } = parseSignedSchema1(fixture(name));
      const parsed = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
      const inStructOrder = {
        schemaVersion: parsed['schemaVersion'],
        name: parsed['name'],
        tag: parsed['tag'],
        architecture: parsed['architecture'],
        fsLayers: parsed['fsLayers'],
        history: parsed['history'],
      };
      expect(goJsonIndent(inStructOrder, '   ')).toBe(payload.toString('utf8'));
    },
  );
});
