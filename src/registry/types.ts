/** Value types the registry model hands to protocol handlers. Handlers never see storage paths. */
import type { Readable } from 'node:stream';

export interface BlobInfo {
  readonly digest: string;
  readonly size: number;
}

export interface ByteRange {
  /** first byte offset, inclusive */
  readonly start: number;
  /** last byte offset, inclusive */
  readonly end: number;
}

export interface OpenedBlob {
  readonly info: BlobInfo;
  readonly stream: Readable;
  readonly range?: ByteRange;
}

export interface UploadStatus {
  /** undefined for V1 layer uploads, which belong to no repository */
  readonly repository: string | undefined;
  readonly uuid: string;
  /** bytes received so far */
  readonly size: number;
  readonly startedAt: Date;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Record<string, string>;
  readonly platform?: Platform;
  readonly urls?: readonly string[];
}

export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
  readonly 'os.features'?: readonly string[];
}

export interface StoredManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
}

export interface PutManifestResult {
  readonly digest: string;
  readonly mediaType: string;
  /** the subject digest when the manifest declares one (OCI-Subject) */
  readonly subject?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** the last item of this page when more items follow */
  readonly next?: string;
}

export interface PageRequest {
  readonly n?: number;
  readonly last?: string;
}
