/** Structural schemas of the manifest formats the registry accepts (zod). */
import { z } from 'zod';
import { isDigest } from '../../util/digest';
import { MediaTypes } from '../../util/media-types';

const digestString = z.string().refine(isDigest, { message: 'invalid digest' });
const mediaTypeString = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/, {
  message: 'invalid media type',
});
const annotations = z.record(z.string(), z.string());

export const platformSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
  variant: z.string().optional(),
  features: z.array(z.string()).optional(),
});

export const descriptorSchema = z.object({
  mediaType: mediaTypeString,
  digest: digestString,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: annotations.optional(),
  data: z.string().optional(),
  artifactType: mediaTypeString.optional(),
  platform: platformSchema.optional(),
});

export const imageManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: mediaTypeString.optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: annotations.optional(),
});

export const schema2ManifestSchema = imageManifestSchema.extend({
  mediaType: z.literal(MediaTypes.schema2),
});

export const indexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: mediaTypeString.optional(),
  manifests: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: annotations.optional(),
});

export const manifestListSchema = indexSchema.extend({
  mediaType: z.literal(MediaTypes.manifestList),
});

export const schema1ManifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: z.string(),
    tag: z.string(),
    architecture: z.string().optional(),
    fsLayers: z.array(z.object({ blobSum: digestString })).min(1),
    history: z.array(z.object({ v1Compatibility: z.string() })).min(1),
  })
  .refine((m) => m.fsLayers.length === m.history.length, { message: 'fsLayers and history must have the same length' });

export type ImageManifestJson = z.infer<typeof imageManifestSchema>;
export type IndexJson = z.infer<typeof indexSchema>;
export type Schema1ManifestJson = z.infer<typeof schema1ManifestSchema>;
export type DescriptorJson = z.infer<typeof descriptorSchema>;
