/**
 * The in-memory driver's namespace: a tree of directories and immutable files. Content is kept
 * as the list of buffers it was written in, never concatenated. Directories exist only while
 * they hold something, as prefixes do on an object store.
 */

export interface MemoryFile {
  readonly kind: 'file';
  readonly chunks: readonly Buffer[];
  readonly size: number;
  readonly modTime: Date;
}

export interface MemoryDirectory {
  readonly kind: 'directory';
  readonly children: Map<string, MemoryNode>;
  modTime: Date;
}

export type MemoryNode = MemoryFile | MemoryDirectory;

export class MemoryTree {
  private readonly root: MemoryDirectory = newDirectory();

  lookup(path: string): MemoryNode | undefined {
    let node: MemoryNode = this.root;
    for (const name of segments(path)) {
      if (node.kind !== 'directory') return undefined;
      const child = node.children.get(name);
      if (!child) return undefined;
      node = child;
    }
    return node;
  }

  /** stores a file, creating parent directories; throws when a file or directory is in the way */
  putFile(path: string, file: MemoryFile): void {
    const names = segments(path);
    const fileName = names.pop()!;
    let directory = this.root;
    for (const name of names) {
      const child = directory.children.get(name);
      if (child?.kind === 'file') throw new Error(`not a directory: ${name} on the way to ${path}`);
      const next = child ?? newDirectory();
      if (!child) directory.children.set(name, next);
      directory.modTime = file.modTime;
      directory = next;
    }
    if (directory.children.get(fileName)?.kind === 'directory') throw new Error(`is a directory: ${path}`);
    directory.children.set(fileName, file);
    directory.modTime = file.modTime;
  }

  /** removes a file or a whole subtree and any directories left empty; false when missing */
  remove(path: string): boolean {
    const names = segments(path);
    if (names.length === 0) {
      const hadChildren = this.root.children.size > 0;
      this.root.children.clear();
      return hadChildren;
    }
    const chain: MemoryDirectory[] = [this.root];
    for (const name of names.slice(0, -1)) {
      const child = chain[chain.length - 1].children.get(name);
      if (child?.kind !== 'directory') return false;
      chain.push(child);
    }
    if (!chain[chain.length - 1].children.delete(names[names.length - 1])) return false;
    for (let depth = chain.length - 1; depth > 0 && chain[depth].children.size === 0; depth--) {
      chain[depth - 1].children.delete(names[depth - 1]);
    }
    return true;
  }
}

function newDirectory(): MemoryDirectory {
  return { kind: 'directory', children: new Map(), modTime: new Date() };
}

function segments(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}
