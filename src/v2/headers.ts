/** Header names of the V2 protocol. */
export const V2Headers = {
  apiVersion: 'Docker-Distribution-API-Version',
  contentDigest: 'Docker-Content-Digest',
  uploadUuid: 'Docker-Upload-UUID',
  ociSubject: 'OCI-Subject',
  ociFiltersApplied: 'OCI-Filters-Applied',
} as const;

export const API_VERSION_VALUE = 'registry/2.0';
