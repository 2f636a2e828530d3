/**
 * In-memory driver for tests and throwaway registries (distribution's inmemory/mfs). Same
 * semantics as the filesystem driver: writers stage their bytes apart from the namespace, and
 * suspended writers live as long as the driver instance.
 */
import { Readable, addAbortSignal } from 'node:stream';
import type { FileInfo, FileWriter, ReadOptions, StorageDriver, WalkOptions, WalkVisitor, WriterOptions } from '../../driver';
import { InvalidOffsetError, PathNotFoundError } from '../../errors';
import { MemoryTree, type MemoryFile, type MemoryNode } from './memory-tree';
import { MemoryWriter, type StagedContent } from './memory-writer';

const DRIVER_NAME = 'inmemory';
const ROOT = '/';

export function createInMemoryDriver(): StorageDriver {
  return new InMemoryDriver();
}

class InMemoryDriver implements StorageDriver {
  readonly name = DRIVER_NAME;
  private readonly tree = new MemoryTree();
  private readonly staged = new Map<string, StagedContent>();

  async getContent(path: string): Promise<Buffer> {
    return Buffer.concat(this.file(path).chunks as Buffer[]);
  }

  async putContent(path: string, content: Buffer | string): Promise<void> {
    const bytes = Buffer.from(content);
    this.tree.putFile(path, newFile([bytes], bytes.length));
  }

  async reader(path: string, options: ReadOptions = {}): Promise<Readable> {
    const file = this.file(path);
    const offset = options.offset ?? 0;
    if (offset > file.size) throw new InvalidOffsetError(path, offset, this.name);
    const end = options.length === undefined ? file.size : Math.min(file.size, offset + options.length);
    const stream = Readable.from(sliceChunks(file.chunks, offset, end), { objectMode: false });
    return options.signal ? addAbortSignal(options.signal, stream) : stream;
  }

  async writer(path: string, options: WriterOptions = {}): Promise<FileWriter> {
    let staged = options.append ? this.staged.get(path) : undefined;
    if (!staged) {
      staged = { chunks: [], size: 0 };
      this.staged.set(path, staged);
    }
    return new MemoryWriter(
      path,
      staged,
      (content) => {
        this.tree.putFile(path, newFile(content.chunks.slice(), content.size));
        this.forget(path, content);
      },
      (content) => this.forget(path, content),
    );
  }

  async stat(path: string): Promise<FileInfo> {
    const node = this.tree.lookup(path);
    if (!node) {
      if (path === ROOT) return { path, size: 0, modTime: new Date(0), isDir: true };
      throw new PathNotFoundError(path, this.name);
    }
    return infoOf(path, node);
  }

  async list(path: string): Promise<string[]> {
    return this.childNames(path).map((name) => childPath(path, name));
  }

  async move(sourcePath: string, destPath: string): Promise<void> {
    const file = this.file(sourcePath);
    if (sourcePath === destPath) return;
    this.tree.putFile(destPath, file);
    this.tree.remove(sourcePath);
  }

  async delete(path: string): Promise<void> {
    for (const stagedPath of this.staged.keys()) {
      if (path === ROOT || stagedPath === path || stagedPath.startsWith(path + '/')) this.staged.delete(stagedPath);
    }
    if (!this.tree.remove(path) && path !== ROOT) throw new PathNotFoundError(path, this.name);
  }

  async walk(path: string, visit: WalkVisitor, options: WalkOptions = {}): Promise<void> {
    const info = await this.stat(path);
    if (!info.isDir) throw new PathNotFoundError(path, this.name);
    await this.walkDirectory(path, visit, options.signal);
  }

  private async walkDirectory(directory: string, visit: WalkVisitor, signal: AbortSignal | undefined): Promise<void> {
    for (const name of this.childNames(directory, [])) {
      signal?.throwIfAborted();
      const child = childPath(directory, name);
      const node = this.tree.lookup(child);
      if (!node) continue; // deleted while walking
      const decision = await visit(infoOf(child, node));
      if (node.kind === 'directory' && decision !== 'skip') await this.walkDirectory(child, visit, signal);
    }
  }

  private file(path: string): MemoryFile {
    const node = this.tree.lookup(path);
    if (node?.kind !== 'file') throw new PathNotFoundError(path, this.name);
    return node;
  }

  /** sorted child names of a directory; `missing` is returned instead of throwing when given */
  private childNames(path: string, missing?: string[]): string[] {
    const node = this.tree.lookup(path);
    if (node?.kind === 'directory') return [...node.children.keys()].sort();
    if (path === ROOT) return [];
    if (missing) return missing;
    throw new PathNotFoundError(path, this.name);
  }

  /** drops a staged entry, unless a newer writer for the path has replaced it meanwhile */
  private forget(path: string, content: StagedContent): void {
    if (this.staged.get(path) === content) this.staged.delete(path);
  }
}

function newFile(chunks: readonly Buffer[], size: number): MemoryFile {
  return { kind: 'file', chunks, size, modTime: new Date() };
}

function infoOf(path: string, node: MemoryNode): FileInfo {
  return node.kind === 'file'
    ? { path, size: node.size, modTime: node.modTime, isDir: false }
    : { path, size: 0, modTime: node.modTime, isDir: true };
}

function childPath(directory: string, name: string): string {
  return directory === ROOT ? ROOT + name : `${directory}/${name}`;
}

/** the bytes [start, end) of a chunked file, without copying */
function* sliceChunks(chunks: readonly Buffer[], start: number, end: number): Generator<Buffer> {
  let position = 0;
  for (const chunk of chunks) {
    if (position >= end) return;
    const chunkEnd = position + chunk.length;
    if (chunkEnd > start) yield chunk.subarray(Math.max(0, start - position), Math.min(chunk.length, end - position));
    position = chunkEnd;
  }
}
