/**
 * Which manifest a client gets for a tag, from the media types it accepts (distribution 2.x's
 * rules, extended to OCI images):
 * - by digest: exactly what was asked for, never converted;
 * - the stored type when accepted (or anything goes: '*' / '*' + '/*');
 * - an index or manifest list the client cannot read: its entry for the V1 platform
 *   (linux/amd64 by default), then the rules again;
 * - a schema2/OCI image for a client that reads schema1 but not the stored type (docker 1.6–1.9
 *   send no Accept at all): the tag's signed schema1;
 * - otherwise the stored manifest (the client decides).
 */
import { isIndexMediaType, MediaTypes } from '../util/media-types';
import type { ManifestV1View } from './legacy/manifest-v1-view';
import type { Schema1Conversion } from './schema1-conversion';
import type { StoredManifest } from './types';

const SCHEMA1_READABLE = new Set<string>([MediaTypes.schema1, MediaTypes.schema1Signed, 'application/json']);

export class ManifestNegotiation {
  constructor(
    private readonly view: ManifestV1View,
    private readonly conversion: Schema1Conversion,
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
    const readsSchema1 = accepts.size === 0 || [...accepts].some((type) => SCHEMA1_READABLE.has(type));
    const convertible = image.mediaType === MediaTypes.schema2 || image.mediaType === MediaTypes.ociManifest;
    if (readsSchema1 && convertible) {
      return (await this.conversion.forTag(repository, tag, image)) ?? stored;
    }
    return image === stored ? stored : image;
  }
}
