/**
 * Docker schema2 manifests for clients that cannot read what was pushed, made once per source
 * manifest and kept as a revision (same bytes and digest on every request):
 * - an OCI image manifest → the same config and layers under Docker media types (docker
 *   1.10–17.x read no OCI);
 * - a schema1 manifest (docker 1.6–1.9 pushes, `skopeo --format v2s1`) → a schema2 built like
 *   a V1 push's, from its history and the diff ids of its layers (read once and remembered):
 *   docker ≥ 28.2 and containerd ≥ 2.1 read no schema1.
 */
import type { StorageDriver } from '../storage/driver';
import { digestOf, parseDigest, type ParsedDigest } from '../util/digest';
import { MediaTypes } from '../util/media-types';
import type { BlobStore } from './blob-store';
import { inspectStoredLayer } from './legacy/layer-inspection';
import type { LegacyImage } from './legacy/image-store';
import { buildSchema2 } from './legacy/manifest-builder';
import type { ManifestV1View } from './legacy/manifest-v1-view';
import type { ManifestStore } from './manifest-store';
import { StoragePaths } from './paths';
import { goJsonIndent } from './schema1';
import { readIfExists } from './storage-access';
import type { StoredManifest } from './types';

const OCI_TO_DOCKER_LAYER: Readonly<Record<string, string>> = {
  [MediaTypes.ociLayerGzip]: MediaTypes.dockerLayerGzip,
  [MediaTypes.ociLayerTar]: MediaTypes.dockerLayerTar,
  [MediaTypes.dockerLayerGzip]: MediaTypes.dockerLayerGzip,
  [MediaTypes.dockerLayerTar]: MediaTypes.dockerLayerTar,
  [MediaTypes.dockerForeignLayerGzip]: MediaTypes.dockerForeignLayerGzip,
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip': MediaTypes.dockerForeignLayerGzip,
};

interface LayerFacts {
  readonly diffId: string;
  readonly format: string;
}

export class Schema2Conversion {
  constructor(
    private readonly driver: StorageDriver,
    private readonly blobs: BlobStore,
    private readonly manifests: ManifestStore,
    private readonly view: ManifestV1View,
  ) {}

  /** the schema2 form of an OCI image manifest or a schema1 manifest; undefined when there is none */
  async toSchema2(repository: string, source: StoredManifest): Promise<StoredManifest | undefined> {
    const sourceDigest = parseDigest(source.digest)!;
    const recorded = parseDigest((await readIfExists(this.driver, StoragePaths.convertedManifest(repository, 'schema2', sourceDigest)))?.toString('utf8') ?? '');
    const existing = recorded && (await this.manifests.get(repository, recorded));
    if (existing) return existing;
    const bytes = await this.convert(repository, source);
    if (!bytes) return undefined;
    const digest = parseDigest(digestOf('sha256', bytes))!;
    await this.blobs.putSmall(digest, bytes);
    await this.driver.putContent(StoragePaths.manifestRevisionLink(repository, digest), digest.digest);
    await this.driver.putContent(StoragePaths.convertedManifest(repository, 'schema2', sourceDigest), digest.digest);
    return { digest: digest.digest, mediaType: MediaTypes.schema2, bytes };
  }

  private async convert(repository: string, source: StoredManifest): Promise<Buffer | undefined> {
    if (source.mediaType === MediaTypes.ociManifest) return ociToSchema2(source.bytes);
    if (source.mediaType === MediaTypes.schema1 || source.mediaType === MediaTypes.schema1Signed) {
      return this.schema1ToSchema2(repository, source);
    }
    return undefined;
  }

  private async schema1ToSchema2(repository: string, source: StoredManifest): Promise<Buffer | undefined> {
    const images = await this.view.derivedImages(repository, source);
    if (!images) return undefined;
    const chain: LegacyImage[] = [];
    for (const image of images) {
      const facts = await this.layerFacts(image.blob.digest);
      const size = (await this.blobs.stat(image.blob.digest))?.size;
      if (!facts || size === undefined || (facts.format !== 'tar' && facts.format !== 'gzip')) return undefined;
      chain.push({
        id: image.id,
        json: image.json,
        ancestry: [],
        inProgress: false,
        layer: { digest: image.blob.digest.digest, size, diffId: facts.diffId, format: facts.format, payloadChecksum: '' },
      });
    }
    const built = buildSchema2(chain);
    await this.blobs.putSmall(built.configDigest, built.config);
    await this.blobs.link(repository, built.configDigest);
    return built.manifest;
  }

  /** diff id and compression of a layer blob: read through once, then remembered */
  private async layerFacts(blob: ParsedDigest): Promise<LayerFacts | undefined> {
    const path = StoragePaths.layerFacts(blob);
    const known = await readIfExists(this.driver, path);
    if (known) return JSON.parse(known.toString('utf8')) as LayerFacts;
    const { diffId, format } = await inspectStoredLayer(await this.blobs.open(blob));
    if (diffId === undefined) return undefined;
    const facts: LayerFacts = { diffId, format };
    await this.driver.putContent(path, JSON.stringify(facts));
    return facts;
  }
}

/** the same image under Docker media types; undefined when a layer has no Docker equivalent (zstd) */
function ociToSchema2(bytes: Buffer): Buffer | undefined {
  const manifest = JSON.parse(bytes.toString('utf8')) as {
    config: { digest: string; size: number };
    layers: Array<{ mediaType: string; digest: string; size: number; urls?: string[] }>;
  };
  const layers = [];
  for (const layer of manifest.layers) {
    const mediaType = OCI_TO_DOCKER_LAYER[layer.mediaType];
    if (!mediaType) return undefined;
    layers.push({ mediaType, size: layer.size, digest: layer.digest, urls: layer.urls });
  }
  return Buffer.from(
    goJsonIndent(
      {
        schemaVersion: 2,
        mediaType: MediaTypes.schema2,
        config: { mediaType: MediaTypes.dockerConfig, size: manifest.config.size, digest: manifest.config.digest },
        layers,
      },
      '   ',
    ),
  );
}
