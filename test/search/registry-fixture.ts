/** A real registry model on the inmemory driver, with a helper that pushes a tiny tagged image. */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createRegistryModel, parseManifestReference, type RegistryModel } from '../../src/registry/model';
import { createDriver } from '../../src/storage/factory';
import { parseDigest, type ParsedDigest } from '../../src/util/digest';
import { MediaTypes } from '../../src/util/media-types';

export function inMemoryRegistry(): RegistryModel {
  return createRegistryModel(createDriver('inmemory', {}), { deleteEnabled: true });
}

function digestOf(data: Buffer): ParsedDigest {
  return parseDigest('sha256:' + createHash('sha256').update(data).digest('hex'))!;
}

async function pushBlob(model: RegistryModel, repository: string, data: Buffer): Promise<ParsedDigest> {
  const session = await model.startUpload(repository);
  const blob = await model.completeUpload(repository, session.uuid, { expected: digestOf(data), lastChunk: Readable.from([data]) });
  return parseDigest(blob.digest)!;
}

/** pushes an OCI image and tags it; returns the manifest digest */
export async function pushImage(model: RegistryModel, repository: string, tag: string): Promise<string> {
  const layer = randomBytes(64);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layerDigest = await pushBlob(model, repository, layer);
  const configDigest = await pushBlob(model, repository, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      config: { mediaType: MediaTypes.ociConfig, digest: configDigest.digest, size: config.length },
      layers: [{ mediaType: MediaTypes.ociLayerGzip, digest: layerDigest.digest, size: layer.length }],
    }),
  );
  return (await model.putManifest(repository, parseManifestReference(tag), manifest, MediaTypes.ociManifest)).digest;
}

export async function deleteTag(model: RegistryModel, repository: string, tag: string): Promise<void> {
  await model.deleteManifest(repository, parseManifestReference(tag));
}
