/**
 * The V1 view of an image pushed over V2: V1 image ids and JSON derived from the config and the
 * layers, with distribution's scheme (manifest/schema1/config_builder.go), so they are a pure
 * function of content — the same on every request, after a restart and on every replica:
 *
 *   walk config.history base first; an `empty_layer` entry uses the gzipped empty tar as its
 *   blob, any other entry the next layer of the manifest;
 *   id(entry)  = sha256(<blob hex> + " " + <parent id>)                       (parent '' for the base)
 *   id(top)    = sha256(<blob hex> + " " + <parent id> + " " + <config bytes>)
 *
 * A config without history (allowed by OCI) gets one synthesized entry per layer.
 */
import { createHash } from 'node:crypto';
import { parseDigest, type ParsedDigest } from '../../util/digest';
import { goJsonCompact, GoRawJson } from '../schema1';

/** distribution's 32-byte gzip of an empty tar, the blob of empty layers in schema1 */
export const GZIPPED_EMPTY_TAR = Buffer.from([
  31, 139, 8, 0, 0, 9, 110, 136, 0, 255, 98, 24, 5, 163, 96, 20, 140, 88, 0, 8, 0, 0, 255, 255, 46, 175, 181, 239, 0, 4, 0, 0,
]);
export const GZIPPED_EMPTY_TAR_DIGEST = parseDigest('sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4')!;

export interface DerivedLayerBlob {
  readonly digest: ParsedDigest;
  readonly size: number;
  readonly mediaType?: string;
}

/** sha256 of the empty tar (1024 zero bytes): the diff id of an empty layer */
export const EMPTY_TAR_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

export interface DerivedImage {
  readonly id: string;
  readonly parent?: string;
  /** the v1Compatibility JSON of this entry */
  readonly json: Buffer;
  readonly blob: DerivedLayerBlob;
  /** sha256 of the uncompressed layer (from the config's rootfs.diff_ids) */
  readonly diffId: string;
  readonly throwaway: boolean;
}

interface HistoryEntry {
  readonly created?: string;
  readonly author?: string;
  readonly created_by?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

/** base first; throws when the config and the layers disagree */
export function deriveV1Images(configBytes: Buffer, layers: readonly DerivedLayerBlob[]): DerivedImage[] {
  const config = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>;
  const history = historyOf(config, layers.length);
  const nonEmpty = history.filter((h) => !h.empty_layer).length;
  if (nonEmpty !== layers.length) {
    throw new Error(`config history has ${nonEmpty} non-empty entries for ${layers.length} layers`);
  }
  const diffIds = diffIdsOf(config);
  const images: DerivedImage[] = [];
  let parent = '';
  let layerIndex = 0;
  history.forEach((entry, position) => {
    const throwaway = entry.empty_layer === true;
    const diffId = throwaway ? EMPTY_TAR_DIFF_ID : (diffIds[layerIndex] ?? '');
    const blob = throwaway ? { digest: GZIPPED_EMPTY_TAR_DIGEST, size: GZIPPED_EMPTY_TAR.length } : layers[layerIndex++]!;
    const isTop = position === history.length - 1;
    const idInput = isTop ? `${blob.digest.hex} ${parent} ${configBytes.toString('utf8')}` : `${blob.digest.hex} ${parent}`;
    const id = createHash('sha256').update(idInput).digest('hex');
    const json = isTop ? topJson(config, id, parent, throwaway) : entryJson(entry, id, parent, throwaway);
    images.push({ id, parent: parent === '' ? undefined : parent, json, blob, diffId, throwaway });
    parent = id;
  });
  return images;
}

function diffIdsOf(config: Record<string, unknown>): string[] {
  const rootfs = config.rootfs as { diff_ids?: unknown } | undefined;
  return Array.isArray(rootfs?.diff_ids) ? rootfs.diff_ids.map(String) : [];
}

function historyOf(config: Record<string, unknown>, layerCount: number): HistoryEntry[] {
  const history = Array.isArray(config.history) ? (config.history as HistoryEntry[]) : [];
  if (history.length > 0) return history;
  const created = typeof config.created === 'string' ? config.created : undefined;
  return Array.from({ length: Math.max(layerCount, 1) }, () => ({ created, empty_layer: layerCount === 0 ? true : undefined }));
}

function entryJson(entry: HistoryEntry, id: string, parent: string, throwaway: boolean): Buffer {
  return Buffer.from(
    goJsonCompact({
      id,
      parent: parent || undefined,
      comment: entry.comment || undefined,
      created: entry.created ?? '0001-01-01T00:00:00Z',
      container_config: { Cmd: [entry.created_by ?? ''] },
      author: entry.author || undefined,
      throwaway: throwaway || undefined,
    }),
  );
}

function topJson(config: Record<string, unknown>, id: string, parent: string, throwaway: boolean): Buffer {
  const top = new Map<string, unknown>();
  for (const [key, value] of Object.entries(config)) {
    if (key !== 'history' && key !== 'rootfs') top.set(key, new GoRawJson(JSON.stringify(value)));
  }
  top.set('id', id);
  if (parent) top.set('parent', parent);
  if (throwaway) top.set('throwaway', true);
  return Buffer.from(goJsonCompact(top));
}
