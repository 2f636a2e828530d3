/**
 * Signed Docker schema1 manifests for the protocol suite, built with the project's own libtrust
 * signer (src/registry/schema1). Test-side only: the registry under test must verify them.
 */
import { randomBytes } from 'node:crypto';
import { TrustKey, goJsonIndent, schema1Digest, signSchema1 } from '../../../src/registry/schema1';
import { MediaTypes, randomBlob, type Blob } from './content';

export interface Schema1Manifest {
  readonly bytes: Buffer;
  /** sha256 of the signed payload (what the registry must report) */
  readonly digest: string;
  readonly layers: readonly Blob[];
  readonly mediaType: string;
}

export interface Schema1Options {
  readonly name: string;
  readonly tag: string;
  readonly layerCount?: number;
  readonly key?: TrustKey;
}

function v1Compatibility(id: string, parent: string | undefined): string {
  return JSON.stringify({
    id,
    ...(parent ? { parent } : {}),
    created: '2015-06-01T12:00:00.000000000Z',
    container_config: { Cmd: ['/bin/sh', '-c', `echo ${id.slice(0, 8)}`] },
    architecture: 'amd64',
    os: 'linux',
  });
}

export function makeSignedSchema1(options: Schema1Options): Schema1Manifest {
  const layers = Array.from({ length: options.layerCount ?? 2 }, () => randomBlob(256));
  const ids = layers.map(() => randomBytes(32).toString('hex'));
  // schema1 lists layers and history from the top layer down
  const history = ids.map((id, i) => ({ v1Compatibility: v1Compatibility(id, ids[i - 1]) })).reverse();
  const payload = {
    schemaVersion: 1,
    name: options.name,
    tag: options.tag,
    architecture: 'amd64',
    fsLayers: [...layers].reverse().map((layer) => ({ blobSum: layer.digest })),
    history,
  };
  const payloadBytes = Buffer.from(goJsonIndent(payload, '   '), 'utf8');
  const bytes = signSchema1(payloadBytes, options.key ?? TrustKey.generate());
  return { bytes, digest: schema1Digest(bytes), layers, mediaType: MediaTypes.schema1Signed };
}

/** the same document with one signature character changed */
export function tamperSignature(manifest: Schema1Manifest): Buffer {
  const text = manifest.bytes.toString('utf8');
  const match = /"signature":\s*"([^"]+)"/.exec(text);
  if (!match || match.index === undefined) throw new Error('no signature in the schema1 manifest');
  const signature = match[1]!;
  const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  return Buffer.from(text.replace(`"${signature}"`, `"${flipped}"`), 'utf8');
}
