/**
 * The native storage layout, in one place (distribution-compatible for blobs, repositories,
 * manifests and tags, so a distribution 2.x filesystem store reads as-is):
 *
 * /docker/registry/v2/
 *   blobs/<alg>/<first 2 hex>/<hex>/data                  content-addressed bytes (layers, configs, manifests)
 *   repositories/<name>/
 *     _layers/<alg>/<hex>/link                             blob linked into the repository
 *     _manifests/revisions/<alg>/<hex>/link                manifest revision in the repository
 *     _manifests/tags/<tag>/current/link                   digest the tag points at
 *     _manifests/tags/<tag>/index/<alg>/<hex>/link         every digest the tag ever pointed at
 *     _uploads/<uuid>/startedat                            upload session marker (ISO time)
 *     _uploads/<uuid>/data                                 upload bytes (a suspended driver writer until commit)
 *     _janus/referrers/<alg>/<subject hex>/<alg>/<hex>/link manifests whose subject is <subject>
 * /janus/
 *   trust/schema1-signing-key.pem                          libtrust-compatible key for signing schema1
 *   v1/_uploads/<uuid>/{startedat,data}                    V1 layer uploads (V1 images are not scoped to a repository)
 *   v1/images/<id>/json                                    V1 image JSON exactly as pushed
 *   v1/images/<id>/ancestry                                JSON list of ids, newest first
 *   v1/images/<id>/_inprogress                             present until a checksum PUT matches
 *   v1/images/<id>/layer                                   JSON record of the layer blob (digest, size, diff id, format, checksums)
 *   v1/images/<id>/_files                                  cached /files answer (any image, V2-derived ones included)
 *   v1/derived/<id>                                        where a V1 id derived from a V2 manifest points (repository, manifest, position)
 *   v1/built/<alg>/<hex>                                   the top V1 image id a manifest was built from
 * repositories/<name>/_janus/v1/index_images               the V1 index emulation's image list (raw client body on first write)
 * repositories/<name>/_janus/v1/tag_json/<tag>             V1 tag metadata (docker-registry's tag<tag>_json)
 * repositories/<name>/_janus/v1/properties                 V1 repository properties ({"access": "public"|"private"})
 * repositories/<name>/_janus/schema1/<tag>                  the signed schema1 made for a tag: {source, schema1} digests
 * repositories/<name>/_janus/converted/<kind>/<alg>/<hex>   digest of the manifest converted from <hex> (kind: schema2)
 * /janus/layers/<alg>/<hex>                                 what a layer blob holds uncompressed: {diffId, format}
 * /janus/legacy/blobs/<alg>/<hex>                           a blob served from a docker-registry store in place: {path, size}
 * /janus/legacy/images/<id>                                 the layer record of an in-place V1 image (as v1/images/<id>/layer)
 * /janus/legacy/imported/<name>/<tag>                       a legacy tag taken into the model: the image id, or 'deleted'
 * /janus/legacy/deleted/<name>                              a legacy repository deleted through Janus (its files stay)
 *
 * Every other module builds storage paths only through these functions.
 */
import type { ParsedDigest } from '../util/digest';

const V2_ROOT = '/docker/registry/v2';
const JANUS_ROOT = '/janus';

function splitDigest(digest: ParsedDigest): [string, string] {
  return [digest.algorithm, digest.hex];
}

export const StoragePaths = {
  v2Root: V2_ROOT,
  repositoriesRoot: `${V2_ROOT}/repositories`,
  blobData(digest: ParsedDigest): string {
    const [alg, hex] = splitDigest(digest);
    return `${V2_ROOT}/blobs/${alg}/${hex.slice(0, 2)}/${hex}/data`;
  },
  repository(name: string): string {
    return `${V2_ROOT}/repositories/${name}`;
  },
  layerLink(name: string, digest: ParsedDigest): string {
    const [alg, hex] = splitDigest(digest);
    return `${V2_ROOT}/repositories/${name}/_layers/${alg}/${hex}/link`;
  },
  layerLinkDir(name: string, digest: ParsedDigest): string {
    const [alg, hex] = splitDigest(digest);
    return `${V2_ROOT}/repositories/${name}/_layers/${alg}/${hex}`;
  },
  manifestRevisionLink(name: string, digest: ParsedDigest): string {
    const [alg, hex] = splitDigest(digest);
    return `${V2_ROOT}/repositories/${name}/_manifests/revisions/${alg}/${hex}/link`;
  },
  manifestRevisionDir(name: string, digest: ParsedDigest): string {
    const [alg, hex] = splitDigest(digest);
    return `${V2_ROOT}/repositories/${name}/_manifests/revisions/${alg}/${hex}`;
  },
  manifestRevisionsRoot(name: string): string {
    return `${V2_ROOT}/repositories/${name}/_manifests/revisions`;
  },
  tagsRoot(name: string): string {
    return `${V2_ROOT}/repositories/${name}/_manifests/tags`;
  },
  tagDir(name: string, tag: string): string {
    return `${V2_ROOT}/repositories/${name}/_manifests/tags/${tag}`;
  },
  tagCurrentLink(name: string, tag: string): string {
    return `${V2_ROOT}/repositories/${name}/_manifests/tags/${tag}/current/link`;
  },
  tagIndexLink(name: string, tag: string, digest: ParsedDigest): string {
    const [alg, hex] = splitDigest(digest);
    return `${V2_ROOT}/repositories/${name}/_manifests/tags/${tag}/index/${alg}/${hex}/link`;
  },
  legacyUploadsRoot: `${JANUS_ROOT}/v1/_uploads`,
  /** an upload session's folder: under its repository, or under /janus/v1 for V1 layers (repository undefined) */
  uploadDir(repository: string | undefined, uuid: string): string {
    return repository === undefined ? `${JANUS_ROOT}/v1/_uploads/${uuid}` : `${V2_ROOT}/repositories/${repository}/_uploads/${uuid}`;
  },
  uploadStartedAt(repository: string | undefined, uuid: string): string {
    return `${StoragePaths.uploadDir(repository, uuid)}/startedat`;
  },
  uploadData(repository: string | undefined, uuid: string): string {
    return `${StoragePaths.uploadDir(repository, uuid)}/data`;
  },
  referrersDir(name: string, subject: ParsedDigest): string {
    const [alg, hex] = splitDigest(subject);
    return `${V2_ROOT}/repositories/${name}/_janus/referrers/${alg}/${hex}`;
  },
  referrerEntryDir(name: string, subject: ParsedDigest, referrer: ParsedDigest): string {
    const [alg, hex] = splitDigest(referrer);
    return `${StoragePaths.referrersDir(name, subject)}/${alg}/${hex}`;
  },
  referrerLink(name: string, subject: ParsedDigest, referrer: ParsedDigest): string {
    return `${StoragePaths.referrerEntryDir(name, subject, referrer)}/link`;
  },
  schema1SigningKey: `${JANUS_ROOT}/trust/schema1-signing-key.pem`,
  legacyImageDir(id: string): string {
    return `${JANUS_ROOT}/v1/images/${id}`;
  },
  legacyImageFile(id: string, file: 'json' | 'ancestry' | '_inprogress' | 'layer' | '_checksum' | '_files'): string {
    return `${JANUS_ROOT}/v1/images/${id}/${file}`;
  },
  derivedImage(id: string): string {
    return `${JANUS_ROOT}/v1/derived/${id}`;
  },
  builtFromLegacy(manifest: ParsedDigest): string {
    const [alg, hex] = splitDigest(manifest);
    return `${JANUS_ROOT}/v1/built/${alg}/${hex}`;
  },
  legacyIndexImages(name: string): string {
    return `${V2_ROOT}/repositories/${name}/_janus/v1/index_images`;
  },
  convertedManifest(name: string, kind: 'schema2', source: ParsedDigest): string {
    const [alg, hex] = splitDigest(source);
    return `${V2_ROOT}/repositories/${name}/_janus/converted/${kind}/${alg}/${hex}`;
  },
  layerFacts(blob: ParsedDigest): string {
    const [alg, hex] = splitDigest(blob);
    return `${JANUS_ROOT}/layers/${alg}/${hex}`;
  },
  externalBlob(blob: ParsedDigest): string {
    const [alg, hex] = splitDigest(blob);
    return `${JANUS_ROOT}/legacy/blobs/${alg}/${hex}`;
  },
  inPlaceLayerRecord(id: string): string {
    return `${JANUS_ROOT}/legacy/images/${id}`;
  },
  legacyTagImported(name: string, tag: string): string {
    return `${JANUS_ROOT}/legacy/imported/${name}/${tag}`;
  },
  legacyRepositoryDeleted(name: string): string {
    return `${JANUS_ROOT}/legacy/deleted/${name}`;
  },
  schema1ForTag(name: string, tag: string): string {
    return `${V2_ROOT}/repositories/${name}/_janus/schema1/${tag}`;
  },
  legacyProperties(name: string): string {
    return `${V2_ROOT}/repositories/${name}/_janus/v1/properties`;
  },
  legacyTagJson(name: string, tag: string): string {
    return `${V2_ROOT}/repositories/${name}/_janus/v1/tag_json/${tag}`;
  },
} as const;

/** directory names inside a repository folder that belong to the repository itself (never nested repository names) */
export const REPOSITORY_INTERNAL_DIRS: ReadonlySet<string> = new Set(['_layers', '_manifests', '_uploads', '_janus']);
