/**
 * Parses and validates a pushed manifest: JSON, structure per media type, media type against
 * Content-Type, schema1 signatures. Returns what the model needs to store and link it.
 */
import type { z } from 'zod';
import { RegistryError } from '../../errors/registry-error';
import { parseDigest, type ParsedDigest } from '../../util/digest';
import { MANIFEST_MEDIA_TYPES, MediaTypes } from '../../util/media-types';
import type { Descriptor } from '../types';
import {
  imageManifestSchema,
  indexSchema,
  manifestListSchema,
  schema1ManifestSchema,
  schema2ManifestSchema,
  type DescriptorJson,
} from './schemas';
import { schema1Payload } from './schema1-payload';

export interface ParsedManifest {
  readonly mediaType: string;
  /** the bytes whose hash is the manifest digest (schema1: the JWS payload) */
  readonly digestedBytes: Buffer;
  /** blobs that must be linked in the repository */
  readonly blobReferences: readonly ParsedDigest[];
  /** manifests that must exist in the repository */
  readonly manifestReferences: readonly ParsedDigest[];
  readonly subject?: ParsedDigest;
  readonly artifactType?: string;
  readonly annotations?: Record<string, string>;
  /** schema1 only: the name and tag inside the manifest */
  readonly schema1?: { readonly name: string; readonly tag: string };
  /** for indexes: the child descriptors */
  readonly children?: readonly Descriptor[];
}

/** normalizes a Content-Type header to its bare media type ('' when absent) */
export function bareMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function parseManifest(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  const json = parseJsonObject(bytes);
  const declared = bareMediaType(contentType);
  const declaredManifestType = MANIFEST_MEDIA_TYPES.includes(declared) ? declared : undefined;
  const bodyMediaType = typeof json.mediaType === 'string' ? json.mediaType : undefined;

  if (json.schemaVersion === 1) return parseSchema1(bytes, json);
  if (bodyMediaType !== undefined && declaredManifestType !== undefined && bodyMediaType !== declaredManifestType) {
    throw invalid(`manifest mediaType ${bodyMediaType} does not match Content-Type ${declaredManifestType}`);
  }
  const mediaType = bodyMediaType ?? declaredManifestType ?? inferOciMediaType(json);
  switch (mediaType) {
    case MediaTypes.schema2:
      return parseImageManifest(bytes, json, mediaType, schema2ManifestSchema);
    case MediaTypes.ociManifest:
      return parseImageManifest(bytes, json, mediaType, imageManifestSchema);
    case MediaTypes.manifestList:
      return parseIndex(bytes, json, mediaType, manifestListSchema);
    case MediaTypes.ociIndex:
      return parseIndex(bytes, json, mediaType, indexSchema);
    case MediaTypes.schema1:
    case MediaTypes.schema1Signed:
      throw invalid('schema1 manifest must have schemaVersion 1');
    default:
      throw invalid(`unsupported manifest media type ${JSON.stringify(mediaType)}`);
  }
}

/** the media type of a manifest already stored (validated when it was pushed) */
export function storedManifestMediaType(bytes: Buffer): string {
  const json = parseJsonObject(bytes);
  if (json.schemaVersion === 1) return Array.isArray(json.signatures) ? MediaTypes.schema1Signed : MediaTypes.schema1;
  if (typeof json.mediaType === 'string' && json.mediaType !== '') return json.mediaType;
  return inferOciMediaType(json);
}

function inferOciMediaType(json: Record<string, unknown>): string {
  if (Array.isArray(json.manifests)) return MediaTypes.ociIndex;
  if (json.config !== undefined) return MediaTypes.ociManifest;
  throw invalid('cannot determine the manifest media type');
}

function parseJsonObject(bytes: Buffer): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalid(`manifest is not valid JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalid('manifest must be a JSON object');
  return json as Record<string, unknown>;
}

function validate<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalid(`${issue.path.join('.') || 'manifest'}: ${issue.message}`);
  }
  return result.data;
}

function parseImageManifest(
  bytes: Buffer,
  json: unknown,
  mediaType: string,
  schema: typeof imageManifestSchema | typeof schema2ManifestSchema,
): ParsedManifest {
  const manifest = validate(schema, json);
  const blobs = [manifest.config, ...manifest.layers.filter((layer) => !layer.urls || layer.urls.length === 0)];
  return {
    mediaType,
    digestedBytes: bytes,
    blobReferences: blobs.map(digestOfDescriptor),
    manifestReferences: [],
    subject: manifest.subject ? digestOfDescriptor(manifest.subject) : undefined,
    artifactType: manifest.artifactType ?? manifest.config.mediaType,
    annotations: manifest.annotations,
  };
}

function parseIndex(bytes: Buffer, json: unknown, mediaType: string, schema: typeof indexSchema | typeof manifestListSchema): ParsedManifest {
  const index = validate(schema, json);
  return {
    mediaType,
    digestedBytes: bytes,
    blobReferences: [],
    manifestReferences: index.manifests.map(digestOfDescriptor),
    subject: index.subject ? digestOfDescriptor(index.subject) : undefined,
    artifactType: index.artifactType,
    annotations: index.annotations,
    children: index.manifests,
  };
}

function parseSchema1(bytes: Buffer, json: Record<string, unknown>): ParsedManifest {
  const manifest = validate(schema1ManifestSchema, json);
  const signed = Array.isArray(json.signatures);
  const payload = signed ? schema1Payload(bytes) : bytes;
  return {
    mediaType: signed ? MediaTypes.schema1Signed : MediaTypes.schema1,
    digestedBytes: payload,
    blobReferences: manifest.fsLayers.map((layer) => parseDigest(layer.blobSum) as ParsedDigest),
    manifestReferences: [],
    schema1: { name: manifest.name, tag: manifest.tag },
  };
}

function digestOfDescriptor(descriptor: DescriptorJson): ParsedDigest {
  return parseDigest(descriptor.digest) as ParsedDigest;
}

function invalid(message: string): RegistryError {
  return new RegistryError('MANIFEST_INVALID', 'manifest invalid', message);
}
