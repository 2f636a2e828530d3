/**
 * V1 test images: chains of random 64-hex ids with image JSON shaped like docker 1.x's, layer
 * tars made with tar-stream, stored as plain tar, gzip or xz (the `xz` binary from xz-utils),
 * and the checksums a client would send, computed by the layer inspector.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { createLayerInspector, type LayerInspection } from '../../../src/registry/legacy/checksums';

export type V1LayerFormat = 'tar' | 'gzip' | 'xz';

export interface V1TestImage {
  readonly id: string;
  readonly parent?: string;
  /** the image JSON bytes, as pushed */
  readonly json: Buffer;
  /** the layer bytes, as pushed (compressed when format is not tar) */
  readonly layer: Buffer;
  readonly format: V1LayerFormat;
  /** the uncompressed tar */
  readonly tar: Buffer;
  /** "sha256:<hex>" over json + "\n" + layer */
  readonly payloadChecksum: string;
  /** "tarsum+sha256:<hex>" with the json */
  readonly tarsum: string;
  /** sha256 of the uncompressed tar */
  readonly diffId: string;
}

export interface TarFile {
  readonly name: string;
  readonly content?: Buffer;
  readonly type?: 'file' | 'directory' | 'symlink';
  readonly linkname?: string;
  readonly mode?: number;
}

export function randomImageId(): string {
  return randomBytes(32).toString('hex');
}

/** a tar of the given members, fixed owner and mtime */
export async function buildTar(files: readonly TarFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const file of files) {
    const type = file.type ?? 'file';
    const header = {
      name: file.name,
      type,
      mode: file.mode ?? (type === 'directory' ? 0o755 : 0o644),
      uid: 0,
      gid: 0,
      uname: 'root',
      gname: 'root',
      mtime: new Date(1420070400000),
      linkname: file.linkname,
    };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null): void => (error ? reject(error) : resolve());
      if (type === 'file') pack.entry(header, file.content ?? Buffer.alloc(0), done);
      else pack.entry(header, done);
    });
  }
  pack.finalize();
  await collected;
  return Buffer.concat(chunks);
}

/** runs `xz -z -c` over the input; throws when xz-utils is not installed */
export function xzCompress(input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('xz', ['-z', '-c', '-6'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`xz could not run (is xz-utils installed?): ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`xz exited ${code}: ${Buffer.concat(err)}`))));
    child.stdin.end(input);
  });
}

export async function compressLayer(tarBytes: Buffer, format: V1LayerFormat): Promise<Buffer> {
  if (format === 'gzip') return gzipSync(tarBytes);
  if (format === 'xz') return xzCompress(tarBytes);
  return tarBytes;
}

/** runs the layer inspector over bytes in memory */
export async function inspectLayer(layer: Buffer, json?: Buffer): Promise<LayerInspection> {
  const inspector = createLayerInspector({ json });
  await pipeline(Readable.from([layer]), inspector, async function* (source) {
    for await (const chunk of source) void chunk;
  });
  return inspector.result();
}

/** image JSON with docker 1.x's field order */
export function imageJson(id: string, parent: string | undefined, layerSize: number, index: number): Buffer {
  const created = new Date(Date.UTC(2015, 0, 1, 0, 0, index)).toISOString();
  const cmd = ['/bin/sh', '-c', `echo layer ${index} > /etc/layer-${index}`];
  const config = {
    Hostname: 'a1b2c3d4e5f6',
    Domainname: '',
    User: '',
    Memory: 0,
    MemorySwap: 0,
    CpuShares: 0,
    Cpuset: '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    PortSpecs: null,
    ExposedPorts: null,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: cmd,
    Image: parent ?? '',
    Volumes: null,
    WorkingDir: '',
    Entrypoint: null,
    NetworkDisabled: false,
    MacAddress: '',
    OnBuild: [],
  };
  const body: Record<string, unknown> = { id };
  if (parent) body.parent = parent;
  Object.assign(body, {
    created,
    container: randomBytes(32).toString('hex'),
    container_config: config,
    docker_version: '1.3.2',
    config: { ...config, Cmd: ['/bin/sh'] },
    architecture: 'amd64',
    os: 'linux',
    Size: layerSize,
  });
  return Buffer.from(JSON.stringify(body));
}

export interface ImageChainOptions {
  readonly length?: number;
  /** one format for every layer, or one per layer (base first) */
  readonly format?: V1LayerFormat | readonly V1LayerFormat[];
  /** bytes of random content per layer file */
  readonly contentBytes?: number;
  /** an existing image the base of the chain builds on */
  readonly parent?: string;
}

/** base first; each image's parent is the one before it */
export async function buildImageChain(options: ImageChainOptions = {}): Promise<V1TestImage[]> {
  const length = options.length ?? 2;
  const images: V1TestImage[] = [];
  for (let index = 0; index < length; index++) {
    const format = Array.isArray(options.format) ? (options.format[index] ?? 'tar') : ((options.format as V1LayerFormat | undefined) ?? 'tar');
    const content = randomBytes(options.contentBytes ?? 3000);
    const tarBytes = await buildTar([
      { name: 'etc/', type: 'directory' },
      { name: `etc/layer-${index}`, content },
      { name: `etc/layer-${index}.link`, type: 'symlink', linkname: `layer-${index}` },
    ]);
    const layer = await compressLayer(tarBytes, format);
    const id = randomImageId();
    const parent = index === 0 ? options.parent : images[index - 1]!.id;
    const json = imageJson(id, parent, tarBytes.length, index);
    const inspection = await inspectLayer(layer, json);
    if (!inspection.tarsum || !inspection.diffId || !inspection.payloadChecksum) {
      throw new Error(`test layer ${index} could not be inspected: ${inspection.contentError?.message}`);
    }
    images.push({
      id,
      parent,
      json,
      layer,
      format,
      tar: tarBytes,
      payloadChecksum: inspection.payloadChecksum,
      tarsum: inspection.tarsum,
      diffId: inspection.diffId,
    });
  }
  return images;
}
