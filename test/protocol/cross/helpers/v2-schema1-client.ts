/**
 * Docker 1.6–1.9 over V2: gzip layers and a libtrust-signed schema1 manifest whose history
 * carries the client's V1 ids; pulls by tag with no Accept header, verifies every signature and
 * that Docker-Content-Digest is sha256 of the payload (docker 1.6's checks).
 */
import { TrustKey, goJsonIndent, signSchema1 } from '../../../../src/registry/schema1';
import type { AbstractImage } from './abstract-image';
import { sha256Of } from './abstract-image';
import { gzipLayer } from './layer-codec';
import { ProtocolFailure, type ProtocolClient, type PulledImage, type PushOutcome } from './protocol-client';
import { checkSignedSchema1 } from './schema1-check';
import { v1ChainOf, v1ConfigFields } from './v1-chain';
import { V2_FAILURE_CODES, V2Types, V2Wire } from './v2-protocol-base';
import { decompressLayer } from './layer-codec';

export class V2Schema1Client implements ProtocolClient {
  readonly name = 'v2-schema1' as const;
  readonly failureCodes = V2_FAILURE_CODES;
  private readonly wire: V2Wire;
  private readonly key = TrustKey.generate();

  constructor(baseUrl: string) {
    this.wire = new V2Wire(baseUrl);
  }

  idsOf(image: AbstractImage): string[] {
    return v1ChainOf(image, this.name).map((entry) => entry.id);
  }

  async push(repo: string, tag: string, image: AbstractImage): Promise<PushOutcome> {
    const chain = v1ChainOf(image, this.name);
    const blobs = image.layers.map((layer) => gzipLayer(layer.tar));
    let uploaded = 0;
    for (const blob of blobs) if (await this.wire.pushBlob(repo, blob)) uploaded++;
    const payload = {
      schemaVersion: 1,
      name: repo,
      tag,
      architecture: image.architecture,
      fsLayers: blobs.map((blob) => ({ blobSum: sha256Of(blob) })).reverse(),
      history: chain.map((entry) => ({ v1Compatibility: entry.json.toString('utf8') })).reverse(),
    };
    const payloadBytes = Buffer.from(goJsonIndent(payload, '   '), 'utf8');
    const signed = signSchema1(payloadBytes, this.key);
    const manifestDigest = await this.wire.putManifest(repo, tag, signed, V2Types.schema1Signed, sha256Of(payloadBytes));
    return { uploaded, skipped: blobs.length - uploaded, v1Ids: chain.map((entry) => entry.id), manifestDigest };
  }

  async pull(repo: string, tag: string): Promise<PulledImage> {
    const fetched = await this.wire.getManifest(repo, tag, undefined);
    let checked;
    try {
      checked = checkSignedSchema1(fetched.bytes);
    } catch (error) {
      throw new ProtocolFailure(`schema1 of ${repo}:${tag} (${fetched.mediaType}) rejected: ${(error as Error).message}`);
    }
    if (fetched.digest !== undefined && fetched.digest !== checked.digest) {
      throw new ProtocolFailure(`Docker-Content-Digest ${fetched.digest} is not sha256 of the payload ${checked.digest}`);
    }
    const layers: Buffer[] = [];
    const ids: string[] = [];
    for (let index = checked.entries.length - 1; index >= 0; index--) {
      const entry = checked.entries[index]!;
      ids.push(entry.id as string);
      if (entry.throwaway === true) continue;
      layers.push(decompressLayer(await this.wire.getBlob(repo, checked.manifest.fsLayers[index]!.blobSum)));
    }
    return { layers, ids, config: v1ConfigFields(checked.entries[0]!), manifestDigest: checked.digest, mediaType: fetched.mediaType };
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
}
