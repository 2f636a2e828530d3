/**
 * The least an HTTP server on Node can do with an upload, as the ceiling of the push rows: a
 * server (in the bench process, idle meanwhile) that either discards the body, or hashes it and
 * writes it to a file through fs.createWriteStream, the work any registry must do.
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type SinkKind = 'discard' | 'hash-and-write';

export interface UploadSink {
  readonly url: string;
  close(): Promise<void>;
}

export async function startUploadSink(kind: SinkKind, file: string): Promise<UploadSink> {
  const server: Server = createServer((req, res) => {
    const stages =
      kind === 'discard'
        ? [new Writable({ write: (_chunk, _encoding, callback) => callback() })]
        : [hashingPassThrough(createHash('sha256')), createWriteStream(file, { highWaterMark: 1024 * 1024 })];
    pipeline([req, ...stages]).then(
      () => res.writeHead(201).end(),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(file, { force: true });
    },
  };
}

function hashingPassThrough(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      hash.digest();
      callback();
    },
  });
}
