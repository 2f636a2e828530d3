/**
 * Why a layer's content could not be inspected. The raw bytes are still fine to store (the
 * Python registry never looked inside a layer); only the derived values (diff_id, tarsum) are
 * missing. V1 renders these as 400 "Layer format not supported", the Python wording.
 */
import { RegistryError } from '../../../errors/registry-error';

export type LayerContentProblem = 'corrupt-compression' | 'unsupported-compression' | 'invalid-tar';

export class LayerContentError extends RegistryError {
  constructor(
    readonly problem: LayerContentProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('BLOB_UPLOAD_INVALID', message, { problem }, { cause: options?.cause, v1Message: 'Layer format not supported', v1Status: 400 });
    this.name = 'LayerContentError';
  }
}

export function isLayerContentError(error: unknown): error is LayerContentError {
  return error instanceof LayerContentError;
}
