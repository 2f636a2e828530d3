/**
 * supertest against a base URL, with every response recorded. Paths may be relative to the base
 * URL or absolute (upload Locations may be either; clients must use them verbatim).
 * Send bodies as Buffers: they go out byte for byte.
 */
import request from 'supertest';
import type { Test } from 'supertest';
import type { StatusRecorder } from './status-recorder';

type Method = 'get' | 'head' | 'put' | 'post' | 'patch' | 'delete';

export interface V2Http {
  get(path: string): Test;
  head(path: string): Test;
  put(path: string): Test;
  post(path: string): Test;
  patch(path: string): Test;
  delete(path: string): Test;
  /** absolute URL for a path or Location, resolved against the registry's base URL */
  resolve(pathOrUrl: string): URL;
}

/** Buffers any response body as raw bytes (res.body becomes a Buffer). */
export function rawBody(response: unknown, callback: (err: Error | null, body: Buffer) => void): void {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (err: Error) => callback(err, Buffer.alloc(0)));
}

export function createV2Http(baseUrl: string, recorder: StatusRecorder): V2Http {
  const resolve = (pathOrUrl: string) => new URL(pathOrUrl, baseUrl);
  const send = (method: Method) => (path: string) => {
    const target = resolve(path);
    const test = request(target.origin)[method](target.pathname + target.search);
    // bodies are always Buffers sent verbatim (superagent would JSON-encode them for +json types)
    test.serialize((body: unknown) => body as string);
    test.on('response', (res: { status: number }) => recorder.record(method, target.pathname + target.search, res.status));
    return test;
  };
  return {
    get: send('get'),
    head: send('head'),
    put: send('put'),
    post: send('post'),
    patch: send('patch'),
    delete: send('delete'),
    resolve,
  };
}
