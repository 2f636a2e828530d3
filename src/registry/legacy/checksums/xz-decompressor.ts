/** A Transform that decompresses one xz stream (docker 0.4/0.5 layers) without native code. */
import { Transform, type TransformCallback } from 'node:stream';
import { LayerContentError } from './errors';
import { describeXzError, XZ_OK, XZ_STREAM_END, XzWasmDecoder } from './xz-wasm';

export class XzDecompressor extends Transform {
  private readonly decoder = new XzWasmDecoder();
  private ended = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.decode(chunk);
      callback();
    } catch (error) {
      this.decoder.dispose();
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.finishStream();
      callback(this.ended ? null : corrupt('truncated xz data'));
    } catch (error) {
      callback(error as Error);
    } finally {
      this.decoder.dispose();
    }
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.decoder.dispose();
    callback(error);
  }

  private decode(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.ended) {
        // xz allows zero padding after a stream; anything else is not one xz stream
        if (chunk.subarray(offset).some((byte) => byte !== 0)) throw corrupt('data after the end of the xz stream');
        return;
      }
      const take = Math.min(this.decoder.bufferSize, chunk.length - offset);
      this.decoder.supply(chunk.subarray(offset, offset + take));
      offset += take;
      this.drain();
    }
  }

  /** the decoder reports the stream's end on a call after its last input; xz-embedded answers
   * a buffer error once it can make no progress, so this loop ends */
  private finishStream(): void {
    for (let attempt = 0; !this.ended && attempt < 4; attempt++) {
      this.decoder.supply(Buffer.alloc(0));
      this.drain();
    }
  }

  /** runs until the decoder wants more input and has no more output to give */
  private drain(): void {
    for (;;) {
      const { status, output, outputWasFull } = this.decoder.run();
      if (output.length > 0) this.push(output);
      if (status === XZ_STREAM_END) {
        this.ended = true;
        return;
      }
      if (status !== XZ_OK) throw xzFailure(status);
      if (!outputWasFull && this.decoder.needsInput) return;
    }
  }
}

const UNSUPPORTED_STATUSES = new Set([2, 6]);

function xzFailure(status: number): LayerContentError {
  if (UNSUPPORTED_STATUSES.has(status)) {
    return new LayerContentError('unsupported-compression', `xz layer uses an unsupported feature: ${describeXzError(status)}`);
  }
  return corrupt(describeXzError(status));
}

function corrupt(reason: string): LayerContentError {
  return new LayerContentError('corrupt-compression', `xz layer cannot be decompressed: ${reason}`);
}
