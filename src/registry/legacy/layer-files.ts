/**
 * docker-registry's `/v1/images/<id>/files`: the members of a layer as
 * `[path, type, is_deleted, size, mtime, mode, uid, gid]`, whiteouts (`.wh.<name>`) reported as
 * deleted, read by decompressing and walking the tar as it streams.
 */
import type { Readable } from 'node:stream';
import { RegistryError } from '../../errors/registry-error';
import { createDecompressor, detectLayerFormat } from './checksums';
import { TarWalker } from './checksums/tar-walker';
import type { TarHeader } from './checksums/tar-header';

export type LayerFileEntry = [string, string, boolean, number, number, number, number, number];

/** tarfile type flags as docker-registry named them */
const FILE_TYPES: Readonly<Record<string, string>> = {
  '0': 'f', '\0': 'f', '1': 'l', '2': 's', '3': 'c', '4': 'b', '5': 'd', '6': 'i', '7': 't', L: 'L', K: 'K', S: 'S',
};

export async function listLayerFiles(layer: Readable): Promise<LayerFileEntry[]> {
  const entries: LayerFileEntry[] = [];
  let failure: unknown;
  const walker = new TarWalker({
    entry: (header) => {
      const entry = describe(header);
      if (entry) entries.push(entry);
    },
    data: () => undefined,
    entryEnd: () => undefined,
  });
  const walk = (data: Buffer): void => {
    if (failure !== undefined) return;
    try {
      walker.write(data);
    } catch (error) {
      failure = error;
    }
  };
  let decompressor: ReturnType<typeof createDecompressor> | null = null;
  try {
    for await (const chunk of layer) {
      if (decompressor === null) {
        decompressor = createDecompressor(detectLayerFormat((chunk as Buffer).subarray(0, 512)));
        decompressor?.on('data', walk);
      }
      if (decompressor) await writeTo(decompressor, chunk as Buffer);
      else walk(chunk as Buffer);
      if (failure !== undefined) throw failure;
    }
    if (decompressor) await new Promise<void>((resolve, reject) => decompressor!.once('error', reject).end(resolve));
    if (failure !== undefined) throw failure;
  } catch (error) {
    layer.destroy();
    throw new RegistryError('LAYER_UNREADABLE', undefined, (error as Error).message);
  }
  return entries;
}

function describe(header: TarHeader): LayerFileEntry | undefined {
  let name = header.name;
  if (name === '.') name = '/';
  if (name.startsWith('./')) name = '/' + name.slice(2);
  const slash = name.lastIndexOf('/');
  const base = name.slice(slash + 1);
  let deleted = false;
  if (base.startsWith('.wh.')) {
    if (base.startsWith('.wh..wh.')) return undefined;
    name = name.slice(0, slash + 1) + base.slice(4);
    deleted = true;
  }
  const type = FILE_TYPES[String.fromCharCode(header.typeflag)] ?? 'u';
  return [name, type, deleted, header.size, header.mtime, header.mode, header.uid, header.gid];
}

function writeTo(stream: NodeJS.WritableStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    stream.once('error', onError);
    stream.write(chunk, () => {
      stream.off('error', onError);
      resolve();
    });
  });
}
