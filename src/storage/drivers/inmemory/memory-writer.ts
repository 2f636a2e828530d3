/** A FileWriter collecting copies of the written buffers in a staged entry of the in-memory driver. */
import { StagedWriter } from '../staged-writer';

/** the bytes of one suspended or in-progress writer */
export interface StagedContent {
  readonly chunks: Buffer[];
  size: number;
}

export class MemoryWriter extends StagedWriter {
  constructor(
    path: string,
    private readonly staged: StagedContent,
    private readonly onPublish: (staged: StagedContent) => void,
    private readonly onDiscard: (staged: StagedContent) => void,
  ) {
    super(path, { decodeStrings: true });
  }

  get size(): number {
    return this.staged.size;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // a copy: producers may reuse their buffers once the write callback ran
    this.staged.chunks.push(Buffer.from(chunk));
    this.staged.size += chunk.length;
    callback();
  }

  protected async publish(): Promise<void> {
    this.onPublish(this.staged);
  }

  protected async discard(): Promise<void> {
    this.onDiscard(this.staged);
  }
}
