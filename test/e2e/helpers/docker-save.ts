/**
 * `docker save` of one image, read back: the sha256 of every layer tar in the archive, in the
 * order of its manifest.json (base first). Layer tars are hashed while streaming.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import type { DockerDaemon } from './docker-daemon';

const MANIFEST_LIMIT = 1024 * 1024;

interface SavedManifestEntry {
  readonly Config: string;
  readonly RepoTags: string[] | null;
  readonly Layers: string[];
}

interface SavedArchive {
  readonly manifest: SavedManifestEntry[];
  /** archive member name → sha256 of its bytes, for every <dir>/layer.tar member */
  readonly layerDigests: Map<string, string>;
}

async function readSavedArchive(file: string): Promise<SavedArchive> {
  const extract = tar.extract();
  const layerDigests = new Map<string, string>();
  let manifestText: string | undefined;
  extract.on('entry', (header, stream, next) => {
    const done = (error?: unknown): void => (error ? extract.destroy(error as Error) : next());
    if (header.name.endsWith('layer.tar')) {
      const hash = createHash('sha256');
      pipeline(stream, hash).then(() => {
        layerDigests.set(header.name, `sha256:${hash.digest('hex')}`);
        done();
      }, done);
    } else if (header.name === 'manifest.json' && (header.size ?? 0) <= MANIFEST_LIMIT) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk) => {
        chunks.push(chunk as Buffer);
      });
      stream.once('error', done);
      stream.once('end', () => {
        manifestText = Buffer.concat(chunks).toString('utf8');
        done();
      });
    } else {
      stream.once('end', () => done());
      stream.resume();
    }
  });
  await pipeline(createReadStream(file), extract);
  if (manifestText === undefined) throw new Error(`${file} has no manifest.json`);
  return { manifest: JSON.parse(manifestText) as SavedManifestEntry[], layerDigests };
}

/** saves `reference` to `file` and returns the sha256 of each layer tar, base first */
export async function savedLayerDigests(dockerd: DockerDaemon, reference: string, file: string): Promise<string[]> {
  await dockerd.docker(['save', '--output', file, reference]);
  const archive = await readSavedArchive(file);
  if (archive.manifest.length !== 1) throw new Error(`docker save of ${reference} holds ${archive.manifest.length} images`);
  return archive.manifest[0].Layers.map((name) => {
    const digest = archive.layerDigests.get(name);
    if (!digest) throw new Error(`docker save archive lists ${name} but does not contain it`);
    return digest;
  });
}
