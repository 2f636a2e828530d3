/**
 * A request whose body goes out with chunked transfer encoding and no Content-Length, the way
 * Docker streams a layer in a single PATCH. supertest always sets Content-Length for buffers.
 */
import { request } from 'node:http';
import type { StatusRecorder } from './status-recorder';

export interface StreamedResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export function sendStreamed(
  url: URL,
  method: string,
  chunks: readonly Buffer[],
  headers: Record<string, string>,
  recorder: StatusRecorder,
): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'Transfer-Encoding': 'chunked' } }, (res) => {
      const body: Buffer[] = [];
      res.on('data', (chunk: Buffer) => body.push(chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        recorder.record(method, url.pathname + url.search, status);
        resolve({ status, headers: res.headers, body: Buffer.concat(body) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/**
 * Status and headers only, body discarded. For answers whose body a strict client may reject
 * (distribution 2.8 sends 416 with a Content-Length it does not honour).
 */
export function statusAndHeaders(
  url: URL,
  method: string,
  headers: Record<string, string>,
  recorder: StatusRecorder,
): Promise<Omit<StreamedResponse, 'body'>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const status = res.statusCode ?? 0;
      recorder.record(method, url.pathname + url.search, status);
      resolve({ status, headers: res.headers });
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}
