/**
 * The four protocol clients of the cross matrix over one abstract image, and each protocol's
 * FAILURE_CODES table.
 */
import type { FailureCodes, ProtocolClient, ProtocolName } from './protocol-client';
import { V1_FAILURE_CODES, V1ProtocolClient } from './v1-protocol-client';
import { OciClient, V2Schema2Client } from './v2-image-clients';
import { V2_FAILURE_CODES } from './v2-protocol-base';
import { V2Schema1Client } from './v2-schema1-client';

export type { ProtocolClient, ProtocolName, Failure, PulledImage, PushOutcome } from './protocol-client';
export { expectFailure, ProtocolFailure } from './protocol-client';
export { V1ProtocolClient } from './v1-protocol-client';
export { V2Schema1Client } from './v2-schema1-client';
export { OciClient, V2Schema2Client } from './v2-image-clients';

export const PROTOCOLS: readonly ProtocolName[] = ['v1', 'v2-schema1', 'v2-schema2', 'oci'];

export const FAILURE_CODES: Readonly<Record<ProtocolName, FailureCodes>> = {
  v1: V1_FAILURE_CODES,
  'v2-schema1': V2_FAILURE_CODES,
  'v2-schema2': V2_FAILURE_CODES,
  oci: V2_FAILURE_CODES,
};

export function protocolClient(name: ProtocolName, baseUrl: string): ProtocolClient {
  switch (name) {
    case 'v1':
      return new V1ProtocolClient(baseUrl);
    case 'v2-schema1':
      return new V2Schema1Client(baseUrl);
    case 'v2-schema2':
      return new V2Schema2Client(baseUrl);
    case 'oci':
      return new OciClient(baseUrl);
  }
}
