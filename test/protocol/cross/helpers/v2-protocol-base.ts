/**
 * What the three V2 clients share: docker's blob push (HEAD, then POST + monolithic PUT),
 * manifest PUT / GET with digest checks, tag DELETE, layer download. Failures become
 * ProtocolFailure with the first V2 error code.
 */
import { randomBytes } from 'node:crypto';
import { sha256Of } from './abstract-image';
import { decompressLayer } from './layer-codec';
import { ProtocolFailure, type FailureCodes } from './protocol-client';
import { headerOf, jsonOf, send, type RawResponse } from './raw-http';

export const V2_FAILURE_CODES: FailureCodes = {
  UNKNOWN_TAG: { status: 404, codes: ['MANIFEST_UNKNOWN'] },
  UNKNOWN_REPOSITORY: { status: 404, codes: ['NAME_UNKNOWN', 'MANIFEST_UNKNOWN'] },
  UNKNOWN_BLOB: { status: 404, codes: ['BLOB_UNKNOWN'] },
};

export const V2Types = {
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema2: 'application/vnd.docker.distribution.manifest.v2+json',
  manifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export interface FetchedManifest {
  readonly bytes: Buffer;
  /** Content-Type, without parameters */
  readonly mediaType: string;
  /** Docker-Content-Digest */
  readonly digest: string | undefined;
}

export class V2Wire {
  constructor(private readonly baseUrl: string) {}

  url(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  /** HEAD first as docker does; true when the blob was uploaded, false when it existed */
  async pushBlob(repo: string, bytes: Buffer): Promise<boolean> {
    const digest = sha256Of(bytes);
    const head = await send(this.url(`/v2/${repo}/blobs/${digest}`), { method: 'HEAD' });
    if (head.status === 200) return false;
    const started = await send(this.url(`/v2/${repo}/blobs/uploads/`), { method: 'POST', body: Buffer.alloc(0) });
    if (started.status !== 202) throw failureOf(`POST upload`, started);
    const location = headerOf(started, 'location');
    if (!location) throw new ProtocolFailure('upload POST without Location', started.status);
    const target = new URL(location, this.baseUrl);
    target.searchParams.set('digest', digest);
    const put = await send(target, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes });
    // docker 1.6 insists on exactly 201
    if (put.status !== 201) throw failureOf(`PUT blob ${digest}`, put);
    return true;
  }

  /** PUT and check the Docker-Content-Digest the registry reports */
  async putManifest(repo: string, reference: string, bytes: Buffer, mediaType: string, expectedDigest: string): Promise<string> {
    const answer = await send(this.url(`/v2/${repo}/manifests/${reference}`), { method: 'PUT', headers: { 'Content-Type': mediaType }, body: bytes });
    if (answer.status !== 201) throw failureOf(`PUT manifest ${repo}:${reference}`, answer);
    const digest = headerOf(answer, 'docker-content-digest');
    if (digest !== expectedDigest) throw new ProtocolFailure(`manifest PUT reported digest ${digest}, expected ${expectedDigest}`, answer.status);
    return digest;
  }

  /** GET with exactly these Accept types (none when undefined) */
  async getManifest(repo: string, reference: string, accept: readonly string[] | undefined): Promise<FetchedManifest> {
    const headers: Record<string, string> = accept ? { Accept: accept.join(', ') } : {};
    const answer = await send(this.url(`/v2/${repo}/manifests/${reference}`), { headers });
    if (answer.status !== 200) throw failureOf(`GET manifest ${repo}:${reference}`, answer);
    const mediaType = (headerOf(answer, 'content-type') ?? '').split(';')[0]!.trim();
    return { bytes: answer.body, mediaType, digest: headerOf(answer, 'docker-content-digest') };
  }

  /** the blob, checked against its digest */
  async getBlob(repo: string, digest: string): Promise<Buffer> {
    const answer = await send(this.url(`/v2/${repo}/blobs/${digest}`));
    if (answer.status !== 200) throw failureOf(`GET blob ${digest}`, answer);
    if (sha256Of(answer.body) !== digest) throw new ProtocolFailure(`blob ${digest} arrived with digest ${sha256Of(answer.body)}`, answer.status);
    return answer.body;
  }

  async deleteTag(repo: string, tag: string): Promise<void> {
    const answer = await send(this.url(`/v2/${repo}/manifests/${tag}`), { method: 'DELETE' });
    if (answer.status !== 202) throw failureOf(`DELETE ${repo}:${tag}`, answer);
  }

  async fetchLayer(repo: string, digest: string): Promise<Buffer> {
    return decompressLayer(await this.getBlob(repo, digest));
  }

  unknownDigest(): string {
    return sha256Of(randomBytes(32));
  }
}

/** a manifest whose Docker-Content-Digest must be sha256 of the bytes served */
export function requireContentDigest(manifest: FetchedManifest): string {
  const actual = sha256Of(manifest.bytes);
  if (manifest.digest !== actual) throw new ProtocolFailure(`Docker-Content-Digest ${manifest.digest} but the body hashes to ${actual}`);
  return actual;
}

export function failureOf(what: string, answer: RawResponse): ProtocolFailure {
  let code: string | undefined;
  try {
    code = jsonOf<{ errors?: { code?: string }[] }>(answer).errors?.[0]?.code;
  } catch {
    code = undefined;
  }
  return new ProtocolFailure(`${what}: ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`, answer.status, code);
}
