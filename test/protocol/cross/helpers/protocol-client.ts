/**
 * The one interface every protocol client of the cross matrix implements (Quay's
 * ProtocolClient pattern), and the abstract failures each protocol reports in its own way.
 */
import type { AbstractImage, ImageConfigFields } from './abstract-image';

export type ProtocolName = 'v1' | 'v2-schema1' | 'v2-schema2' | 'oci';

export type Failure = 'UNKNOWN_TAG' | 'UNKNOWN_REPOSITORY' | 'UNKNOWN_BLOB';

/** how one protocol reports one failure: a status, and the error code / V1 error text / client message */
export interface ExpectedFailure {
  /** undefined when the failure is detected by the client without an error status */
  readonly status?: number;
  /** accepted V2 error codes, or the V1 `error` text */
  readonly codes?: readonly string[];
  /** the client's own message, when the registry answers successfully but without the item */
  readonly message?: RegExp;
}

export type FailureCodes = Readonly<Record<Failure, ExpectedFailure>>;

/** a request the registry refused, or an answer the client could not use */
export class ProtocolFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** the first V2 error code, or the V1 `error` text */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ProtocolFailure';
  }
}

export interface PushOutcome {
  /** layers / images uploaded by this push */
  readonly uploaded: number;
  /** layers / images the registry already had */
  readonly skipped: number;
  /** V1 ids the client chose (V1 and schema1 pushes), base first */
  readonly v1Ids?: readonly string[];
  /** the manifest digest the registry reported (V2 pushes) */
  readonly manifestDigest?: string;
  /** what the client printed (docker's "Image … already pushed, skipping") */
  readonly messages?: readonly string[];
}

export interface PulledImage {
  /** the layers, decompressed, base first */
  readonly layers: readonly Buffer[];
  readonly config: ImageConfigFields;
  /** V1 ids (V1 and schema1 pulls) or layer blob digests (schema2 / OCI), base first */
  readonly ids: readonly string[];
  /** the Docker-Content-Digest of the manifest (V2 pulls) */
  readonly manifestDigest?: string;
  /** the media type of the manifest finally used (V2 pulls) */
  readonly mediaType?: string;
}

export interface ProtocolClient {
  readonly name: ProtocolName;
  readonly failureCodes: FailureCodes;
  push(repo: string, tag: string, image: AbstractImage): Promise<PushOutcome>;
  pull(repo: string, tag: string): Promise<PulledImage>;
  /** removes the tag over this protocol */
  deleteTag(repo: string, tag: string): Promise<void>;
  /** downloads one layer by this protocol's reference (V1 id or blob digest) */
  fetchLayer(repo: string, reference: string): Promise<Buffer>;
  /** a layer reference this registry has never seen */
  unknownLayerReference(): string;
}

/** asserts that `action` fails the way `protocol` reports `failure` */
export async function expectFailure(action: Promise<unknown>, client: ProtocolClient, failure: Failure): Promise<void> {
  const expected = client.failureCodes[failure];
  let caught: unknown;
  try {
    await action;
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof ProtocolFailure)) {
    throw new Error(`${client.name}: expected ${failure}, got ${caught === undefined ? 'success' : String(caught)}`);
  }
  const seen = `${client.name} ${failure}: ${caught.message} (status ${caught.status}, code ${caught.code})`;
  if (expected.status !== caught.status) throw new Error(`expected status ${expected.status}; ${seen}`);
  if (expected.codes && !expected.codes.includes(caught.code ?? '')) throw new Error(`expected code ${expected.codes.join(' or ')}; ${seen}`);
  if (expected.message && !expected.message.test(caught.message)) throw new Error(`expected message ${expected.message}; ${seen}`);
}
