/** Header names and fixed values of the V1 protocol. */
export const V1Headers = {
  registryVersion: 'X-Docker-Registry-Version',
  registryConfig: 'X-Docker-Registry-Config',
  standalone: 'X-Docker-Registry-Standalone',
  token: 'X-Docker-Token',
  endpoints: 'X-Docker-Endpoints',
  size: 'X-Docker-Size',
  checksum: 'X-Docker-Checksum',
  checksumPayload: 'X-Docker-Checksum-Payload',
} as const;

/** the docker-registry release whose protocol Janus speaks */
export const V1_REGISTRY_VERSION = '0.9.1';

/** headers of cacheable image resources (json, layer, ancestry, files) */
export const IMAGE_CACHE_HEADERS = {
  'Cache-Control': 'public, max-age=31536000',
  'Last-Modified': 'Thu, 01 Jan 1970 00:00:00 GMT',
};

/** headers of docker-registry's JSON answers */
export const NO_CACHE_HEADERS = { 'Cache-Control': 'no-cache', Pragma: 'no-cache', Expires: '-1' };
