/**
 * Converted manifests and derived V1 ids must be byte-stable: the same on every request and
 * after a restart over the same storage (v2-and-conversion.md §5), or by-digest pulls, caches
 * and Docker 1.x image reuse break.
 */
import { sha256Of, makeAbstractImage, type AbstractImage } from './helpers/abstract-image';
import { distributionV1Ids } from './helpers/derived-ids';
import { makeRegistryRoot, removeRegistryRoot, startRegistryOver, type RunningRegistry } from './helpers/restartable-registry';
import { headerOf, send, type RawResponse } from './helpers/raw-http';
import { checkSignedSchema1 } from './helpers/schema1-check';
import { OciClient, V1ProtocolClient, V2Schema2Client } from './helpers/protocol-clients';
import { V2Types } from './helpers/v2-protocol-base';

const SCHEMA1_ONLY = [V2Types.schema1Signed, V2Types.schema1];

interface Observation {
  readonly status: number;
  readonly contentType?: string;
  readonly digest?: string;
  readonly bytesSha256: string;
  readonly length: number;
}

function observe(response: RawResponse): Observation {
  return {
    status: response.status,
    contentType: headerOf(response, 'content-type'),
    digest: headerOf(response, 'docker-content-digest'),
    bytesSha256: sha256Of(response.body),
    length: response.body.length,
  };
}

function getManifest(registry: RunningRegistry, repo: string, reference: string, accept?: readonly string[]): Promise<RawResponse> {
  return send(`${registry.url}/v2/${repo}/manifests/${reference}`, { headers: accept ? { Accept: accept.join(', ') } : {} });
}

/** the same request now, again, and on a restarted registry: all answers identical */
async function expectStableAcrossRestart(
  session: { registry: RunningRegistry; restart(): Promise<void> },
  request: (registry: RunningRegistry) => Promise<RawResponse>,
): Promise<RawResponse> {
  const first = await request(session.registry);
  expect(first.status).toBe(200);
  const again = await request(session.registry);
  expect(observe(again)).toEqual(observe(first));
  expect(again.body.equals(first.body)).toBe(true);
  await session.restart();
  const restarted = await request(session.registry);
  expect(observe(restarted)).toEqual(observe(first));
  expect(restarted.body.equals(first.body)).toBe(true);
  return first;
}

describe('digest stability across requests and restarts (filesystem storage)', () => {
  let rootDir: string;
  const session = {
    registry: undefined as unknown as RunningRegistry,
    async restart(): Promise<void> {
      await this.registry.stop();
      this.registry = await startRegistryOver(rootDir);
    },
  };

  beforeEach(async () => {
    rootDir = await makeRegistryRoot();
    session.registry = await startRegistryOver(rootDir);
  });
  afterEach(async () => {
    await session.registry.stop();
    await removeRegistryRoot(rootDir);
  });

  describe('an image pushed over V1', () => {
    let image: AbstractImage;
    let v1Ids: readonly string[];
    const repo = 'cross/stable-v1';

    beforeEach(async () => {
      image = await makeAbstractImage({ layerCount: 3 });
      v1Ids = (await new V1ProtocolClient(session.registry.url).push(repo, 'latest', image)).v1Ids!;
    });

    test('schema2 by tag (Accept: schema2): same digest and bytes twice and after a restart', async () => {
      const answer = await expectStableAcrossRestart(session, (registry) => getManifest(registry, repo, 'latest', [V2Types.schema2]));
      expect(headerOf(answer, 'content-type')).toBe(V2Types.schema2);
      expect(headerOf(answer, 'docker-content-digest')).toBe(sha256Of(answer.body));
      // and by that digest, the very same bytes
      const byDigest = await getManifest(session.registry, repo, sha256Of(answer.body), [V2Types.schema2]);
      expect(byDigest.status).toBe(200);
      expect(byDigest.body.equals(answer.body)).toBe(true);
    });

    test('signed schema1 with no Accept: same digest and bytes twice and after a restart, history keeps the V1 ids', async () => {
      const answer = await expectStableAcrossRestart(session, (registry) => getManifest(registry, repo, 'latest'));
      expect(headerOf(answer, 'content-type')).toBe(V2Types.schema1Signed);
      const checked = checkSignedSchema1(answer.body);
      expect(headerOf(answer, 'docker-content-digest')).toBe(checked.digest);
      expect(checked.manifest.name).toBe(repo);
      expect(checked.manifest.tag).toBe('latest');
      expect(checked.entries.map((entry) => entry.id).reverse()).toEqual(v1Ids);
      // the original V1 JSON, exactly as uploaded
      expect(checked.manifest.history.map((entry) => entry.v1Compatibility)).toHaveLength(image.layers.length);
    });

    test('Accept: only the schema1 types gives the same schema1 as no Accept', async () => {
      const none = await getManifest(session.registry, repo, 'latest');
      const schema1Only = await getManifest(session.registry, repo, 'latest', SCHEMA1_ONLY);
      expect(observe(schema1Only)).toEqual(observe(none));
    });

    test('the schema1 is also served by its digest (it is stored, not regenerated)', async () => {
      const byTag = await getManifest(session.registry, repo, 'latest');
      const digest = headerOf(byTag, 'docker-content-digest')!;
      await session.restart();
      const byDigest = await getManifest(session.registry, repo, digest, SCHEMA1_ONLY);
      expect(byDigest.status).toBe(200);
      expect(byDigest.body.equals(byTag.body)).toBe(true);
      expect(headerOf(byDigest, 'docker-content-digest')).toBe(digest);
    });
  });

  describe.each(['v2-schema2', 'oci'] as const)('an image pushed over %s', (pusherName) => {
    const repo = `cross/stable-${pusherName}`;
    let configBytes: Buffer;
    let layerDigests: string[];

    beforeEach(async () => {
      const image = await makeAbstractImage({ layerCount: 3 });
      const pusher = pusherName === 'oci' ? new OciClient(session.registry.url) : new V2Schema2Client(session.registry.url);
      await pusher.push(repo, 'latest', image);
      const [config, ...layers] = pusher.build(image).blobs;
      configBytes = config!;
      layerDigests = layers.map((layer) => sha256Of(layer));
    });

    test('converted schema1 by tag (Accept: only schema1): same digest and bytes twice and after a restart', async () => {
      const answer = await expectStableAcrossRestart(session, (registry) => getManifest(registry, repo, 'latest', SCHEMA1_ONLY));
      expect(headerOf(answer, 'content-type')).toBe(V2Types.schema1Signed);
      const checked = checkSignedSchema1(answer.body);
      expect(headerOf(answer, 'docker-content-digest')).toBe(checked.digest);
      expect(checked.manifest.tag).toBe('latest');
      expect(checked.manifest.fsLayers.map((layer) => layer.blobSum).reverse()).toEqual(layerDigests);
      expect(checked.entries.map((entry) => entry.id).reverse()).toEqual(distributionV1Ids(configBytes, layerDigests));
    });

    test('converted schema1 with no Accept equals the Accept-schema1-only answer', async () => {
      const schema1Only = await getManifest(session.registry, repo, 'latest', SCHEMA1_ONLY);
      const none = await getManifest(session.registry, repo, 'latest');
      expect(observe(none)).toEqual(observe(schema1Only));
    });

    test('V1 ids (tags/<tag>, ancestry, image json) are identical after a restart', async () => {
      const v1View = async (registry: RunningRegistry) => {
        const tag = await send(`${registry.url}/v1/repositories/${repo}/tags/latest`);
        expect(tag.status).toBe(200);
        const id = JSON.parse(tag.body.toString('utf8')) as string;
        const ancestry = await send(`${registry.url}/v1/images/${id}/ancestry`);
        expect(ancestry.status).toBe(200);
        const ids = JSON.parse(ancestry.body.toString('utf8')) as string[];
        const jsons = await Promise.all(ids.map(async (ancestor) => observe(await send(`${registry.url}/v1/images/${ancestor}/json`))));
        return { id, ids, jsons };
      };
      const before = await v1View(session.registry);
      expect(before.ids).toEqual([...distributionV1Ids(configBytes, layerDigests)].reverse());
      expect(await v1View(session.registry)).toEqual(before);
      await session.restart();
      expect(await v1View(session.registry)).toEqual(before);
    });
  });
});
