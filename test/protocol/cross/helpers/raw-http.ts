/**
 * Plain HTTP exchanges over node:http with raw byte bodies. Unlike fetch, node:http adds no
 * Accept header, so a request can go out with none at all, as docker 1.6's manifest GET does.
 */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RawRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
}

export function send(url: string | URL, init: RawRequest = {}): Promise<RawResponse> {
  const headers = { ...init.headers };
  if (init.body) headers['Content-Length'] = String(init.body.length);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export function headerOf(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function jsonOf<T = unknown>(response: RawResponse): T {
  return JSON.parse(response.body.toString('utf8')) as T;
}
