/**
 * A 3-layer V1 image for the V1/V2 comparison: gzip tar layers built once, and per round fresh
 * image ids (new JSON and checksums, same layer bytes) so each V1 push really uploads.
 */
import { createHash, randomBytes } from 'node:crypto';
import { buildTar, compressLayer, imageJson, inspectLayer, randomImageId, type V1TestImage } from '../../test/protocol/helpers/v1-images';

export interface V1Layer {
  readonly tar: Buffer;
  /** gzip of tar */
  readonly layer: Buffer;
  readonly digest: string;
}

export async function buildV1Layers(contentBytes: readonly number[]): Promise<V1Layer[]> {
  const layers: V1Layer[] = [];
  for (const [index, bytes] of contentBytes.entries()) {
    const tar = await buildTar([
      { name: 'data/', type: 'directory' },
      { name: `data/layer-${index}.bin`, content: randomBytes(bytes) },
    ]);
    const layer = await compressLayer(tar, 'gzip');
    layers.push({ tar, layer, digest: `sha256:${createHash('sha256').update(layer).digest('hex')}` });
  }
  return layers;
}

/** base first; new ids each call */
export async function v1ImagesOf(layers: readonly V1Layer[]): Promise<V1TestImage[]> {
  const images: V1TestImage[] = [];
  for (const [index, layer] of layers.entries()) {
    const id = randomImageId();
    const parent = images[index - 1]?.id;
    const json = imageJson(id, parent, layer.tar.length, index);
    const inspection = await inspectLayer(layer.layer, json);
    if (!inspection.tarsum || !inspection.payloadChecksum || !inspection.diffId) throw new Error(`V1 layer ${index} could not be inspected`);
    images.push({
      id,
      parent,
      json,
      layer: layer.layer,
      format: 'gzip',
      tar: layer.tar,
      payloadChecksum: inspection.payloadChecksum,
      tarsum: inspection.tarsum,
      diffId: inspection.diffId,
    });
  }
  return images;
}
