/**
 * The schema2 / OCI clients: gzip layers, a config carrying created / Cmd / architecture / os,
 * rootfs and history, and a manifest; pulls by tag with only their own Accept types, picks the
 * linux/amd64 entry of an index, and checks every digest and diff_id on the way.
 */
import type { AbstractImage } from './abstract-image';
import { sha256Of } from './abstract-image';
import { decompressLayer, gzipLayer } from './layer-codec';
import { ProtocolFailure, type ProtocolClient, type PulledImage, type PushOutcome } from './protocol-client';
import { V2_FAILURE_CODES, V2Types, V2Wire, requireContentDigest, type FetchedManifest } from './v2-protocol-base';

interface ImageFormat {
  readonly manifest: string;
  readonly index: string;
  readonly config: string;
  readonly layer: string;
  /** what the puller sends as Accept */
  readonly accept: readonly string[];
  /** manifest types the puller can read (Docker ≤17 cannot read OCI) */
  readonly readable: readonly string[];
  readonly indexes: readonly string[];
}

const DOCKER_FORMAT: ImageFormat = {
  manifest: V2Types.schema2,
  index: V2Types.manifestList,
  config: V2Types.dockerConfig,
  layer: V2Types.dockerLayerGzip,
  accept: [V2Types.schema2, V2Types.manifestList],
  readable: [V2Types.schema2],
  indexes: [V2Types.manifestList],
};

/** OCI clients (containerd, oras) read Docker schema2 documents too: the structure is the same */
const OCI_FORMAT: ImageFormat = {
  manifest: V2Types.ociManifest,
  index: V2Types.ociIndex,
  config: V2Types.ociConfig,
  layer: V2Types.ociLayerGzip,
  accept: [V2Types.ociManifest, V2Types.ociIndex],
  readable: [V2Types.ociManifest, V2Types.schema2],
  indexes: [V2Types.ociIndex, V2Types.manifestList],
};

interface ManifestBody {
  readonly mediaType?: string;
  readonly config: { readonly digest: string };
  readonly layers: readonly { readonly digest: string; readonly mediaType: string }[];
}

interface IndexBody {
  readonly manifests: readonly { readonly digest: string; readonly mediaType: string; readonly platform?: { os: string; architecture: string } }[];
}

interface ConfigBody {
  readonly created?: string;
  readonly architecture?: string;
  readonly os?: string;
  readonly config?: { readonly Cmd?: string[] };
  readonly rootfs?: { readonly diff_ids?: string[] };
}

export interface BuiltManifest {
  readonly bytes: Buffer;
  readonly digest: string;
  readonly mediaType: string;
  readonly blobs: readonly Buffer[];
  readonly platform: { readonly os: string; readonly architecture: string };
}

abstract class ImageManifestClient implements ProtocolClient {
  abstract readonly name: 'v2-schema2' | 'oci';
  readonly failureCodes = V2_FAILURE_CODES;
  protected readonly wire: V2Wire;

  constructor(
    baseUrl: string,
    private readonly format: ImageFormat,
  ) {
    this.wire = new V2Wire(baseUrl);
  }

  /** the config and manifest this client pushes for the image, serialized once */
  build(image: AbstractImage): BuiltManifest {
    const layers = image.layers.map((layer) => gzipLayer(layer.tar));
    const top = image.layers[image.layers.length - 1]!;
    const config = Buffer.from(
      JSON.stringify({
        architecture: image.architecture,
        config: { Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: image.cmd },
        created: top.created,
        history: image.layers.map((layer) => ({ created: layer.created, created_by: layer.createdBy.join(' ') })),
        os: image.os,
        rootfs: { type: 'layers', diff_ids: image.layers.map((layer) => sha256Of(layer.tar)) },
      }),
      'utf8',
    );
    const descriptor = (bytes: Buffer, mediaType: string) => ({ mediaType, size: bytes.length, digest: sha256Of(bytes) });
    const manifest = {
      schemaVersion: 2,
      mediaType: this.format.manifest,
      config: descriptor(config, this.format.config),
      layers: layers.map((layer) => descriptor(layer, this.format.layer)),
    };
    const bytes = Buffer.from(JSON.stringify(manifest, null, 3), 'utf8');
    return { bytes, digest: sha256Of(bytes), mediaType: this.format.manifest, blobs: [config, ...layers], platform: { os: image.os, architecture: image.architecture } };
  }

  async push(repo: string, tag: string, image: AbstractImage): Promise<PushOutcome> {
    const built = this.build(image);
    let uploaded = 0;
    for (const blob of built.blobs) if (await this.wire.pushBlob(repo, blob)) uploaded++;
    const manifestDigest = await this.wire.putManifest(repo, tag, built.bytes, built.mediaType, built.digest);
    return { uploaded, skipped: built.blobs.length - uploaded, manifestDigest };
  }

  /** a multi-platform index of the images (each pushed by digest first), tagged */
  async pushIndex(repo: string, tag: string, images: readonly AbstractImage[]): Promise<{ digest: string; entries: readonly BuiltManifest[] }> {
    const entries = images.map((image) => this.build(image));
    for (const entry of entries) {
      for (const blob of entry.blobs) await this.wire.pushBlob(repo, blob);
      await this.wire.putManifest(repo, entry.digest, entry.bytes, entry.mediaType, entry.digest);
    }
    const index = {
      schemaVersion: 2,
      mediaType: this.format.index,
      manifests: entries.map((entry) => ({ mediaType: entry.mediaType, size: entry.bytes.length, digest: entry.digest, platform: entry.platform })),
    };
    const bytes = Buffer.from(JSON.stringify(index, null, 3), 'utf8');
    const digest = await this.wire.putManifest(repo, tag, bytes, this.format.index, sha256Of(bytes));
    return { digest, entries };
  }

  async pull(repo: string, tag: string): Promise<PulledImage> {
    let fetched = await this.fetchReadable(repo, tag);
    if (this.format.indexes.includes(fetched.mediaType)) {
      const index = JSON.parse(fetched.bytes.toString('utf8')) as IndexBody;
      const entry = index.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
      if (!entry) throw new ProtocolFailure(`index ${repo}:${tag} has no linux/amd64 entry`);
      fetched = await this.fetchReadable(repo, entry.digest);
      if (fetched.digest !== entry.digest) throw new ProtocolFailure(`index entry ${entry.digest} served as ${fetched.digest}`);
    }
    if (this.format.indexes.includes(fetched.mediaType)) throw new ProtocolFailure(`index entry of ${repo}:${tag} is an index again`);
    const manifestDigest = requireContentDigest(fetched);
    const manifest = JSON.parse(fetched.bytes.toString('utf8')) as ManifestBody;
    if (manifest.mediaType !== undefined && manifest.mediaType !== fetched.mediaType) {
      throw new ProtocolFailure(`Content-Type ${fetched.mediaType} but the manifest says ${manifest.mediaType}`);
    }
    const config = JSON.parse((await this.wire.getBlob(repo, manifest.config.digest)).toString('utf8')) as ConfigBody;
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) throw new ProtocolFailure(`config has ${diffIds.length} diff_ids for ${manifest.layers.length} layers`);
    const layers: Buffer[] = [];
    for (const [index, layer] of manifest.layers.entries()) {
      const tar = decompressLayer(await this.wire.getBlob(repo, layer.digest));
      if (sha256Of(tar) !== diffIds[index]) throw new ProtocolFailure(`layer ${index}: diff_id ${diffIds[index]} but the tar hashes to ${sha256Of(tar)}`);
      layers.push(tar);
    }
    return {
      layers,
      ids: manifest.layers.map((layer) => layer.digest),
      config: { created: config.created, cmd: config.config?.Cmd, architecture: config.architecture, os: config.os },
      manifestDigest,
      mediaType: fetched.mediaType,
    };
  }

  deleteTag(repo: string, tag: string): Promise<void> {
    return this.wire.deleteTag(repo, tag);
  }

  fetchLayer(repo: string, reference: string): Promise<Buffer> {
    return this.wire.fetchLayer(repo, reference);
  }

  unknownLayerReference(): string {
    return this.wire.unknownDigest();
  }

  /** a manifest or index of a type this client reads, its digest checked */
  private async fetchReadable(repo: string, reference: string): Promise<FetchedManifest> {
    const fetched = await this.wire.getManifest(repo, reference, this.format.accept);
    if (!this.format.readable.includes(fetched.mediaType) && !this.format.indexes.includes(fetched.mediaType)) {
      throw new ProtocolFailure(`${this.name} cannot read a ${fetched.mediaType || 'untyped'} manifest (Accept: ${this.format.accept.join(', ')})`);
    }
    requireContentDigest(fetched);
    return fetched;
  }
}

export class V2Schema2Client extends ImageManifestClient {
  readonly name = 'v2-schema2' as const;
  constructor(baseUrl: string) {
    super(baseUrl, DOCKER_FORMAT);
  }
}

export class OciClient extends ImageManifestClient {
  readonly name = 'oci' as const;
  constructor(baseUrl: string) {
    super(baseUrl, OCI_FORMAT);
  }
}
