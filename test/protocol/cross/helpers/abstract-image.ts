/**
 * The protocol-neutral image the cross-protocol matrix pushes and pulls: layers as uncompressed
 * tar bytes (base first) with V1-style metadata. Every protocol client derives its own wire form
 * (V1 chain, schema1, schema2, OCI) from it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { buildTar } from '../../helpers/v1-images';

export interface AbstractLayer {
  /** the uncompressed tar */
  readonly tar: Buffer;
  /** RFC 3339 creation time of this layer's image */
  readonly created: string;
  /** the command that made the layer (container_config.Cmd / history created_by) */
  readonly createdBy: readonly string[];
}

export interface AbstractImage {
  /** base first */
  readonly layers: readonly AbstractLayer[];
  /** config.Cmd of the image */
  readonly cmd: readonly string[];
  readonly architecture: string;
  readonly os: string;
}

/** the image-level fields every format carries (the top layer's time is the image's) */
export interface ImageConfigFields {
  readonly created?: string;
  readonly cmd?: readonly string[];
  readonly architecture?: string;
  readonly os?: string;
}

export function configFieldsOf(image: AbstractImage): ImageConfigFields {
  return { created: topLayer(image).created, cmd: image.cmd, architecture: image.architecture, os: image.os };
}

export function topLayer(image: AbstractImage): AbstractLayer {
  const top = image.layers[image.layers.length - 1];
  if (!top) throw new Error('an image needs at least one layer');
  return top;
}

export interface AbstractImageOptions {
  readonly layerCount?: number;
  readonly contentBytes?: number;
  readonly architecture?: string;
  readonly os?: string;
}

/** random file contents, so two images never share a layer */
export async function makeAbstractImage(options: AbstractImageOptions = {}): Promise<AbstractImage> {
  const marker = randomBytes(4).toString('hex');
  const layers: AbstractLayer[] = [];
  for (let index = 0; index < (options.layerCount ?? 2); index++) {
    const tar = await buildTar([
      { name: 'srv/', type: 'directory' },
      { name: `srv/${marker}-${index}.bin`, content: randomBytes(options.contentBytes ?? 2048) },
    ]);
    layers.push({
      tar,
      created: new Date(Date.UTC(2015, 5, 1, 12, 0, index)).toISOString(),
      createdBy: ['/bin/sh', '-c', `#(nop) ADD file:${marker}-${index} in /srv`],
    });
  }
  return { layers, cmd: ['/bin/sh', '-c', `echo ${marker}`], architecture: options.architecture ?? 'amd64', os: options.os ?? 'linux' };
}

export function sha256Of(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
