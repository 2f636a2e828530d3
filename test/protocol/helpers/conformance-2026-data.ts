/**
 * The data sets of the redesigned OCI conformance suite (distribution-spec main, 2026,
 * testdata.go + run.go GenerateData): images, indexes, artifacts, subjects, data fields,
 * custom fields, sha512 content, each with its tags, blobs, push order and expected referrers.
 */
import { randomBytes } from 'node:crypto';
import { MediaTypes, blobOf, digestOf, type Blob, type DigestAlgorithm, type Platform } from './content';

export const EXAMPLE_TYPE_1 = 'application/vnd.example.oci.conformance.v1';
export const EXAMPLE_TYPE_2 = 'application/vnd.example.oci.conformance.v2';

export interface DataDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  data?: string;
  platform?: Platform;
  artifactType?: string;
}

export interface DataManifest {
  readonly digest: string;
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly subject?: string;
}

export interface GenOptions {
  algorithm?: DigestAlgorithm;
  annotations?: Record<string, string>;
  annotationUniq?: boolean;
  artifactType?: string;
  uncompressed?: boolean;
  configBytes?: Buffer;
  configMediaType?: string;
  extraField?: boolean;
  layerBytes?: Buffer;
  layerCount?: number;
  layerMediaType?: string;
  platform?: Platform;
  platforms?: Platform[];
  setData?: boolean;
  subject?: DataDescriptor;
  tag?: string;
}

const randomText = () => randomBytes(16).toString('hex').toUpperCase();

/** genAddJSONFields: a random `org.<random>` member */
function withExtraField(body: Record<string, unknown>, extra: boolean | undefined): Record<string, unknown> {
  return extra ? { ...body, [`org.${randomText()}`]: randomText() } : body;
}

export class ConformanceDataSet {
  readonly tags = new Map<string, string>();
  readonly blobs = new Map<string, Blob>();
  readonly manifests = new Map<string, DataManifest>();
  readonly manOrder: string[] = [];
  readonly referrers = new Map<string, DataDescriptor[]>();
  readonly descriptors = new Map<string, DataDescriptor>();
  /** manifests the suite pushes expecting 400 (bad digest) and never pulls */
  readonly expectBadDigest = new Set<string>();
  /** push tags as `?tag=` parameters of the by-digest PUT (optional OCI feature, answered with OCI-Tag) */
  tagParam = false;

  constructor(readonly name: string) {}

  private describe(blob: Blob, mediaType: string, options: GenOptions): DataDescriptor {
    const descriptor: DataDescriptor = { mediaType, digest: blob.digest, size: blob.size };
    if (options.setData) descriptor.data = blob.bytes.toString('base64');
    this.descriptors.set(blob.digest, descriptor);
    return descriptor;
  }

  addBlob(bytes: Buffer, mediaType: string, options: GenOptions = {}): DataDescriptor {
    const blob = blobOf(bytes, options.algorithm ?? 'sha256');
    this.blobs.set(blob.digest, blob);
    return this.describe(blob, mediaType, options);
  }

  genLayer(options: GenOptions): { compressed: DataDescriptor; uncompressedDigest: string } {
    const content = Buffer.concat([Buffer.from(`Conformance test file contents. Todays lucky number is ${randomBytes(6).readUIntBE(0, 6)}\n`), randomBytes(64)]);
    const compressed = this.addBlob(content, options.uncompressed ? MediaTypes.ociLayer : MediaTypes.ociLayerGzip, options);
    return { compressed, uncompressedDigest: digestOf(Buffer.concat([content, Buffer.from('diff')]), options.algorithm ?? 'sha256') };
  }

  genConfig(platform: Platform, diffIds: string[], options: GenOptions): DataDescriptor {
    const body = withExtraField({ author: 'OCI Conformance Test', architecture: platform.architecture, os: platform.os, rootfs: { type: 'layers', diff_ids: diffIds } }, options.extraField);
    return this.addBlob(Buffer.from(JSON.stringify(body)), options.configMediaType ?? MediaTypes.ociConfig, options);
  }

  private record(mediaType: string, body: Record<string, unknown>, options: GenOptions, subject?: DataDescriptor): string {
    const bytes = Buffer.from(JSON.stringify(withExtraField(body, options.extraField)));
    const digest = digestOf(bytes, options.algorithm ?? 'sha256');
    this.manifests.set(digest, { digest, bytes, mediaType, subject: subject?.digest });
    this.manOrder.push(digest);
    const descriptor: DataDescriptor = { mediaType, digest, size: bytes.length };
    if (options.setData) descriptor.data = bytes.toString('base64');
    this.descriptors.set(digest, descriptor);
    if (options.tag) this.tags.set(options.tag, digest);
    return digest;
  }

  private annotationsOf(options: GenOptions): Record<string, string> | undefined {
    if (!options.annotationUniq) return options.annotations;
    return { ...(options.annotations ?? {}), [`org.example.${randomText()}`]: randomText() };
  }

  genManifest(config: DataDescriptor, layers: DataDescriptor[], options: GenOptions): string {
    const annotations = this.annotationsOf(options);
    const body: Record<string, unknown> = { schemaVersion: 2, mediaType: MediaTypes.ociManifest };
    if (options.artifactType) body.artifactType = options.artifactType;
    body.config = config;
    body.layers = layers;
    if (options.subject) body.subject = options.subject;
    if (annotations) body.annotations = annotations;
    const digest = this.record(MediaTypes.ociManifest, body, options, options.subject);
    if (options.subject) {
      const entry: DataDescriptor = { mediaType: MediaTypes.ociManifest, digest, size: this.manifests.get(digest)!.bytes.length, artifactType: options.artifactType ?? config.mediaType };
      if (annotations) entry.annotations = annotations;
      this.addReferrer(options.subject.digest, entry);
    }
    return digest;
  }

  private addReferrer(subject: string, entry: DataDescriptor): void {
    this.referrers.set(subject, [...(this.referrers.get(subject) ?? []), entry]);
  }

  genManifestFull(options: GenOptions = {}): string {
    const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
    const layers: DataDescriptor[] = [];
    const diffIds: string[] = [];
    for (let i = 0; i < (options.layerCount ?? 2); i++) {
      if (options.layerMediaType === undefined || options.layerMediaType.startsWith('application/vnd.oci.image.layer.v1.')) {
        const { compressed, uncompressedDigest } = this.genLayer(options);
        layers.push(compressed);
        diffIds.push(uncompressedDigest);
      } else {
        const layer = this.addBlob(options.layerBytes ?? randomBytes(2048), options.layerMediaType, options);
        layers.push(layer);
        diffIds.push(layer.digest);
      }
    }
    const config =
      options.configMediaType === undefined || options.configMediaType === MediaTypes.ociConfig
        ? this.genConfig(platform, diffIds, options)
        : this.addBlob(options.configBytes ?? Buffer.from('{}'), options.configMediaType, options);
    return this.genManifest(config, layers, options);
  }

  genIndex(platforms: Array<Platform | undefined>, manifests: string[], options: GenOptions): string {
    const annotations = this.annotationsOf(options);
    const body: Record<string, unknown> = { schemaVersion: 2, mediaType: MediaTypes.ociIndex };
    if (options.artifactType) body.artifactType = options.artifactType;
    body.manifests = manifests.map((digest, i) => ({ ...this.descriptors.get(digest)!, ...(platforms[i] ? { platform: platforms[i] } : {}) }));
    if (options.subject) body.subject = options.subject;
    if (annotations) body.annotations = annotations;
    const digest = this.record(MediaTypes.ociIndex, body, options, options.subject);
    if (options.subject) {
      const entry: DataDescriptor = { mediaType: MediaTypes.ociIndex, digest, size: this.manifests.get(digest)!.bytes.length };
      if (options.artifactType) entry.artifactType = options.artifactType;
      if (annotations) entry.annotations = annotations;
      this.addReferrer(options.subject.digest, entry);
    }
    return digest;
  }

  genIndexFull(options: GenOptions = {}): string {
    const platforms = options.platforms ?? [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ];
    // like the suite, every child gets the index's options too (artifactType, subject, annotations)
    const children = platforms.map((platform) => this.genManifestFull({ ...options, platform, tag: undefined }));
    return this.genIndex(platforms, children, options);
  }
}

/** a descriptor for content that was never pushed */
export function missingSubject(): DataDescriptor {
  return { mediaType: MediaTypes.ociManifest, size: 123, digest: digestOf('missing content') };
}

