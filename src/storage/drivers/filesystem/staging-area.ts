/**
 * Where the filesystem driver keeps bytes that are not visible yet: `<root>/~staging`. '~' is not
 * allowed in a path segment, so no driver path can reach it and list/walk never show it; it lives
 * on the same filesystem as the content, so publishing is a rename(2), and it survives restarts,
 * so a suspended writer resumes from its staging file.
 *
 *   ~staging/writers/<driver path>~writer   bytes of the (suspended) writer for that path; the
 *                                           tree mirrors the namespace so delete(dir) finds them
 *   ~staging/tmp/put-<uuid>                 putContent's temporary files
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { errorCode } from './fs-errors';

export const STAGING_DIRECTORY_NAME = '~staging';
/** '~' keeps a writer file for /a/b apart from the directory holding the writer of /a/b/c */
const WRITER_SUFFIX = '~writer';

/** attempts at rename when a concurrent delete prunes the freshly created parent directory */
const PUBLISH_ATTEMPTS = 5;

export class StagingArea {
  readonly directory: string;
  private readonly writers: string;
  private readonly temporaries: string;

  constructor(root: string) {
    this.directory = join(root, STAGING_DIRECTORY_NAME);
    this.writers = join(this.directory, 'writers');
    this.temporaries = join(this.directory, 'tmp');
  }

  /** the staging file of the (suspended) writer for a driver path, its directory created */
  async writerFile(path: string): Promise<string> {
    const file = this.writers + path + WRITER_SUFFIX;
    await mkdir(dirname(file), { recursive: true });
    return file;
  }

  /** removes a writer's staging file and the staging directories that held only it */
  async removeWriterFile(file: string): Promise<void> {
    await rm(file, { force: true });
    await pruneEmptyDirectories(dirname(file), this.writers);
  }

  /** discards the suspended writers at `path` and below it ('/': all of them) */
  async removeWritersUnder(path: string): Promise<void> {
    if (path === '/') {
      await rm(this.writers, { recursive: true, force: true });
      return;
    }
    await rm(this.writers + path, { recursive: true, force: true });
    await this.removeWriterFile(this.writers + path + WRITER_SUFFIX);
  }

  /** a fresh temporary file for an atomic putContent, its directory created */
  async temporaryFile(): Promise<string> {
    await mkdir(this.temporaries, { recursive: true });
    return join(this.temporaries, `put-${randomUUID()}`);
  }
}

/** renames a staged file to its final place, creating parent directories, replacing any file there */
export async function renameIntoPlace(stagedFile: string, target: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(stagedFile, target);
      return;
    } catch (error) {
      // ENOENT with the staged file still present: a delete pruned the parent we just made
      if (errorCode(error) !== 'ENOENT' || attempt === PUBLISH_ATTEMPTS) throw error;
    }
  }
}

/** removes `directory` and its ancestors while they are empty, stopping below `stopAt` */
export async function pruneEmptyDirectories(directory: string, stopAt: string): Promise<void> {
  for (let current = directory; current.startsWith(stopAt + sep); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty (the usual case), already gone, or not ours to remove
    }
  }
}
