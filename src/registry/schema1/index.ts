/** Docker schema1 manifest signing and verification (libtrust pretty JWS). Pure: no I/O. */
export { Schema1SignatureError, isSchema1SignatureError, type Schema1ErrorReason } from './errors';
export { TrustKey } from './trust-key';
export { libtrustKeyId, libtrustKeyIdFromSpki, LIBTRUST_KEY_ID_PATTERN } from './key-id';
export {
  publicJwkOf,
  verificationKeyFromJwk,
  verificationKeyFromCertificate,
  verificationKeyFromKeyObject,
  type EcCurveName,
  type JwsAlgorithm,
  type VerificationKey,
} from './public-key';
export {
  signSchema1,
  parseSignedSchema1,
  verifySchema1,
  isSigned,
  schema1Digest,
  type ParsedSchema1,
  type ParsedSchema1Signature,
  type Schema1ProtectedHeader,
  type SignSchema1Options,
  type VerifiedSchema1,
} from './jws';
export {
  GoRawJson,
  goJsonCompact,
  goJsonIndent,
  goJsonString,
  type GoJsonOptions,
  type GoJsonIndentOptions,
} from './canonical-json';
