/**
 * The search index's rows in memory, sorted by name: substring matching over names and
 * descriptions (ASCII letters compared case-insensitively, as SQLite's LIKE did for
 * docker-registry; `%` and `_` literal) without scanning the database. SQLite stays the
 * persistent copy; this one is loaded from it and updated with every write.
 */
export interface RepositoryRow {
  readonly name: string;
  readonly description: string | null;
}

interface MirrorRow extends RepositoryRow {
  readonly foldedName: string;
  readonly foldedDescription: string | null;
}

export class SearchMirror {
  private rows: MirrorRow[] = [];

  /** replaces everything; `rows` sorted by name */
  load(rows: Iterable<RepositoryRow>): void {
    this.rows = Array.from(rows, mirrorRow);
  }

  get size(): number {
    return this.rows.length;
  }

  /** a description of undefined keeps the stored one */
  upsert(name: string, description: string | null | undefined): void {
    const at = this.position(name);
    const existing = this.rows[at];
    if (existing?.name === name) {
      if (description !== undefined) this.rows[at] = mirrorRow({ name, description });
      return;
    }
    this.rows.splice(at, 0, mirrorRow({ name, description: description ?? null }));
  }

  delete(name: string): void {
    const at = this.position(name);
    if (this.rows[at]?.name === name) this.rows.splice(at, 1);
  }

  /** the matches' count and the rows of one page, in name order */
  match(term: string, offset: number, limit: number): { total: number; page: RepositoryRow[] } {
    if (term === '') return { total: this.rows.length, page: this.rows.slice(offset, offset + limit) };
    const folded = asciiLowerCase(term);
    const page: RepositoryRow[] = [];
    let total = 0;
    for (const row of this.rows) {
      if (!row.foldedName.includes(folded) && !(row.foldedDescription?.includes(folded) ?? false)) continue;
      if (total >= offset && page.length < limit) page.push(row);
      total++;
    }
    return { total, page };
  }

  /** index of the first row whose name is not below `name` */
  private position(name: string): number {
    let low = 0;
    let high = this.rows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.rows[mid]!.name < name) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function mirrorRow(row: RepositoryRow): MirrorRow {
  return {
    name: row.name,
    description: row.description,
    foldedName: asciiLowerCase(row.name),
    foldedDescription: row.description === null ? null : asciiLowerCase(row.description),
  };
}

/** SQLite's LIKE folds ASCII letters only */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
