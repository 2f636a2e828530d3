/**
 * The V2 blob calls the bench times, over node:http with a keep-alive agent: monolithic upload
 * (POST, then one PUT with the body), chunked upload (POST, PATCH per chunk, PUT), GET streamed
 * and discarded, DELETE. Bodies are streamed from files.
 */
import { createReadStream } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { TestFile } from './random-file';

export const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface SendInit {
  readonly headers?: Record<string, string>;
  /** a Buffer, or a file range streamed from disk */
  readonly body?: Buffer | { readonly path: string; readonly start: number; readonly end: number };
}

/** one request; the answer body is collected (only used for small answers) */
export function send(method: string, url: string, init: SendInit = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    const body = init.body;
    if (Buffer.isBuffer(body)) headers['Content-Length'] = String(body.length);
    else if (body) headers['Content-Length'] = String(body.end - body.start + 1);
    else if (method === 'PUT' || method === 'POST' || method === 'PATCH') headers['Content-Length'] = '0';
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else if (body) {
      pipeline(createReadStream(body.path, { start: body.start, end: body.end, highWaterMark: 1024 * 1024 }), req).catch(reject);
    } else req.end();
  });
}

export function expectStatus(answer: HttpAnswer, wanted: number, what: string): HttpAnswer {
  if (answer.status !== wanted) {
    throw new Error(`${what}: HTTP ${answer.status} (wanted ${wanted}) ${answer.body.toString('utf8').slice(0, 300)}`);
  }
  return answer;
}

function locationOf(answer: HttpAnswer, base: string): string {
  const location = answer.headers.location;
  if (!location) throw new Error('upload answer without Location');
  return new URL(location, base).toString();
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url.toString();
}

export async function startUpload(base: string, repo: string): Promise<string> {
  const answer = expectStatus(await send('POST', `${base}/v2/${repo}/blobs/uploads/`), 202, `POST upload ${repo}`);
  return locationOf(answer, base);
}

/** POST, then PUT ?digest= with the whole body */
export async function pushMonolithic(base: string, repo: string, file: TestFile): Promise<void> {
  const location = await startUpload(base, repo);
  const body = file.size === 0 ? Buffer.alloc(0) : { path: file.path, start: 0, end: file.size - 1 };
  const answer = await send('PUT', withDigest(location, file.digest), { headers: { 'Content-Type': 'application/octet-stream' }, body });
  expectStatus(answer, 201, `PUT blob ${repo}`);
}

/** POST, PATCH each chunk with Content-Range (following each Location), then PUT ?digest= */
export async function pushChunked(base: string, repo: string, file: TestFile, chunkBytes: number): Promise<void> {
  let location = await startUpload(base, repo);
  for (let start = 0; start < file.size; start += chunkBytes) {
    const end = Math.min(file.size, start + chunkBytes) - 1;
    const answer = await send('PATCH', location, {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `${start}-${end}` },
      body: { path: file.path, start, end },
    });
    location = locationOf(expectStatus(answer, 202, `PATCH ${start}-${end} ${repo}`), base);
  }
  expectStatus(await send('PUT', withDigest(location, file.digest)), 201, `PUT (close upload) ${repo}`);
}

/** pushes a small in-memory blob under its known digest */
export async function pushBuffer(base: string, repo: string, bytes: Buffer, digest: string): Promise<void> {
  const location = await startUpload(base, repo);
  const answer = await send('PUT', withDigest(location, digest), { headers: { 'Content-Type': 'application/octet-stream' }, body: bytes });
  expectStatus(answer, 201, `PUT blob ${repo}`);
}

export async function deleteBlob(base: string, repo: string, digest: string): Promise<void> {
  const answer = await send('DELETE', `${base}/v2/${repo}/blobs/${digest}`);
  if (answer.status !== 202 && answer.status !== 404) expectStatus(answer, 202, `DELETE blob ${repo}`);
}

/** GET streamed and discarded; returns the byte count */
export function drain(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        return;
      }
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.once('error', reject);
      res.once('end', () => resolve(bytes));
    });
    req.once('error', reject);
    req.end();
  });
}
