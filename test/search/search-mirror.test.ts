import { SearchMirror } from '../../src/search/search-mirror';
import { SIGNATURE_WORDS, writeSignature } from '../../src/search/text-signature';

/** a small deterministic generator, so that a failure can be replayed */
function generator(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

const ALPHABET = 'abcdeABCDE0123_-./%\\xyz';

function randomText(next: (below: number) => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[next(ALPHABET.length)];
  return text;
}

/** the plain definition: every row whose name or description holds the term, ASCII case folded */
function bruteForce(rows: Map<string, string | null>, term: string, offset: number, limit: number) {
  const fold = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const matching = [...rows.keys()]
    .sort()
    .filter((name) => fold(name).includes(fold(term)) || fold(rows.get(name) ?? '\n').includes(fold(term)));
  return { total: matching.length, page: matching.slice(offset, offset + limit).map((name) => ({ name, description: rows.get(name) ?? null })) };
}

describe('text signatures', () => {
  test('every substring of a text has a signature contained in the text’s', () => {
    const next = generator(7);
    const text = new Int32Array(SIGNATURE_WORDS);
    const part = new Int32Array(SIGNATURE_WORDS);
    for (let round = 0; round < 500; round++) {
      const whole = randomText(next, 1 + next(40));
      const start = next(whole.length);
      const sub = whole.slice(start, start + 1 + next(whole.length - start));
      writeSignature(whole, text, 0);
      writeSignature(sub, part, 0);
      for (let w = 0; w < SIGNATURE_WORDS; w++) expect(text[w]! & part[w]!).toBe(part[w]);
    }
  });

  test('unrelated terms are mostly ruled out', () => {
    const a = new Int32Array(SIGNATURE_WORDS);
    const b = new Int32Array(SIGNATURE_WORDS);
    writeSignature('team42/api-1z', a, 0);
    writeSignature('library', b, 0);
    expect([0, 1, 2].every((w) => (a[w]! & b[w]!) === b[w])).toBe(false);
  });
});

describe('search mirror', () => {
  test('matches and pages exactly as a full scan would, through loads, inserts, updates and deletes', () => {
    const next = generator(42);
    const rows = new Map<string, string | null>();
    for (let i = 0; i < 300; i++) rows.set(randomText(next, 3 + next(12)), next(4) === 0 ? randomText(next, 10) : null);
    const mirror = new SearchMirror();
    const names = [...rows.keys()].sort();
    mirror.load(names, [...rows].filter(([, description]) => description !== null));
    const check = (): void => {
      for (let q = 0; q < 40; q++) {
        const existing = [...rows.keys()][next(rows.size)] ?? 'x';
        const start = next(existing.length);
        const term = next(3) === 0 ? randomText(next, 1 + next(4)) : existing.slice(start, start + 1 + next(6));
        const offset = next(3) === 0 ? next(20) : 0;
        const limit = 1 + next(25);
        expect(mirror.match(term, offset, limit)).toEqual(bruteForce(rows, term, offset, limit));
      }
    };
    check();
    for (let step = 0; step < 200; step++) {
      const choice = next(4);
      const name = choice === 0 && rows.size > 0 ? [...rows.keys()][next(rows.size)]! : randomText(next, 3 + next(12));
      if (choice === 0) {
        rows.delete(name);
        mirror.delete(name);
      } else {
        const description = next(2) === 0 ? randomText(next, 8) : null;
        const keep = rows.has(name) && next(2) === 0;
        if (!keep) rows.set(name, description);
        else if (!rows.has(name)) rows.set(name, null);
        mirror.upsert(name, keep ? undefined : description);
      }
      if (step % 20 === 0) check();
    }
    check();
    expect(mirror.size).toBe(rows.size);
  });
});
