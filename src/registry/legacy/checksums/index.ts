/** Checksums and layer formats for the V1 protocol: one streaming pass computes them all. */
export { createLayerInspector, LayerInspector, type LayerContentInspection, type LayerInspection, type LayerInspectorOptions } from './layer-inspector';
export { createDeterministicGzip, DeterministicGzip, DETERMINISTIC_GZIP_HEADER, type DeterministicGzipOptions } from './deterministic-gzip';
export { detectLayerFormat, type LayerFormat } from './layer-format';
export { PayloadChecksum, payloadChecksumOf } from './payload-checksum';
export { TarsumV0 } from './tarsum-v0';
export { createDecompressor } from './decompressor';
export { isLayerContentError, LayerContentError, type LayerContentProblem } from './errors';
