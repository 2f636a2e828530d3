/**
 * Builds V2 manifests from a chain of V1 images (Quay's manifest builder idea), once, when a
 * V1 tag is set. The result is deterministic: the same chain always gives the same bytes.
 *
 * - schema2: config = the top image's V1 JSON without the V1-only keys, plus rootfs.diff_ids
 *   (sha256 of each uncompressed layer, computed while the layer streamed in) and one history
 *   entry per V1 image; empty layers are marked `empty_layer` and left out of the layers.
 * - schema1 payload (signed by the caller): fsLayers/history top first, each history entry the
 *   original V1 JSON, so docker 1.6–1.9 keep the original image ids.
 */
import { RegistryError } from '../../errors/registry-error';
import { digestOf, parseDigest, type ParsedDigest } from '../../util/digest';
import { MediaTypes } from '../../util/media-types';
import { goJsonCompact, goJsonIndent } from '../schema1';
import type { LegacyImage, LegacyLayerRecord } from './image-store';
import type { V1ImageView } from './manifest-v1-view';

/** diff ids of layers with no content: the empty tar (1024 zero bytes) and a 10240-byte one (tar's default blocking) */
export const EMPTY_LAYER_DIFF_IDS: ReadonlySet<string> = new Set([
  'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
  'sha256:84ff92691f909a05b224e1c56abb4864f01b4f8e3c854e4bb4c7baf1d3f6d652',
]);

const V1_ONLY_KEYS = ['id', 'parent', 'Size', 'parent_id', 'layer_id', 'throwaway'];

export interface BuiltLayer {
  readonly mediaType: string;
  readonly digest: ParsedDigest;
  readonly size: number;
}

export interface BuiltSchema2 {
  readonly config: Buffer;
  readonly configDigest: ParsedDigest;
  readonly manifest: Buffer;
  readonly manifestDigest: ParsedDigest;
  readonly layers: readonly BuiltLayer[];
}

type V1Json = Record<string, unknown>;

/** `chain` is base first; every image must be complete */
export function buildSchema2(chain: readonly LegacyImage[]): BuiltSchema2 {
  const history: Record<string, unknown>[] = [];
  const diffIds: string[] = [];
  const layers: BuiltLayer[] = [];
  for (const image of chain) {
    const json = parseJson(image);
    const layer = requireLayer(image);
    if (layer.diffId === undefined) throw new RegistryError('LAYER_UNREADABLE', undefined, { id: image.id });
    const empty = EMPTY_LAYER_DIFF_IDS.has(layer.diffId);
    history.push({
      created: json.created,
      author: nonEmpty(json.author),
      created_by: createdBy(json),
      comment: nonEmpty(json.comment),
      empty_layer: empty ? true : undefined,
    });
    if (empty) continue;
    diffIds.push(layer.diffId);
    layers.push(schema2Layer(layer));
  }
  const config: V1Json = { ...parseJson(chain[chain.length - 1]!) };
  for (const key of V1_ONLY_KEYS) delete config[key];
  config.rootfs = { type: 'layers', diff_ids: diffIds };
  config.history = history;
  const configBytes = Buffer.from(goJsonCompact(config, { sortKeys: true }));
  const configDigest = sha256(configBytes);
  const manifest = Buffer.from(
    goJsonIndent(
      {
        schemaVersion: 2,
        mediaType: MediaTypes.schema2,
        config: { mediaType: MediaTypes.dockerConfig, size: configBytes.length, digest: configDigest.digest },
        layers: layers.map((l) => ({ mediaType: l.mediaType, size: l.size, digest: l.digest.digest })),
      },
      '   ',
    ),
  );
  return { config: configBytes, configDigest, manifest, manifestDigest: sha256(manifest), layers };
}

/** the unsigned schema1 payload of a V1 chain (base first): history keeps the original V1 JSON and ids */
export function buildSchema1Payload(chain: readonly LegacyImage[], name: string, tag: string): Buffer {
  const topFirst = [...chain].reverse();
  const top = parseJson(topFirst[0]!);
  const architecture = typeof top.architecture === 'string' ? top.architecture : 'amd64';
  return schema1Payload(
    name,
    tag,
    architecture,
    topFirst.map((image) => ({ blobSum: requireLayer(image).digest, v1Compatibility: image.json.toString('utf8') })),
  );
}

/** the unsigned schema1 payload of derived V1 images (base first), as distribution converts schema2 */
export function buildSchema1FromDerived(images: readonly V1ImageView[], name: string, tag: string, architecture: string): Buffer {
  const topFirst = [...images].reverse();
  return schema1Payload(
    name,
    tag,
    architecture,
    topFirst.map((image) => ({ blobSum: image.blob.digest.digest, v1Compatibility: image.json.toString('utf8') })),
  );
}

/** 3-space indented, in distribution's field order, as libtrust signs it */
function schema1Payload(name: string, tag: string, architecture: string, entries: ReadonlyArray<{ blobSum: string; v1Compatibility: string }>): Buffer {
  return Buffer.from(
    goJsonIndent(
      {
        schemaVersion: 1,
        name,
        tag,
        architecture,
        fsLayers: entries.map((entry) => ({ blobSum: entry.blobSum })),
        history: entries.map((entry) => ({ v1Compatibility: entry.v1Compatibility })),
      },
      '   ',
    ),
  );
}

/** the blob a V2 client gets for a V1 layer: as stored when a V2 media type describes it, else its gzip copy */
export function schema2Layer(layer: LegacyLayerRecord): BuiltLayer {
  if (layer.format === 'tar') return { mediaType: MediaTypes.dockerLayerTar, digest: parseDigest(layer.digest)!, size: layer.size };
  if (layer.format === 'gzip') return { mediaType: MediaTypes.dockerLayerGzip, digest: parseDigest(layer.digest)!, size: layer.size };
  if (layer.gzipDigest && layer.gzipSize !== undefined) {
    return { mediaType: MediaTypes.dockerLayerGzip, digest: parseDigest(layer.gzipDigest)!, size: layer.gzipSize };
  }
  throw new RegistryError('LAYER_UNREADABLE', undefined, { layer: layer.digest, format: layer.format });
}

function createdBy(json: V1Json): string | undefined {
  const containerConfig = json.container_config as { Cmd?: unknown } | undefined;
  const cmd = containerConfig?.Cmd;
  return Array.isArray(cmd) ? cmd.map(String).join(' ') : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseJson(image: LegacyImage): V1Json {
  return JSON.parse(image.json.toString('utf8')) as V1Json;
}

function requireLayer(image: LegacyImage): LegacyLayerRecord {
  if (!image.layer) throw new Error(`V1 image ${image.id} has no layer`);
  return image.layer;
}

function sha256(bytes: Buffer): ParsedDigest {
  return parseDigest(digestOf('sha256', bytes))!;
}

