/**
 * The FileWriter lifecycle every driver shares: a Writable whose bytes go to a staging area,
 * then commit() (end, wait for the last byte to land, publish) or cancel() (stop, discard).
 * Drivers subclass it, implement the Writable hooks for their backend plus publish/discard.
 */
import { Writable, type WritableOptions } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FileWriter } from '../driver';

type WriterState = 'open' | 'committing' | 'committed' | 'cancelled';

export abstract class StagedWriter extends Writable implements FileWriter {
  private state: WriterState = 'open';

  protected constructor(
    readonly path: string,
    options?: WritableOptions,
  ) {
    super(options);
  }

  abstract get size(): number;

  /** makes the staged bytes the content of `path`; runs after the stream has finished */
  protected abstract publish(): Promise<void>;

  /** removes the staged bytes; runs after the stream has closed */
  protected abstract discard(): Promise<void>;

  async commit(): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot commit ${this.path}: writer is ${this.state}`);
    this.state = 'committing';
    try {
      if (!this.writableEnded) this.end();
      await finished(this);
      await this.publish();
      this.state = 'committed';
    } catch (error) {
      this.state = 'open';
      throw error;
    }
  }

  async cancel(): Promise<void> {
    if (this.state === 'cancelled') return;
    if (this.state !== 'open') throw new Error(`cannot cancel ${this.path}: writer is ${this.state}`);
    this.state = 'cancelled';
    if (!this.closed) {
      const closed = new Promise<void>((resolve) => this.once('close', () => resolve()));
      this.destroy();
      await closed;
    }
    await this.discard();
  }
}
