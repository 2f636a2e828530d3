/**
 * Which manifest a client gets for a tag, from the media types it accepts (distribution 2.x's
 * rules, extended so that every client can pull every image):
 * - by digest: exactly what was asked for, never converted;
 * - the stored type when accepted (or anything goes: a wildcard);
 * - an index or manifest list the client cannot read: its entry for the V1 platform
 *   (linux/amd64 by default), then the rules again;
 * - an OCI or schema1 image for a client that reads Docker schema2 but not the stored type
 *   (docker 1.10–17.x; docker ≥ 28.2 and containerd ≥ 2.1 read no schema1): its schema2 form;
 * - a schema2/OCI image for a client that reads only schema1 (docker 1.6–1.9 send no Accept at
 *   all): the tag's signed schema1;
 * - otherwise the stored manifest (the client decides).
 */
import { isIndexMediaType, isSchema1MediaType, MediaTypes } from '../util/media-types';
import type { ManifestV1View } from './legacy/manifest-v1-view';
import type { Schema1Conversion } from './schema1-conversion';
import type { Schema2Conversion } from './schema2-conversion';
import type { StoredManifest } from './types';

const SCHEMA1_READABLE = new Set<string>([MediaTypes.schema1, MediaTypes.schema1Signed, 'application/json']);

export class ManifestNegotiation {
  constructor(
    private readonly view: ManifestV1View,
    private readonly schema1: Schema1Conversion,
    private readonly schema2: Schema2Conversion,
  ) {}

  async forTag(repository: string, tag: string, stored: StoredManifest, accepted: readonly string[]): Promise<StoredManifest> {
    const accepts = new Set(accepted);
    if (accepts.has('*/*') || accepts.has(stored.mediaType)) return stored;
    let image = stored;
    if (isIndexMediaType(stored.mediaType)) {
      const child = await this.view.imageManifest(repository, stored);
      if (!child) return stored;
      if (accepts.has(child.mediaType)) return child;
      image = child;
    }
    const readsSchema2 = accepts.has(MediaTypes.schema2) || (accepts.has(MediaTypes.ociManifest) && isSchema1MediaType(image.mediaType));
    if (readsSchema2 && (image.mediaType === MediaTypes.ociManifest || isSchema1MediaType(image.mediaType))) {
      const converted = await this.schema2.toSchema2(repository, image);
      if (converted) return converted;
    }
    const readsSchema1 = accepts.size === 0 || [...accepts].some((type) => SCHEMA1_READABLE.has(type));
    if (readsSchema1 && (image.mediaType === MediaTypes.schema2 || image.mediaType === MediaTypes.ociManifest)) {
      return (await this.schema1.forTag(repository, tag, image)) ?? image;
    }
    return image;
  }
}
