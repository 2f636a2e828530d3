/**
 * Writes a one-layer OCI image layout offline (oci-layout, index.json, blobs/sha256/…): a gzip
 * (level 1) tar holding one file of random bytes, streamed to disk, plus config and manifest.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { PassThrough, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';

export interface OciImage {
  readonly layout: string;
  readonly tag: string;
  /** layer and config digests (what a push uploads) */
  readonly blobDigests: readonly string[];
  readonly manifestDigest: string;
  readonly layerBytes: number;
}

/** a pass-through that hashes and counts */
function tap(): { stream: Transform; digest: () => string; bytes: () => number } {
  const hash = createHash('sha256');
  let count = 0;
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    count += chunk.length;
  });
  return { stream, digest: () => `sha256:${hash.digest('hex')}`, bytes: () => count };
}

function putBlob(layout: string, bytes: Buffer): { digest: string; size: number } {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  writeFileSync(join(layout, 'blobs', 'sha256', digest.slice(7)), bytes);
  return { digest, size: bytes.length };
}

async function writeLayer(layout: string, randomBytes: number): Promise<{ digest: string; size: number; diffId: string }> {
  const pack = tar.pack();
  const tarTap = tap();
  const gzTap = tap();
  const temp = join(layout, 'blobs', 'sha256', 'layer.partial');
  const written = pipeline(pack, tarTap.stream, createGzip({ level: 1 }), gzTap.stream, createWriteStream(temp));
  const entry = pack.entry({ name: 'random.bin', size: randomBytes, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 });
  const piece = Buffer.allocUnsafe(1024 * 1024);
  for (let done = 0; done < randomBytes; ) {
    const length = Math.min(piece.length, randomBytes - done);
    // a fresh buffer per write: the stream may still hold the previous one
    const bytes = Buffer.from(randomFillSync(piece.subarray(0, length)));
    done += length;
    if (!entry.write(bytes)) await once(entry, 'drain');
  }
  await new Promise<void>((resolve) => entry.end(resolve));
  pack.finalize();
  await written;
  const digest = gzTap.digest();
  renameSync(temp, join(layout, 'blobs', 'sha256', digest.slice(7)));
  return { digest, size: gzTap.bytes(), diffId: tarTap.digest() };
}

export async function writeOciLayout(layout: string, randomBytes: number, tag = '1'): Promise<OciImage> {
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  const layer = await writeLayer(layout, randomBytes);
  const config = putBlob(
    layout,
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created: '2024-01-01T00:00:00Z',
        config: { Cmd: ['/random.bin'] },
        rootfs: { type: 'layers', diff_ids: [layer.diffId] },
        history: [{ created: '2024-01-01T00:00:00Z', created_by: 'janus bench' }],
      }),
    ),
  );
  const manifest = putBlob(
    layout,
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer.digest, size: layer.size }],
      }),
    ),
  );
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: manifest.digest,
        size: manifest.size,
        annotations: { 'org.opencontainers.image.ref.name': tag },
        platform: { architecture: 'amd64', os: 'linux' },
      },
    ],
  };
  writeFileSync(join(layout, 'index.json'), JSON.stringify(index));
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  return { layout, tag, blobDigests: [layer.digest, config.digest], manifestDigest: manifest.digest, layerBytes: layer.size };
}
