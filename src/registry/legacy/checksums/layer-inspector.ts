/**
 * One pass over a V1 layer as it streams in (pass-through, backpressure kept): the digest and
 * size of the stored bytes, the V1 payload checksum, the format, the sha256 of the uncompressed
 * bytes (the V2 diff_id) and tarsum v0. Compressed layers are decompressed on the side, fed in
 * batches; a chunk goes downstream only while the decompressor has room, so memory stays flat.
 *
 * Content the inspector cannot read (corrupt or unsupported compression, not a tar) is not an
 * upload error by default, since docker-registry stored any bytes: the values it could not
 * compute are missing and `contentError` says why. With `strict`, the stream fails instead.
 */
import { createHash, type Hash } from 'node:crypto';
import { finished, Transform, type TransformCallback } from 'node:stream';
import { BatchedFeed } from './batched-feed';
import { asLayerContentError, createDecompressor } from './decompressor';
import { isLayerContentError, LayerContentError } from './errors';
import { detectLayerFormat, FORMAT_SNIFF_BYTES, type LayerFormat } from './layer-format';
import { PayloadChecksum } from './payload-checksum';
import { TarsumV0 } from './tarsum-v0';

/** stored bytes handed to the decompressor at a time (see BatchedFeed) */
const SIDE_BATCH_BYTES = 1024 * 1024;

export interface LayerInspectorOptions {
  /** the image JSON exactly as PUT; enables the payload checksum and puts it in the tarsum */
  readonly json?: Buffer;
  /** fail the stream on unreadable content instead of recording it */
  readonly strict?: boolean;
  /** compute the tarsum (default true); only docker < 0.10 clients ever send it */
  readonly tarsum?: boolean;
  /**
   * hash the stored bytes (default true); false when the caller hashes them already (an upload
   * session): read `contentResult()` then, and a plain tar's diff id is hashed on the side
   */
  readonly hashStored?: boolean;
}

export interface LayerInspection {
  readonly format: LayerFormat;
  /** bytes as stored */
  readonly size: number;
  /** sha256 of the bytes as stored: "sha256:<hex>" */
  readonly digest: string;
  /** "sha256:<hex>" over json + "\n" + layer; only when json was given */
  readonly payloadChecksum?: string;
  /** sha256 of the uncompressed bytes; missing when they could not be decompressed */
  readonly diffId?: string;
  readonly uncompressedSize?: number;
  /** "tarsum+sha256:<hex>"; missing when the uncompressed bytes are not a readable tar */
  readonly tarsum?: string;
  /** why diffId or tarsum is missing */
  readonly contentError?: LayerContentError;
}

/** what an inspector that does not hash the stored bytes learns */
export type LayerContentInspection = Omit<LayerInspection, 'digest'>;

export class LayerInspector extends Transform {
  private readonly storedHash: Hash | undefined;
  private readonly payload: PayloadChecksum | undefined;
  private size = 0;
  private head: Buffer[] | undefined = [];
  private headLength = 0;
  private format: LayerFormat | undefined;
  private decompressor: Transform | undefined;
  private sideFeed: BatchedFeed | undefined;
  private uncompressedHash: Hash | undefined = createHash('sha256');
  private uncompressedSize = 0;
  private tarsum: TarsumV0 | undefined;
  /** a plain tar layer is its own uncompressed form: its diff id is the stored digest, hashed once */
  private uncompressedIsStored = false;
  private contentError: LayerContentError | undefined;
  private inspection: LayerContentInspection | undefined;
  private digest: string | undefined;

  constructor(private readonly options: LayerInspectorOptions = {}) {
    super({ highWaterMark: 1 << 20 });
    this.payload = options.json ? new PayloadChecksum(options.json) : undefined;
    this.tarsum = options.tarsum === false ? undefined : new TarsumV0();
    this.storedHash = options.hashStored === false ? undefined : createHash('sha256');
  }

  /** what was learned; only after the stream has finished */
  result(): LayerInspection {
    const inspection = this.contentResult();
    if (this.digest === undefined) throw new Error('LayerInspector.result() of an inspector made with hashStored: false');
    return { ...inspection, digest: this.digest };
  }

  /** what was learned about the content; only after the stream has finished */
  contentResult(): LayerContentInspection {
    if (!this.inspection) throw new Error('LayerInspector.result() called before the layer ended');
    return this.inspection;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.storedHash?.update(chunk);
    this.payload?.update(chunk);
    this.size += chunk.length;
    if (this.head) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < FORMAT_SNIFF_BYTES) return callback(null, chunk);
      const head = this.startSideChain();
      return this.feedSide(head, (error) => callback(error, chunk));
    }
    this.feedSide(chunk, (error) => callback(error, chunk));
  }

  override _flush(callback: TransformCallback): void {
    const finish = (): void => {
      this.finishInspection();
      callback(this.options.strict && this.contentError ? this.contentError : null);
    };
    const endSide = (error?: Error | null): void => {
      if (error) return callback(error);
      if (!this.decompressor || !this.uncompressedHash) return finish();
      finished(this.decompressor, () => finish());
      this.sideFeed!.end();
    };
    if (this.head) this.feedSide(this.startSideChain(), endSide);
    else endSide();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.decompressor?.destroy();
    callback(error);
  }

  /** decides the format from the collected head; returns the head bytes to feed */
  private startSideChain(): Buffer {
    const head = Buffer.concat(this.head!);
    this.head = undefined;
    this.format = detectLayerFormat(head.subarray(0, FORMAT_SNIFF_BYTES));
    this.uncompressedIsStored = this.storedHash !== undefined && (this.format === 'tar' || this.format === 'unknown');
    try {
      this.decompressor = createDecompressor(this.format);
    } catch (error) {
      this.recordContentError(error, 'decompression');
      return head;
    }
    if (!this.decompressor) return head;
    this.decompressor.on('data', (data: Buffer) => this.consumeUncompressed(data));
    this.decompressor.on('error', (error) => this.recordContentError(error, 'decompression'));
    this.sideFeed = new BatchedFeed(this.decompressor, SIDE_BATCH_BYTES);
    return head;
  }

  /** hands stored bytes to the side chain; calls back once it has room for more */
  private feedSide(data: Buffer, done: (error?: Error | null) => void): void {
    const failNow = (): void => done(this.options.strict && this.contentError ? this.contentError : null);
    if (!this.uncompressedHash) return failNow();
    if (!this.sideFeed) {
      this.consumeUncompressed(data);
      return failNow();
    }
    this.sideFeed.write(data, failNow);
  }

  private consumeUncompressed(data: Buffer): void {
    if (!this.uncompressedHash) return;
    if (!this.uncompressedIsStored) this.uncompressedHash.update(data);
    this.uncompressedSize += data.length;
    if (!this.tarsum) return;
    try {
      this.tarsum.update(data);
    } catch (error) {
      this.recordContentError(error, 'tar');
    }
  }

  /** a decompression failure loses diffId and tarsum, a tar failure only the tarsum */
  private recordContentError(error: unknown, stage: 'decompression' | 'tar'): void {
    if (stage === 'decompression') {
      this.uncompressedHash = undefined;
      this.decompressor?.destroy();
    }
    this.tarsum = undefined;
    const contentError = isLayerContentError(error) ? error : asLayerContentError(error, this.format ?? 'unknown');
    // a tar error seen before the decompressor noticed its input was corrupt is a consequence of it
    if (!this.contentError || (stage === 'decompression' && this.contentError.problem === 'invalid-tar')) this.contentError = contentError;
  }

  private finishInspection(): void {
    let tarsum: string | undefined;
    if (this.tarsum && this.uncompressedHash) {
      try {
        tarsum = this.tarsum.digest(this.options.json);
      } catch (error) {
        this.recordContentError(error, 'tar');
      }
    }
    const digest = this.storedHash && 'sha256:' + this.storedHash.digest('hex');
    this.digest = digest;
    const diffId = this.uncompressedHash ? (this.uncompressedIsStored ? digest : 'sha256:' + this.uncompressedHash.digest('hex')) : undefined;
    this.inspection = {
      format: this.format ?? 'tar',
      size: this.size,
      payloadChecksum: this.payload?.digest(),
      diffId,
      uncompressedSize: diffId ? this.uncompressedSize : undefined,
      tarsum,
      contentError: this.contentError,
    };
  }
}

export function createLayerInspector(options: LayerInspectorOptions = {}): LayerInspector {
  return new LayerInspector(options);
}
