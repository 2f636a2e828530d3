/**
 * What docker 1.6/1.7 check on a schema1 manifest they pull, written independently of the
 * registry's own libtrust code: every signature verifies against its JWK over
 * `protected.base64url(payload)`, and the payload is the document cut at formatLength plus
 * formatTail. Then the docker 1.10 structure checks (v1-and-conversion.md §3.4).
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { sha256Of } from './abstract-image';

export interface Schema1Document {
  readonly schemaVersion: number;
  readonly name: string;
  readonly tag: string;
  readonly architecture: string;
  readonly fsLayers: readonly { readonly blobSum: string }[];
  readonly history: readonly { readonly v1Compatibility: string }[];
}

export interface CheckedSchema1 {
  readonly payload: Buffer;
  /** sha256 of the payload */
  readonly digest: string;
  readonly manifest: Schema1Document;
  /** v1Compatibility of each entry, parsed, top first */
  readonly entries: readonly Record<string, unknown>[];
}

interface SignatureEntry {
  readonly header: { readonly jwk?: JsonWebKey & { kid?: string }; readonly alg: string };
  readonly signature: string;
  readonly protected: string;
}

const HEX64 = /^[a-f0-9]{64}$/;

export function checkSignedSchema1(bytes: Buffer): CheckedSchema1 {
  const document = JSON.parse(bytes.toString('utf8')) as { signatures?: SignatureEntry[] };
  const signatures = document.signatures;
  if (!Array.isArray(signatures) || signatures.length === 0) throw new Error('schema1 has no signatures (docker 1.6: "error parsing payload")');
  let payload: Buffer | undefined;
  for (const [index, signature] of signatures.entries()) {
    const header = JSON.parse(Buffer.from(signature.protected, 'base64url').toString('utf8')) as { formatLength: number; formatTail: string };
    const candidate = Buffer.concat([bytes.subarray(0, header.formatLength), Buffer.from(header.formatTail, 'base64url')]);
    if (payload && !payload.equals(candidate)) throw new Error(`signature ${index} covers a different payload`);
    payload = candidate;
    const jwk = signature.header.jwk;
    if (!jwk) throw new Error(`signature ${index} carries no JWK`);
    const { kid: _kid, ...keyFields } = jwk;
    const key = createPublicKey({ key: keyFields, format: 'jwk' });
    const input = Buffer.from(`${signature.protected}.${candidate.toString('base64url')}`, 'utf8');
    const raw = Buffer.from(signature.signature, 'base64url');
    const ok =
      signature.header.alg.startsWith('ES')
        ? verify(`sha${signature.header.alg.slice(2)}`, input, { key, dsaEncoding: 'ieee-p1363' }, raw)
        : verify(`sha${signature.header.alg.slice(2)}`, input, key, raw);
    if (!ok) throw new Error(`signature ${index} (${signature.header.alg}) does not verify`);
  }
  const manifest = JSON.parse(payload!.toString('utf8')) as Schema1Document;
  const entries = checkSchema1Structure(manifest);
  return { payload: payload!, digest: sha256Of(payload!), manifest, entries };
}

/** docker 1.10's checks: same lengths, 64-hex ids, each parent is the next entry's id, base has none */
export function checkSchema1Structure(manifest: Schema1Document): Record<string, unknown>[] {
  if (manifest.schemaVersion !== 1) throw new Error(`schemaVersion ${manifest.schemaVersion}`);
  if (manifest.fsLayers.length === 0 || manifest.fsLayers.length !== manifest.history.length) {
    throw new Error(`fsLayers (${manifest.fsLayers.length}) and history (${manifest.history.length}) disagree`);
  }
  const entries = manifest.history.map((entry) => JSON.parse(entry.v1Compatibility) as Record<string, unknown>);
  entries.forEach((entry, index) => {
    if (typeof entry.id !== 'string' || !HEX64.test(entry.id)) throw new Error(`history ${index} has id ${String(entry.id)}`);
    const below = entries[index + 1];
    if (below ? entry.parent !== below.id : entry.parent !== undefined && entry.parent !== '') {
      throw new Error(`history ${index}: parent ${String(entry.parent)} is not the next entry's id ${String(below?.id)}`);
    }
  });
  return entries;
}
