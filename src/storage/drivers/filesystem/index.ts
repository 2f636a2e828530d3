/**
 * Filesystem driver: driver paths map onto files under `rootdirectory`, the same layout
 * distribution's filesystem driver uses. Writers and putContent stage their bytes in the hidden
 * staging area and rename them into place, so no reader ever sees a partial file.
 */
import { open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { close as closeCallback, fstat as fstatCallback, open as openCallback } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { Readable, addAbortSignal } from 'node:stream';
import type { FileInfo, FileWriter, ReadOptions, StorageDriver, WalkOptions, WalkVisitor, WriterOptions } from '../../driver';
import { PATH_SEGMENT } from '../../driver';
import { offerDirectSend } from '../../direct-send';
import { InvalidOffsetError, PathNotFoundError } from '../../errors';
import { errorCode, notFoundAs } from './fs-errors';
import { StagingArea, pruneEmptyDirectories, renameIntoPlace } from './staging-area';
import { sendFileRange } from './file-range-sender';
import { StagingFileWriter } from './staging-file-writer';

const openDescriptor = promisify(openCallback);
const fstatDescriptor = promisify(fstatCallback);
const closeDescriptor = promisify(closeCallback);

const DRIVER_NAME = 'filesystem';
/** a stream's reads (for consumers other than an HTTP response, which uses the direct send) */
const READ_HIGH_WATER_MARK = 2 * 1024 * 1024;
const ROOT = '/';
/** names a driver path can address; anything else in the directory (the staging area, lost+found) is not listed */
const VISIBLE_NAME = PATH_SEGMENT;

export interface FilesystemDriverParameters {
  readonly rootdirectory: string;
}

export function createFilesystemDriver(params: FilesystemDriverParameters): StorageDriver {
  return new FilesystemDriver(resolve(params.rootdirectory));
}

class FilesystemDriver implements StorageDriver {
  readonly name = DRIVER_NAME;
  private readonly staging: StagingArea;

  constructor(private readonly root: string) {
    this.staging = new StagingArea(root);
  }

  async getContent(path: string): Promise<Buffer> {
    return readFile(this.fullPath(path)).catch(notFoundAs(path, this.name));
  }

  async putContent(path: string, content: Buffer | string): Promise<void> {
    const temporary = await this.staging.temporaryFile();
    try {
      await writeFile(temporary, content);
      await renameIntoPlace(temporary, this.fullPath(path));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async reader(path: string, options: ReadOptions = {}): Promise<Readable> {
    const handle = await open(this.fullPath(path), 'r').catch(notFoundAs(path, this.name));
    let stream: Readable;
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw new PathNotFoundError(path, this.name);
      const offset = options.offset ?? 0;
      if (offset > info.size) throw new InvalidOffsetError(path, offset, this.name);
      const end = options.length === undefined ? info.size : Math.min(info.size, offset + options.length);
      if (end <= offset) {
        await handle.close();
        stream = Readable.from([], { objectMode: false });
      } else {
        const fd = handle.fd;
        stream = offerDirectSend(handle.createReadStream({ start: offset, end: end - 1, highWaterMark: READ_HIGH_WATER_MARK }), (destination) =>
          sendFileRange(fd, offset, end, destination),
        );
      }
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    return options.signal ? addAbortSignal(options.signal, stream) : stream;
  }

  async writer(path: string, options: WriterOptions = {}): Promise<FileWriter> {
    this.fullPath(path); // refuses a path outside the root before anything is created
    const { stagingFile, fd } = await this.openWriterFile(path, options.append ? 'a' : 'w');
    let initialSize: number;
    try {
      initialSize = options.append ? (await fstatDescriptor(fd)).size : 0;
    } catch (error) {
      await closeDescriptor(fd);
      throw error;
    }
    return new StagingFileWriter({
      driverName: this.name,
      path,
      fd,
      initialSize,
      publish: async () => {
        await renameIntoPlace(stagingFile, this.fullPath(path));
        await this.staging.removeWriterFile(stagingFile); // only prunes: the file has moved
      },
      discard: () => this.staging.removeWriterFile(stagingFile),
    });
  }

  /** a raw descriptor, not a FileHandle: the writer owns it and closes it when it finishes or is destroyed */
  private async openWriterFile(path: string, flags: 'a' | 'w'): Promise<{ stagingFile: string; fd: number }> {
    for (let attempt = 1; ; attempt++) {
      const stagingFile = await this.staging.writerFile(path);
      try {
        return { stagingFile, fd: await openDescriptor(stagingFile, flags) };
      } catch (error) {
        // ENOENT: a concurrent cancel pruned the staging directory just created
        if (errorCode(error) !== 'ENOENT' || attempt === 3) throw error;
      }
    }
  }

  async stat(path: string): Promise<FileInfo> {
    const info = await stat(this.fullPath(path)).catch((error: unknown) => {
      if (path === ROOT && errorCode(error) === 'ENOENT') return undefined;
      return notFoundAs(path, this.name)(error);
    });
    if (!info) return { path, size: 0, modTime: new Date(0), isDir: true };
    const isDir = info.isDirectory();
    return { path, size: isDir ? 0 : info.size, modTime: new Date(info.mtimeMs), isDir };
  }

  async list(path: string): Promise<string[]> {
    return (await this.visibleNames(path)).map((name) => childPath(path, name));
  }

  async move(sourcePath: string, destPath: string): Promise<void> {
    const source = this.fullPath(sourcePath);
    const info = await stat(source).catch(notFoundAs(sourcePath, this.name));
    if (info.isDirectory()) throw new PathNotFoundError(sourcePath, this.name);
    if (sourcePath === destPath) return;
    await renameIntoPlace(source, this.fullPath(destPath));
    await this.pruneEmptyParents(sourcePath);
  }

  async delete(path: string): Promise<void> {
    await this.staging.removeWritersUnder(path);
    if (path === ROOT) {
      for (const name of await this.visibleNames(ROOT)) await rm(join(this.root, name), { recursive: true, force: true });
      return;
    }
    await rm(this.fullPath(path), { recursive: true }).catch(notFoundAs(path, this.name));
    await this.pruneEmptyParents(path);
  }

  async walk(path: string, visit: WalkVisitor, options: WalkOptions = {}): Promise<void> {
    const info = await this.stat(path);
    if (!info.isDir) throw new PathNotFoundError(path, this.name);
    await this.walkDirectory(path, visit, options.signal);
  }

  private async walkDirectory(directory: string, visit: WalkVisitor, signal: AbortSignal | undefined): Promise<void> {
    const names = await this.visibleNames(directory).catch((error: unknown) => {
      if (error instanceof PathNotFoundError) return [];
      throw error;
    });
    for (const name of names) {
      signal?.throwIfAborted();
      const child = childPath(directory, name);
      const info = await this.stat(child).catch((error: unknown) => {
        if (error instanceof PathNotFoundError) return undefined; // deleted while walking
        throw error;
      });
      if (!info) continue;
      const decision = await visit(info);
      if (info.isDir && decision !== 'skip') await this.walkDirectory(child, visit, signal);
    }
  }

  /** sorted names of the addressable entries of a directory */
  private async visibleNames(path: string): Promise<string[]> {
    const names = await readdir(this.fullPath(path)).catch((error: unknown) => {
      if (path === ROOT && errorCode(error) === 'ENOENT') return [];
      return notFoundAs(path, this.name)(error);
    });
    return names.filter((name) => VISIBLE_NAME.test(name) && name !== '.' && name !== '..').sort();
  }

  /** removes directories a delete or move left empty, up to (not including) the root */
  private pruneEmptyParents(path: string): Promise<void> {
    return pruneEmptyDirectories(dirname(this.fullPath(path)), this.root);
  }

  /** the file behind a driver path; refuses anything that would resolve outside the root */
  private fullPath(path: string): string {
    if (path === ROOT) return this.root;
    const full = join(this.root, path);
    if (!full.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) throw new PathNotFoundError(path, this.name);
    return full;
  }
}

function childPath(directory: string, name: string): string {
  return directory === ROOT ? ROOT + name : `${directory}/${name}`;
}
