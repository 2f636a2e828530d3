/**
 * The storage driver contract: bytes at paths, nothing more. Drivers know nothing about
 * registries or HTTP. Every driver (filesystem, inmemory, later s3 and swift) implements this
 * interface and passes the shared suite in test/storage/driver-suite.ts.
 *
 * Paths are absolute, '/'-separated and match PATH_PATTERN, without '.' or '..' segments (the
 * wrapper in base.ts enforces both). '/' itself, the root, is valid only for stat, list, walk and
 * delete. Directories exist only while they hold files (like prefixes on an object store), so
 * reading, listing or walking anything of the wrong kind is simply "not found".
 */
import type { Readable, Writable } from 'node:stream';

/**
 * distribution's path grammar plus `%` and `+`, which docker-registry's quote_plus put in the
 * names of the stores Janus serves in place (`b%252Fc`). `~` stays out: drivers use it for
 * their own staging names.
 */
export const PATH_SEGMENT = /^[A-Za-z0-9._%+-]+$/;
export const PATH_PATTERN = /^(\/[A-Za-z0-9._%+-]+)+$/;

export interface FileInfo {
  readonly path: string;
  readonly size: number;
  readonly modTime: Date;
  readonly isDir: boolean;
}

export interface ReadOptions {
  /** byte offset to start at; offset > size → InvalidOffsetError; offset === size → empty stream */
  readonly offset?: number;
  /** number of bytes to read from offset (default: to the end) */
  readonly length?: number;
  readonly signal?: AbortSignal;
}

/**
 * A resumable writer. It is a Node Writable, so `pipeline(source, hashTap, writer)` works.
 * - Data written is NEVER visible at `path` (stat/reader/list) before commit().
 * - When the stream finishes (end()), the bytes written so far are durable but still invisible:
 *   the write is "suspended" and `driver.writer(path, {append: true})` continues it later, even
 *   from another process, with `size` equal to the bytes already written.
 * - commit() ends the stream if needed, then makes the whole content visible at `path`
 *   atomically (replacing any previous content).
 * - cancel() discards everything written (including earlier suspended appends); the content
 *   already committed at `path`, if any, stays. Cancelling twice is a no-op.
 * - commit() after commit() or cancel(), and cancel() after commit(), reject.
 */
export interface FileWriter extends Writable {
  /** total bytes written so far, including bytes from earlier appends */
  readonly size: number;
  commit(): Promise<void>;
  cancel(): Promise<void>;
}

export interface WriterOptions {
  /**
   * resume a suspended writer for this path; with nothing suspended (never written, committed or
   * cancelled) it starts empty, size 0. false (default) starts from empty, discarding any suspended data
   */
  readonly append?: boolean;
}

export interface WalkOptions {
  /** aborting stops the walk, which then rejects with an AbortError */
  readonly signal?: AbortSignal;
}

/**
 * called for every file and directory under the walked path (not the path itself), parents before
 * children; return 'skip' on a directory to not descend into it. Its errors end the walk unchanged.
 */
export type WalkVisitor = (info: FileInfo) => Promise<void | 'skip'> | void | 'skip';

export interface StorageDriver {
  readonly name: string;
  /** whole content of a small object (links, JSON). Missing or a directory → PathNotFoundError */
  getContent(path: string): Promise<Buffer>;
  /** atomic replace: readers see either the old or the new content, never a partial one */
  putContent(path: string, content: Buffer | string): Promise<void>;
  /** Missing or a directory → PathNotFoundError */
  reader(path: string, options?: ReadOptions): Promise<Readable>;
  writer(path: string, options?: WriterOptions): Promise<FileWriter>;
  /** Missing → PathNotFoundError. Directories ("prefixes" on object stores) have isDir true and size 0; '/' is always a directory */
  stat(path: string): Promise<FileInfo>;
  /** full paths of the direct children of a directory, sorted; missing dir or a file → PathNotFoundError; list('/') of an empty store → [] */
  list(path: string): Promise<string[]>;
  /** move a file (not a directory); creates the destination's parents, overwrites it; missing source or a directory → PathNotFoundError */
  move(sourcePath: string, destPath: string): Promise<void>;
  /**
   * delete a file or a whole directory tree, and discard the suspended writers at or below the
   * path (so deleting an upload's directory leaves no staged bytes behind); directories left empty
   * disappear; no committed content there → PathNotFoundError. delete('/') empties the store.
   */
  delete(path: string): Promise<void>;
  /** depth-first, siblings in lexical order, parents before children; missing or a file → PathNotFoundError */
  walk(path: string, visit: WalkVisitor, options?: WalkOptions): Promise<void>;
  /** a URL the client may fetch the content from directly (S3 presigned, …), or undefined to stream through the registry */
  redirectURL?(path: string, options: { method: 'GET' | 'HEAD'; expiresInSeconds?: number }): Promise<string | undefined>;
}
