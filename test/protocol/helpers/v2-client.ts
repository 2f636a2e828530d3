/**
 * Small V2 client steps for the protocol suite: upload sessions (monolithic, chunked, streamed),
 * manifest pushes and pulls. Each returns the raw supertest response so tests can assert on it.
 */
import type { Response } from 'supertest';
import { MediaTypes, type Blob, type ManifestDocument } from './content';
import { expectStatus } from './v2-assertions';
import { rawBody, type V2Http } from './v2-http';

/** the Location with `name=value` added to whatever query it already carries */
export function withQuery(location: string, params: Record<string, string>): string {
  const [path, query = ''] = location.split('?', 2) as [string, string?];
  const search = new URLSearchParams(query);
  for (const [name, value] of Object.entries(params)) search.set(name, value);
  return `${path}?${search.toString()}`;
}

export function locationOf(res: Response): string {
  const location = res.headers.location;
  if (typeof location !== 'string' || location === '') throw new Error(`no Location header (status ${res.status})`);
  return location;
}

export async function startUpload(http: V2Http, repo: string, query = ''): Promise<{ res: Response; location: string }> {
  const res = await http.post(`/v2/${repo}/blobs/uploads/${query}`).set('Content-Length', '0');
  expectStatus(res, 202);
  return { res, location: locationOf(res) };
}

/** POST then a single PUT carrying the whole blob */
export async function uploadBlobMonolithic(http: V2Http, repo: string, blob: Blob): Promise<Response> {
  const { location } = await startUpload(http, repo);
  return http
    .put(withQuery(location, { digest: blob.digest }))
    .set('Content-Type', MediaTypes.octetStream)
    .send(blob.bytes);
}

/** POST, PATCH chunks with Content-Range, then PUT ?digest with an empty body */
export async function uploadBlobChunked(http: V2Http, repo: string, blob: Blob, chunkSize = Math.ceil(blob.size / 3) || 1): Promise<Response> {
  let { location } = await startUpload(http, repo);
  for (let start = 0; start < blob.size; start += chunkSize) {
    const chunk = blob.bytes.subarray(start, Math.min(start + chunkSize, blob.size));
    const res = await patchChunk(http, location, chunk, start);
    expectStatus(res, 202);
    location = locationOf(res);
  }
  return http.put(withQuery(location, { digest: blob.digest })).set('Content-Type', MediaTypes.octetStream).send(Buffer.alloc(0));
}

export function patchChunk(http: V2Http, location: string, chunk: Buffer, start: number): Promise<Response> {
  return http
    .patch(location)
    .set('Content-Type', MediaTypes.octetStream)
    .set('Content-Range', `${start}-${start + chunk.length - 1}`)
    .send(chunk);
}

/** POST, one PATCH with the whole blob and no Content-Range, then PUT ?digest */
export async function uploadBlobStreamed(http: V2Http, repo: string, blob: Blob): Promise<Response> {
  const { location } = await startUpload(http, repo);
  const patched = await http.patch(location).set('Content-Type', MediaTypes.octetStream).send(blob.bytes);
  expectStatus(patched, 202);
  return http.put(withQuery(locationOf(patched), { digest: blob.digest })).set('Content-Type', MediaTypes.octetStream).send(Buffer.alloc(0));
}

/** uploads a blob (POST+PUT) and insists on 201 */
export async function pushBlob(http: V2Http, repo: string, blob: Blob): Promise<void> {
  expectStatus(await uploadBlobMonolithic(http, repo, blob), 201);
}

export function putManifest(http: V2Http, repo: string, reference: string, manifest: ManifestDocument, contentType = manifest.mediaType): Promise<Response> {
  return http.put(`/v2/${repo}/manifests/${reference}`).set('Content-Type', contentType).send(manifest.bytes);
}

/** pushes the blobs, child manifests (by digest) and the manifest itself; returns the final PUT */
export async function pushManifestTree(http: V2Http, repo: string, manifest: ManifestDocument, reference: string = manifest.digest): Promise<Response> {
  for (const blob of manifest.blobs) await pushBlob(http, repo, blob);
  for (const child of manifest.children) expectStatus(await pushManifestTree(http, repo, child), 201);
  return putManifest(http, repo, reference, manifest);
}

/** pushes and insists on 201 */
export async function pushImage(http: V2Http, repo: string, manifest: ManifestDocument, reference: string = manifest.digest): Promise<Response> {
  const res = await pushManifestTree(http, repo, manifest, reference);
  expectStatus(res, 201);
  return res;
}

export const ALL_MANIFEST_TYPES = [
  MediaTypes.ociManifest,
  MediaTypes.ociIndex,
  MediaTypes.dockerManifest,
  MediaTypes.dockerManifestList,
].join(', ');

/** GET with raw bytes in res.body */
export function getManifest(http: V2Http, repo: string, reference: string, accept: string = ALL_MANIFEST_TYPES): Promise<Response> {
  return http.get(`/v2/${repo}/manifests/${reference}`).set('Accept', accept).buffer(true).parse(rawBody);
}

export function getBlob(http: V2Http, repo: string, digest: string): Promise<Response> {
  return http.get(`/v2/${repo}/blobs/${digest}`).buffer(true).parse(rawBody);
}
