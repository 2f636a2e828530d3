/**
 * The Python 2 details the generator reproduces, checked against values from real
 * docker-registry stores quoted in a blog post about a 0.6.5 install (docker 0.11.1 client).
 */
import { Python2Dict, python2DictOrder, python2StringHash, pythonJsonDumps, pythonQuotePlus } from '../fixtures/legacy-store';
import { mergeIndexImages, tagJson } from '../fixtures/legacy-store/repository-writer';

const MASK64 = (1n << 64n) - 1n;

describe('Python 2 dict order', () => {
  it('hashes strings like 64-bit CPython 2.7', () => {
    expect(python2StringHash('a')).toBe(12416037344n);
    expect(python2StringHash('')).toBe(0n);
  });

  it("iterates {'a','b','c'} as a, c, b", () => {
    expect(python2DictOrder(['a', 'b', 'c'])).toEqual(['a', 'c', 'b']);
  });

  it('orders tag<tag>_json keys exactly as a real store has them', () => {
    const userAgent = 'docker/0.11.1 go/go1.2.1 git-commit/fb99f99 kernel/3.13.0-24-generic os/linux arch/amd64';
    expect(tagJson(1400116767, userAgent)).toBe(
      '{"kernel": "3.13.0-24-generic", "arch": "amd64", "docker_go_version": "go1.2.1", "last_update": 1400116767, "docker_version": "0.11.1", "os": "linux"}',
    );
  });

  it('writes only last_update and docker_version for a curl User-Agent naming docker', () => {
    expect(tagJson(1400000000, 'curl/7.35.0 docker/1.0.0')).toBe('{"docker_version": "1.0.0", "last_update": 1400000000}');
  });

  it('finds a real merged _index_images to be a 32-slot dict under this hash', () => {
    // library/ubuntu of that store, in file order (21 ids): file order is slot order, and every
    // slot a key probed before its own must be taken (no deletions happen in that dict)
    const probes = REAL_INDEX_IMAGE_IDS.map((id) => probeSequence(python2StringHash(id), 32n));
    const consistent = (slots: number[]): boolean => {
      const taken = new Set(slots);
      return probes.every((sequence, k) => sequence.slice(0, sequence.indexOf(slots[k]!)).every((slot) => taken.has(slot)));
    };
    const search = (slots: number[]): number[] | undefined => {
      if (slots.length === probes.length) return consistent(slots) ? slots : undefined;
      const previous = slots[slots.length - 1] ?? -1;
      const candidates = [...new Set(probes[slots.length]!.filter((slot) => slot > previous))].sort((a, b) => a - b);
      for (const candidate of candidates) {
        const found = search([...slots, candidate]);
        if (found) return found;
      }
      return undefined;
    };
    expect(search([])).toBeDefined();
  });
});

describe('update_index_images', () => {
  const first = JSON.stringify([{ id: 'b'.repeat(64) }, { id: 'a'.repeat(64), Tag: 'latest' }]);

  it('rewrites the verbatim first body as {"id"} entries, no Tag', () => {
    const merged = mergeIndexImages('[]', first);
    expect(merged).toMatch(/^\[\{"id": "[ab]{64}"\}, \{"id": "[ab]{64}"\}\]$/);
    expect(merged).not.toContain('Tag');
  });

  it('keeps a checksum over a later entry without one, keys in Python order', () => {
    const merged = mergeIndexImages(JSON.stringify([{ id: 'a'.repeat(64) }]), JSON.stringify([{ id: 'a'.repeat(64), checksum: 'sha256:00' }]));
    const order = python2DictOrder(['id', 'checksum']);
    const expected = order.map((key) => (key === 'id' ? `"id": "${'a'.repeat(64)}"` : '"checksum": "sha256:00"')).join(', ');
    expect(merged).toBe(`[{${expected}}]`);
  });
});

describe('json.dumps and quote_plus', () => {
  it('uses Python separators and ensure_ascii', () => {
    expect(pythonJsonDumps(['a', 'b'])).toBe('["a", "b"]');
    expect(pythonJsonDumps(['é', '\u0001', '"\\', 1, true, null])).toBe('["\\u00e9", "\\u0001", "\\"\\\\", 1, true, null]');
    expect(pythonJsonDumps(new Python2Dict<null>().set('b', null).set('a', null))).toBe('{"a": null, "b": null}');
  });

  it('quotes like urllib.quote_plus', () => {
    expect(pythonQuotePlus('ubuntu-14.04_x')).toBe('ubuntu-14.04_x');
    expect(pythonQuotePlus('c++')).toBe('c%2B%2B');
    expect(pythonQuotePlus('tools/builder')).toBe('tools%2Fbuilder');
    expect(pythonQuotePlus('a b%')).toBe('a+b%25');
    expect(pythonQuotePlus('é')).toBe('%C3%A9');
  });
});

function probeSequence(hash: bigint, size: bigint): number[] {
  const slots: number[] = [];
  let i = hash & (size - 1n);
  let perturb = hash;
  for (let k = 0; k < 12; k++) {
    slots.push(Number(i & (size - 1n)));
    i = ((i << 2n) + i + perturb + 1n) & MASK64;
    perturb >>= 5n;
  }
  return slots;
}

const REAL_INDEX_IMAGE_IDS = [
  'e7206bfc66aac0ab946eb11dad1271f4f5f3f72ab65cff66b4092aeaee20475b',
  'd4010efcfd86c7f59f6b83b90e9c66d4cc4d78cd2266e853b95d464ea0eb73e6',
  '511136ea3c5a64f264b78b5433614aec563103b4d4702f3ba7d4d2698e22c158',
  'cb12405ee8fa58aa11f2a2fe5ab98430fefdf330ce1a9bd37ba800abc14b9ca1',
  '2209cbf9dcd35615211a2fdc6762bb5e651b5c847537359f05b9ab1bc9a74614',
  'cf8dc907452c970224551599da573c9e32897fc65286d942625c4c86dabd680d',
  '02dae1c13f51edae0a9817e01dcbbad380c1b31933779641e5f733958af5d8d5',
  '316b678ddf487a37012630ae3219c8bb78c1f4b58d31c9513c3ea6b88f9e5635',
  '7c0d7c261905a9fe83d1aea4037a265058f47e1e3e1134daac879393741cc016',
  '8aedcdadf14bb95a53f712aace7d0cb657447d24e41831518392d1a2b05d8bf7',
  '99ec81b80c55d906afd8179560fdab0ee93e32c52053816ca1d531597c1ff48f',
  '07302703beccc2ea25f34333decad32ed06446e8a14c020ffbd0be017364b9fe',
  '4d26dd3ebc1c823cfa652280eca0230ec411fb6a742983803e49e051fe367efe',
  'e2aa6665d37109cd6d196eec32c98d8f4412325cb2dc1588e5eb27cae4beb836',
  '5e66087f3ffe002664507d225d07b6929843c3f0299f5335a70c1727c8833737',
  '5e019ab7bf6deb75b211411ef7257d1e76bf7edee31d9da62a392df98d0529d6',
  'ef519c9ee91a06fc33cefbda1bce27686617761700252dff0397f2c0e269f3c5',
  'f0ee64c4df74c766a16faebfb5123e2b67192eff4a82aa70d0d2081681200a79',
  '514b348987eff7991ad24b3fa26838f9768f41a618a1f78c8a4e6d5382b14df9',
  'a7cf8ae4e998c5339e769d6cc466f9133bd4d330a549bb846cb1641cd638247c',
  'f030997216f3f605c3db2e60fac9a327910f30319b3fae95a457f87801bc2734',
];
