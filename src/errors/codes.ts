/**
 * The one catalogue of registry error codes. Each protocol renders a RegistryError with the
 * status and wording it needs: V2 as {"errors":[{code,message,detail}]}, V1 as {"error": message}.
 */
export interface ErrorCodeDescriptor {
  /** the OCI / distribution code string */
  readonly code: string;
  readonly message: string;
  readonly v2Status: number;
  readonly v1Status: number;
  /** the V1 wording (docker-registry's texts clients match on) */
  readonly v1Message: string;
}

function describe(code: string, message: string, v2Status: number, v1Status = v2Status, v1Message = message): ErrorCodeDescriptor {
  return { code, message, v2Status, v1Status, v1Message };
}

function v1Only(code: string, status: number, message: string): ErrorCodeDescriptor {
  return { code, message, v2Status: status, v1Status: status, v1Message: message };
}

export const ErrorCodes = {
  BLOB_UNKNOWN: describe('BLOB_UNKNOWN', 'blob unknown to registry', 404, 404, 'Image not found'),
  BLOB_UPLOAD_INVALID: describe('BLOB_UPLOAD_INVALID', 'blob upload invalid', 404, 400),
  BLOB_UPLOAD_UNKNOWN: describe('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', 404),
  DIGEST_INVALID: describe('DIGEST_INVALID', 'provided digest did not match uploaded content', 400, 400, 'Checksum mismatch'),
  MANIFEST_BLOB_UNKNOWN: describe('MANIFEST_BLOB_UNKNOWN', 'manifest references a manifest or blob unknown to registry', 400),
  MANIFEST_INVALID: describe('MANIFEST_INVALID', 'manifest invalid', 400),
  MANIFEST_UNKNOWN: describe('MANIFEST_UNKNOWN', 'manifest unknown to registry', 404, 404, 'Tag not found'),
  MANIFEST_UNVERIFIED: describe('MANIFEST_UNVERIFIED', 'manifest failed signature verification', 400),
  NAME_INVALID: describe('NAME_INVALID', 'invalid repository name', 400, 400, 'Invalid repository name'),
  NAME_UNKNOWN: describe('NAME_UNKNOWN', 'repository name not known to registry', 404, 404, 'Repository not found'),
  SIZE_INVALID: describe('SIZE_INVALID', 'provided length did not match content length', 400),
  TAG_INVALID: describe('TAG_INVALID', 'manifest tag did not match URI', 400),
  PAGINATION_NUMBER_INVALID: describe('PAGINATION_NUMBER_INVALID', 'invalid number of results requested', 400),
  RANGE_INVALID: describe('RANGE_INVALID', 'invalid content range', 416),
  UNAUTHORIZED: describe('UNAUTHORIZED', 'authentication required', 401, 401, 'Requires authorization'),
  DENIED: describe('DENIED', 'requested access to the resource is denied', 403),
  UNSUPPORTED: describe('UNSUPPORTED', 'The operation is unsupported.', 405),
  TOOMANYREQUESTS: describe('TOOMANYREQUESTS', 'too many requests', 429),
  UNAVAILABLE: describe('UNAVAILABLE', 'service unavailable', 503),
  PAYLOAD_TOO_LARGE: describe('MANIFEST_INVALID', 'payload too large', 413),
  NOT_FOUND: describe('NOT_FOUND', 'not found', 404),
  // V1-only conditions, with docker-registry's exact wording (clients match some of these texts)
  IMAGE_ID_INVALID: v1Only('IMAGE_ID_INVALID', 404, 'Invalid image ID'),
  IMAGE_UNKNOWN: v1Only('IMAGE_UNKNOWN', 404, 'Image not found'),
  IMAGE_EXISTS: v1Only('IMAGE_EXISTS', 409, 'Image already exists'),
  IMAGE_UPLOADING: v1Only('IMAGE_UPLOADING', 400, 'Image is being uploaded, retry later'),
  IMAGE_JSON_INVALID: v1Only('IMAGE_JSON_INVALID', 400, 'Invalid JSON'),
  IMAGE_PARENT_UNKNOWN: v1Only('IMAGE_PARENT_UNKNOWN', 400, 'Image depends on a non existing parent'),
  CHECKSUM_MISMATCH: v1Only('CHECKSUM_MISMATCH', 400, 'Checksum mismatch'),
  CHECKSUM_NOT_SETTABLE: v1Only('CHECKSUM_NOT_SETTABLE', 409, 'Cannot set this image checksum'),
  CHECKSUM_PAYLOAD_MISSING: v1Only(
    'CHECKSUM_PAYLOAD_MISSING',
    412,
    'X-Docker-Checksum-Payload not set.  If you are using the Docker daemon, you should upgrade to version 0.10 or later',
  ),
  CHECKSUM_EMPTY: v1Only('CHECKSUM_EMPTY', 400, "Missing Image's checksum"),
  LAYER_MISSING: v1Only('LAYER_MISSING', 400, 'Image layer not uploaded'),
  DIFF_DISABLED: v1Only('DIFF_DISABLED', 400, 'Diff queue is disabled'),
  LAYER_UNREADABLE: v1Only('LAYER_UNREADABLE', 400, 'Layer format not supported'),
  TAG_UNKNOWN: v1Only('TAG_UNKNOWN', 404, 'Tag not found'),
  DATA_INVALID: v1Only('DATA_INVALID', 400, 'Invalid data'),
  JSON_UNDECODABLE: v1Only('JSON_UNDECODABLE', 400, 'Error Decoding JSON'),
  INDEX_IMAGES_UNKNOWN: v1Only('INDEX_IMAGES_UNKNOWN', 404, 'images not found'),
  UNKNOWN: describe('UNKNOWN', 'unknown error', 500, 500, 'Internal error'),
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;
