/**
 * Raw HTTP for the V1 suites, over node:http (chunked bodies, aborts), with every answer's
 * status recorded so an afterEach hook can fail a test that provoked a 5xx. Scripted clients
 * are recorded the same way from their request logs.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import type { StatusRecorder } from '../helpers/status-recorder';
import { writeChunked, type V1Client } from '../helpers/v1-client';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
  /** the body parsed as JSON; undefined when it is not JSON */
  readonly json: unknown;
}

export interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** Transfer-Encoding: chunked, the body written in pieces like docker's io.Copy */
  readonly chunked?: boolean;
}


export class GuardedHttp {
  constructor(
    readonly baseUrl: string,
    private readonly recorder: StatusRecorder,
  ) {}

  send(method: string, path: string, options: SendOptions = {}): Promise<HttpAnswer> {
    const url = new URL(path, this.baseUrl);
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    const headers: Record<string, string> = { ...options.headers };
    if (body && options.chunked) headers['Transfer-Encoding'] = 'chunked';
    else if (body) headers['Content-Length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          this.recorder.record(method, url.pathname + url.search, status);
          const bytes = Buffer.concat(chunks);
          resolve({ status, headers: res.headers, body: bytes, text: bytes.toString('utf8'), json: parseJson(bytes) });
        });
      });
      req.on('error', reject);
      if (!body) return void req.end();
      if (!options.chunked) return void req.end(body);
      writeChunked(req, body);
    });
  }

  get(path: string, headers?: Record<string, string>): Promise<HttpAnswer> {
    return this.send('GET', path, { headers });
  }

  put(path: string, body: Buffer | string, headers?: Record<string, string>): Promise<HttpAnswer> {
    return this.send('PUT', path, { body, headers });
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** records every request the scripted clients made, then forgets the clients */
export function recordClientRequests(recorder: StatusRecorder, clients: V1Client[]): void {
  for (const client of clients.splice(0)) {
    for (const exchange of client.requests) recorder.record(exchange.method, exchange.path, exchange.status);
  }
}
