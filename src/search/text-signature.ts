/**
 * A 96-bit summary of the characters and adjacent character pairs of a text, used to skip rows
 * that cannot contain a search term: if a term is a substring of a text, every bit of the term's
 * signature is set in the text's. Most rows fail that test with three integer comparisons, so a
 * scan of 100,000 rows compares strings only for the few candidates (a Bloom filter over bigrams,
 * plus one bit per character class for single-character terms).
 */
export const SIGNATURE_WORDS = 3;

const GOLDEN_RATIO_32 = 0x9e3779b1;

/** writes the signature of `text` into `into[at .. at + SIGNATURE_WORDS)` */
export function writeSignature(text: string, into: Int32Array, at: number): void {
  let pairsLow = 0;
  let pairsHigh = 0;
  let characters = 0;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    characters |= 1 << code % 31;
    if (previous >= 0) {
      const bit = Math.imul(Math.imul(previous, 31) + code, GOLDEN_RATIO_32) >>> 26;
      if (bit < 32) pairsLow |= 1 << bit;
      else pairsHigh |= 1 << (bit - 32);
    }
    previous = code;
  }
  into[at] = pairsLow;
  into[at + 1] = pairsHigh;
  into[at + 2] = characters;
}

/** one signature per row, in row order; rows are inserted and removed in place like an array's */
export class SignatureColumn {
  private words = new Int32Array(0);
  private rows = 0;

  /** replaces every row */
  fill(texts: readonly string[], extra: (row: number) => string | null): void {
    this.words = new Int32Array(texts.length * SIGNATURE_WORDS);
    this.rows = texts.length;
    for (let row = 0; row < texts.length; row++) this.set(row, texts[row]!, extra(row));
  }

  /** the row's signature: that of `text`, combined with that of `other` when given */
  set(row: number, text: string, other: string | null): void {
    const at = row * SIGNATURE_WORDS;
    writeSignature(text, this.words, at);
    if (other === null) return;
    const scratch = new Int32Array(SIGNATURE_WORDS);
    writeSignature(other, scratch, 0);
    for (let w = 0; w < SIGNATURE_WORDS; w++) this.words[at + w]! |= scratch[w]!;
  }

  insert(row: number, text: string, other: string | null): void {
    const needed = (this.rows + 1) * SIGNATURE_WORDS;
    if (needed > this.words.length) {
      const grown = new Int32Array(Math.max(needed, this.words.length * 2, 64 * SIGNATURE_WORDS));
      grown.set(this.words.subarray(0, this.rows * SIGNATURE_WORDS));
      this.words = grown;
    }
    this.words.copyWithin((row + 1) * SIGNATURE_WORDS, row * SIGNATURE_WORDS, this.rows * SIGNATURE_WORDS);
    this.rows++;
    this.set(row, text, other);
  }

  remove(row: number): void {
    this.words.copyWithin(row * SIGNATURE_WORDS, (row + 1) * SIGNATURE_WORDS, this.rows * SIGNATURE_WORDS);
    this.rows--;
  }

  /** calls `visit` with each row, ascending, whose signature holds every bit of `term`'s */
  forEachCandidate(term: string, visit: (row: number) => void): void {
    const wanted = new Int32Array(SIGNATURE_WORDS);
    writeSignature(term, wanted, 0);
    const [w0, w1, w2] = [wanted[0]!, wanted[1]!, wanted[2]!];
    const words = this.words;
    for (let row = 0, at = 0; row < this.rows; row++, at += SIGNATURE_WORDS) {
      if ((words[at]! & w0) !== w0 || (words[at + 1]! & w1) !== w1 || (words[at + 2]! & w2) !== w2) continue;
      visit(row);
    }
  }
}
