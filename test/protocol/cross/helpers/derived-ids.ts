/**
 * distribution's V1 ids for an image pushed over V2 (manifest/schema1/config_builder.go,
 * v2-and-conversion.md §4.3), computed here from the pushed config and layer digests:
 * id = sha256(<blob hex> " " <parent id>), the top adds " " <config bytes>. Base first.
 */
import { sha256Hex } from './abstract-image';

export function distributionV1Ids(configBytes: Buffer, layerDigests: readonly string[]): string[] {
  const ids: string[] = [];
  let parent = '';
  layerDigests.forEach((digest, index) => {
    const hex = digest.slice('sha256:'.length);
    const top = index === layerDigests.length - 1;
    const id = sha256Hex(top ? `${hex} ${parent} ${configBytes.toString('utf8')}` : `${hex} ${parent}`);
    ids.push(id);
    parent = id;
  });
  return ids;
}
