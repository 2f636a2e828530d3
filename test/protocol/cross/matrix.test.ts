/**
 * The protocol matrix (Quay's pattern): every scenario for every pusher × puller pair over one
 * Janus. An image pushed over V1, schema1, schema2 or OCI must pull over all four with the same
 * layer contents (after decompression) and the same image config fields.
 */
import { startTestRegistry, type TestRegistry } from '../../helpers/test-registry';
import { configFieldsOf, makeAbstractImage, sha256Of, type AbstractImage } from './helpers/abstract-image';
import { distributionV1Ids } from './helpers/derived-ids';
import {
  expectFailure,
  FAILURE_CODES,
  OciClient,
  PROTOCOLS,
  protocolClient,
  V2Schema2Client,
  type ProtocolClient,
  type ProtocolName,
  type PulledImage,
} from './helpers/protocol-clients';

const PAIRS: [ProtocolName, ProtocolName][] = PROTOCOLS.flatMap((pusher) => PROTOCOLS.map((puller): [ProtocolName, ProtocolName] => [pusher, puller]));

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
});
afterAll(async () => registry.stop());

let repoCounter = 0;
function freshRepo(label: string): string {
  return `cross/${label}-${++repoCounter}`;
}

/** layers compared by digest first (readable diffs), then byte for byte */
function expectSameImage(pulled: PulledImage, image: AbstractImage): void {
  expect(pulled.layers.map((layer) => sha256Of(layer))).toEqual(image.layers.map((layer) => sha256Of(layer.tar)));
  pulled.layers.forEach((layer, index) => expect(layer.equals(image.layers[index]!.tar)).toBe(true));
  expect(pulled.config).toEqual(configFieldsOf(image));
}

describe.each(PAIRS)('%s push → %s pull', (pusherName, pullerName) => {
  let pusher: ProtocolClient;
  let puller: ProtocolClient;
  const repo = (scenario: string) => freshRepo(`${pusherName}-to-${pullerName}-${scenario}`);

  beforeAll(() => {
    pusher = protocolClient(pusherName, registry.url);
    puller = protocolClient(pullerName, registry.url);
  });

  test('push then pull: identical layers after decompression, config fields kept', async () => {
    const name = repo('roundtrip');
    const image = await makeAbstractImage({ layerCount: 3 });
    const pushed = await pusher.push(name, 'latest', image);
    expect(pushed.uploaded).toBeGreaterThan(0);
    const pulled = await puller.pull(name, 'latest');
    expectSameImage(pulled, image);

    if ((pusherName === 'v1' || pusherName === 'v2-schema1') && (pullerName === 'v1' || pullerName === 'v2-schema1')) {
      // the V1 ids a V1 or schema1 client chose survive: V1 tag PUT keeps them in the schema1 history
      expect(pulled.ids).toEqual(pushed.v1Ids);
    }
    if (pusherName === pullerName && pusherName !== 'v1') {
      // a pushed manifest is served byte for byte
      expect(pulled.manifestDigest).toBe(pushed.manifestDigest);
    }
    if (pullerName === 'v2-schema1') {
      expect(pulled.mediaType).toBe('application/vnd.docker.distribution.manifest.v1+prettyjws');
    }
  });

  test('re-push of the same image: no error, everything skipped, the pull is unchanged', async () => {
    const name = repo('repush');
    const image = await makeAbstractImage();
    const first = await pusher.push(name, 'latest', image);
    const second = await pusher.push(name, 'latest', image);
    expect(second.uploaded).toBe(0);
    expect(second.skipped).toBe(first.uploaded + first.skipped);
    if (pusherName === 'v1') {
      expect(second.messages).toEqual(first.v1Ids!.map((id) => `Image ${id.slice(0, 12)} already pushed, skipping`));
    } else {
      expect(second.manifestDigest).toBe(first.manifestDigest);
    }
    expectSameImage(await puller.pull(name, 'latest'), image);
  });

  test('tag move: pushing B over tag t shows B to the puller', async () => {
    const name = repo('move');
    const imageA = await makeAbstractImage();
    const imageB = await makeAbstractImage({ layerCount: 3 });
    await pusher.push(name, 't', imageA);
    expectSameImage(await puller.pull(name, 't'), imageA);
    await pusher.push(name, 't', imageB);
    expectSameImage(await puller.pull(name, 't'), imageB);
  });

  test(`tag delete over ${pusherName}: the puller sees the tag gone at once, other tags stay`, async () => {
    const name = repo('delete');
    const image = await makeAbstractImage();
    await pusher.push(name, 'keep', image);
    await pusher.push(name, 'gone', image);
    expectSameImage(await puller.pull(name, 'gone'), image);
    await pusher.deleteTag(name, 'gone');
    await expectFailure(puller.pull(name, 'gone'), puller, 'UNKNOWN_TAG');
    expectSameImage(await puller.pull(name, 'keep'), image);
  });

  test(`unknown tag: ${JSON.stringify(FAILURE_CODES[pullerName].UNKNOWN_TAG)}`, async () => {
    const name = repo('unknown-tag');
    await pusher.push(name, 'latest', await makeAbstractImage({ layerCount: 1 }));
    await expectFailure(puller.pull(name, 'missing'), puller, 'UNKNOWN_TAG');
  });

  test(`unknown layer: ${JSON.stringify(FAILURE_CODES[pullerName].UNKNOWN_BLOB)}`, async () => {
    const name = repo('unknown-layer');
    await pusher.push(name, 'latest', await makeAbstractImage({ layerCount: 1 }));
    await expectFailure(puller.fetchLayer(name, puller.unknownLayerReference()), puller, 'UNKNOWN_BLOB');
  });
});

describe.each(PROTOCOLS)('%s pull of a repository nobody pushed', (pullerName) => {
  test(`fails with ${JSON.stringify(FAILURE_CODES[pullerName].UNKNOWN_REPOSITORY)}`, async () => {
    const puller = protocolClient(pullerName, registry.url);
    await expectFailure(puller.pull(freshRepo('never-pushed'), 'latest'), puller, 'UNKNOWN_REPOSITORY');
  });
});

describe.each(['v2-schema2', 'oci'] as const)('%s-pushed image seen by Docker 1.x (V1 and schema1)', (pusherName) => {
  test('V1 ancestry and schema1 history carry the same ids, derived from content as distribution does', async () => {
    const name = freshRepo(`${pusherName}-derived-ids`);
    const image = await makeAbstractImage({ layerCount: 3 });
    const pusher = pusherName === 'oci' ? new OciClient(registry.url) : new V2Schema2Client(registry.url);
    await pusher.push(name, 'latest', image);
    const built = pusher.build(image);
    const [config, ...layers] = built.blobs;
    const expected = distributionV1Ids(config!, layers.map((layer) => sha256Of(layer)));

    const overV1 = await protocolClient('v1', registry.url).pull(name, 'latest');
    const overSchema1 = await protocolClient('v2-schema1', registry.url).pull(name, 'latest');
    expect(overV1.ids).toEqual(overSchema1.ids);
    expect(overV1.ids).toEqual(expected);
    // a second pull sees the very same ids (Docker 1.x would otherwise re-download)
    expect((await protocolClient('v1', registry.url).pull(name, 'latest')).ids).toEqual(overV1.ids);
  });
});

describe.each(['v2-schema2', 'oci'] as const)('multi-platform index pushed over %s', (pusherName) => {
  test.each(PROTOCOLS)('%s pull sees the linux/amd64 entry', async (pullerName) => {
    const name = freshRepo(`${pusherName}-index-to-${pullerName}`);
    const amd64 = await makeAbstractImage({ layerCount: 2 });
    const arm64 = await makeAbstractImage({ layerCount: 1, architecture: 'arm64' });
    const pusher = pusherName === 'oci' ? new OciClient(registry.url) : new V2Schema2Client(registry.url);
    const { entries } = await pusher.pushIndex(name, 'multi', [arm64, amd64]);
    const pulled = await protocolClient(pullerName, registry.url).pull(name, 'multi');
    expectSameImage(pulled, amd64);
    // a puller that reads the entry's own type gets it as pushed; a Docker-only puller of an OCI
    // entry gets its schema2 form (same config and layers, other digest)
    const readsEntryAsPushed = pullerName === pusherName || pullerName === 'oci';
    if (readsEntryAsPushed) expect(pulled.manifestDigest).toBe(entries[1]!.digest);
    else if (pullerName === 'v2-schema2') expect(pulled.manifestDigest).not.toBe(entries[1]!.digest);
  });
});
