/** Minimal writer for an OCI image layout folder: blobs/sha256/<hex>, oci-layout, index.json. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
  readonly annotations?: Record<string, string>;
}

interface IndexJson {
  schemaVersion: 2;
  manifests: Descriptor[];
}

export function blobsDir(layoutDir: string): string {
  return join(layoutDir, 'blobs', 'sha256');
}

export function blobPath(layoutDir: string, digest: string): string {
  return join(blobsDir(layoutDir), digest.replace(/^sha256:/, ''));
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function ensureLayout(layoutDir: string): Promise<void> {
  await mkdir(blobsDir(layoutDir), { recursive: true });
  if (!existsSync(join(layoutDir, 'oci-layout'))) {
    await writeFile(join(layoutDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await writeFile(join(layoutDir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [] }));
  }
}

/** Writes a small JSON document (manifest, config, index) as a blob. */
export async function putJsonBlob(layoutDir: string, mediaType: string, document: unknown): Promise<Descriptor> {
  const bytes = Buffer.from(JSON.stringify(document));
  const digest = sha256Digest(bytes);
  await writeFile(blobPath(layoutDir, digest), bytes);
  return { mediaType, digest, size: bytes.length };
}

/** Moves a finished temporary file into place under its digest. */
export async function adoptBlobFile(layoutDir: string, tempFile: string, digest: string): Promise<void> {
  await rename(tempFile, blobPath(layoutDir, digest));
}

/** Points `tag` (ref.name annotation) in index.json at the descriptor, replacing an older entry. */
export async function tagInIndex(layoutDir: string, tag: string, descriptor: Descriptor): Promise<void> {
  const indexFile = join(layoutDir, 'index.json');
  const index = JSON.parse(await readFile(indexFile, 'utf8')) as IndexJson;
  index.manifests = index.manifests.filter((entry) => entry.annotations?.[REF_NAME_ANNOTATION] !== tag);
  index.manifests.push({ ...descriptor, annotations: { ...descriptor.annotations, [REF_NAME_ANNOTATION]: tag } });
  await writeFile(indexFile, JSON.stringify(index));
}
