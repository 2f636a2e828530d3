/**
 * The search index's rows in memory, sorted by name: substring matching over names and
 * descriptions (ASCII letters compared case-insensitively, as SQLite's LIKE did for
 * docker-registry; `%` and `_` literal) without scanning the database. SQLite stays the
 * persistent copy; this one is loaded from it and updated with every write. Rows are kept in
 * parallel arrays (no object per row) to stay small: about 10 MB at 100,000 repositories. A
 * signature per row (text-signature.ts) lets a query compare strings only for candidate rows.
 */
import { SignatureColumn } from './text-signature';

export interface RepositoryRow {
  readonly name: string;
  readonly description: string | null;
}

export class SearchMirror {
  private names: string[] = [];
  private descriptions: Array<string | null> = [];
  /** ASCII-folded forms; the same string as the original when it has no capital */
  private foldedNames: string[] = [];
  private foldedDescriptions: Array<string | null> = [];
  /** of the folded name and description */
  private readonly signatures = new SignatureColumn();

  /**
   * replaces everything: `names` sorted, and the descriptions of the few rows that have one
   * (loaded apart, so that a load allocates one array of names rather than an object per row)
   */
  load(names: string[], described: Iterable<readonly [string, string | null]>): void {
    this.names = names;
    this.foldedNames = names.map(asciiLowerCase);
    this.descriptions = new Array<string | null>(names.length).fill(null);
    this.foldedDescriptions = new Array<string | null>(names.length).fill(null);
    for (const [name, description] of described) {
      const at = this.position(name);
      if (this.names[at] !== name) continue;
      this.descriptions[at] = description;
      this.foldedDescriptions[at] = description === null ? null : asciiLowerCase(description);
    }
    this.signatures.fill(this.foldedNames, (row) => this.foldedDescriptions[row]!);
  }

  get size(): number {
    return this.names.length;
  }

  /** a description of undefined keeps the stored one */
  upsert(name: string, description: string | null | undefined): void {
    const at = this.position(name);
    if (this.names[at] === name) {
      if (description === undefined) return;
      this.descriptions[at] = description;
      this.foldedDescriptions[at] = description === null ? null : asciiLowerCase(description);
      this.signatures.set(at, this.foldedNames[at]!, this.foldedDescriptions[at]!);
      return;
    }
    this.names.splice(at, 0, name);
    this.descriptions.splice(at, 0, description ?? null);
    this.foldedNames.splice(at, 0, asciiLowerCase(name));
    this.foldedDescriptions.splice(at, 0, description == null ? null : asciiLowerCase(description));
    this.signatures.insert(at, this.foldedNames[at]!, this.foldedDescriptions[at]!);
  }

  delete(name: string): void {
    const at = this.position(name);
    if (this.names[at] !== name) return;
    for (const column of [this.names, this.descriptions, this.foldedNames, this.foldedDescriptions]) column.splice(at, 1);
    this.signatures.remove(at);
  }

  /** the matches' count and the rows of one page, in name order */
  match(term: string, offset: number, limit: number): { total: number; page: RepositoryRow[] } {
    if (term === '') {
      const end = Math.min(this.names.length, offset + limit);
      const page: RepositoryRow[] = [];
      for (let i = offset; i < end; i++) page.push(this.row(i));
      return { total: this.names.length, page };
    }
    const folded = asciiLowerCase(term);
    const page: RepositoryRow[] = [];
    let total = 0;
    this.signatures.forEachCandidate(folded, (i) => {
      if (!this.foldedNames[i]!.includes(folded) && !(this.foldedDescriptions[i]?.includes(folded) ?? false)) return;
      if (total >= offset && page.length < limit) page.push(this.row(i));
      total++;
    });
    return { total, page };
  }

  private row(i: number): RepositoryRow {
    return { name: this.names[i]!, description: this.descriptions[i]! };
  }

  /** index of the first row whose name is not below `name` */
  private position(name: string): number {
    let low = 0;
    let high = this.names.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.names[mid]! < name) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** SQLite's LIKE folds ASCII letters only */
function asciiLowerCase(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : text;
}
