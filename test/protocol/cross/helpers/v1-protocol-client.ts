/**
 * The V1 side of the matrix: the scripted Docker 1.x client (test/protocol/helpers/v1-client.ts)
 * pushing plain tar layers and pulling through the V1 image graph.
 *
 * The variant defaults to docker-1.5: it is the newest Docker that Janus serves over V1 (its
 * /v2/ probe is answered 404). The scripted docker-1.9 sees `registry/2.0` on /v2/ and, like the
 * real 1.9, would speak V2 instead.
 */
import { randomBytes } from 'node:crypto';
import { V1Client, V1ClientError, qualified, type DockerVariant } from '../../helpers/v1-client';
import { inspectLayer, type V1TestImage } from '../../helpers/v1-images';
import type { AbstractImage } from './abstract-image';
import { decompressLayer } from './layer-codec';
import { ProtocolFailure, type FailureCodes, type ProtocolClient, type PulledImage, type PushOutcome } from './protocol-client';
import { send } from './raw-http';
import { v1ChainOf, v1ConfigFields } from './v1-chain';

export const V1_FAILURE_CODES: FailureCodes = {
  // docker ≤1.7 lists every tag and looks for its own: the registry answers 200 without it
  UNKNOWN_TAG: { message: /Tag \S+ not found in repository/ },
  UNKNOWN_REPOSITORY: { status: 404 },
  UNKNOWN_BLOB: { status: 404, codes: ['Image not found'] },
};

export class V1ProtocolClient implements ProtocolClient {
  readonly name = 'v1' as const;
  readonly failureCodes = V1_FAILURE_CODES;

  constructor(
    private readonly baseUrl: string,
    private readonly variant: DockerVariant = 'docker-1.5',
  ) {}

  /** the V1 ids this client gives an image, base first */
  idsOf(image: AbstractImage): string[] {
    return v1ChainOf(image, this.name).map((entry) => entry.id);
  }

  async push(repo: string, tag: string, image: AbstractImage): Promise<PushOutcome> {
    const images = await Promise.all(
      v1ChainOf(image, this.name).map(async (entry, index): Promise<V1TestImage> => {
        const tar = image.layers[index]!.tar;
        const inspection = await inspectLayer(tar, entry.json);
        if (!inspection.tarsum || !inspection.diffId || !inspection.payloadChecksum) throw new Error(`layer ${index} could not be inspected`);
        return { ...entry, layer: tar, format: 'tar', tar, payloadChecksum: inspection.payloadChecksum, tarsum: inspection.tarsum, diffId: inspection.diffId };
      }),
    );
    const client = this.client();
    const result = await client.push(repo, images, tag).catch(rethrow);
    return { uploaded: result.pushed.length, skipped: result.skipped.length, v1Ids: images.map((entry) => entry.id), messages: client.messages };
  }

  async pull(repo: string, tag: string): Promise<PulledImage> {
    const result = await this.client().pull(repo, tag).catch(rethrow);
    const ids = [...result.ids].reverse();
    const layers = ids.map((id) => decompressLayer(result.images.get(id)!.layer));
    const top = result.images.get(result.ids[0]!)!;
    return { layers, ids, config: v1ConfigFields(JSON.parse(top.json.toString('utf8')) as Record<string, unknown>) };
  }

  async deleteTag(repo: string, tag: string): Promise<void> {
    const answer = await send(new URL(`/v1/repositories/${qualified(repo)}/tags/${tag}`, this.baseUrl), { method: 'DELETE' });
    if (answer.status !== 200) throw failureOf(`DELETE tag ${tag}`, answer.status, answer.body);
  }

  async fetchLayer(_repo: string, reference: string): Promise<Buffer> {
    const answer = await send(new URL(`/v1/images/${reference}/layer`, this.baseUrl));
    if (answer.status !== 200) throw failureOf(`GET layer ${reference}`, answer.status, answer.body);
    return decompressLayer(answer.body);
  }

  unknownLayerReference(): string {
    return randomBytes(32).toString('hex');
  }

  private client(): V1Client {
    return new V1Client(this.baseUrl, this.variant);
  }
}

function rethrow(error: unknown): never {
  if (error instanceof V1ClientError) throw failureOf(error.message, error.status, error.body === undefined ? undefined : Buffer.from(error.body));
  throw error;
}

function failureOf(message: string, status: number | undefined, body: Buffer | undefined): ProtocolFailure {
  let code: string | undefined;
  try {
    const parsed = JSON.parse(body?.toString('utf8') ?? '') as { error?: unknown };
    if (typeof parsed.error === 'string') code = parsed.error;
  } catch {
    code = undefined;
  }
  return new ProtocolFailure(message, status, code);
}
