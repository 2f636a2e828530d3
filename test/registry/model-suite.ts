/**
 * The registry model suite, run for every storage driver (zot's backend matrix): uploads,
 * resume, commit, mount, manifests, tags, referrers, deletion and events.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { RegistryError } from '../../src/errors/registry-error';
import { createRegistryModel, parseManifestReference, type RegistryModel } from '../../src/registry/model';
import type { StorageDriver } from '../../src/storage/driver';
import { parseDigest, type ParsedDigest } from '../../src/util/digest';
import { MediaTypes } from '../../src/util/media-types';

export type DriverFactory = () => Promise<{ driver: StorageDriver; cleanup: () => Promise<void> }>;

function digestOf(data: Buffer): ParsedDigest {
  return parseDigest('sha256:' + createHash('sha256').update(data).digest('hex'))!;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(RegistryError);
  await promise.catch((error: RegistryError) => expect(error.code).toBe(code));
}

export function describeRegistryModel(name: string, makeDriver: DriverFactory): void {
  describe(`registry model on ${name}`, () => {
    let driver: StorageDriver;
    let cleanup: () => Promise<void>;
    let model: RegistryModel;

    beforeEach(async () => {
      ({ driver, cleanup } = await makeDriver());
      model = createRegistryModel(driver, { deleteEnabled: true });
    });
    afterEach(async () => cleanup());

    async function pushBlob(repository: string, data: Buffer): Promise<ParsedDigest> {
      const session = await model.startUpload(repository);
      const blob = await model.completeUpload(repository, session.uuid, { expected: digestOf(data), lastChunk: Readable.from([data]) });
      return parseDigest(blob.digest)!;
    }

    async function pushImage(repository: string, tag: string): Promise<{ manifest: Buffer; digest: string; layer: Buffer }> {
      const layer = randomBytes(2048);
      const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
      const layerDigest = await pushBlob(repository, layer);
      const configDigest = await pushBlob(repository, config);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaTypes.ociManifest,
          config: { mediaType: MediaTypes.ociConfig, digest: configDigest.digest, size: config.length },
          layers: [{ mediaType: MediaTypes.ociLayerGzip, digest: layerDigest.digest, size: layer.length }],
        }),
      );
      const result = await model.putManifest(repository, parseManifestReference(tag), manifest, MediaTypes.ociManifest);
      return { manifest, digest: result.digest, layer };
    }

    test('a chunked upload is committed under its digest and linked into the repository', async () => {
      const data = randomBytes(300_000);
      const session = await model.startUpload('library/a');
      await model.appendUpload('library/a', session.uuid, Readable.from([data.subarray(0, 100_000)]), { expectedStart: 0 });
      const status = await model.appendUpload('library/a', session.uuid, Readable.from([data.subarray(100_000)]), { expectedStart: 100_000 });
      expect(status.size).toBe(300_000);
      expect((await model.uploadStatus('library/a', session.uuid)).size).toBe(300_000);
      const blob = await model.completeUpload('library/a', session.uuid, { expected: digestOf(data) });
      expect(blob).toEqual({ digest: digestOf(data).digest, size: 300_000 });
      expect(await readAll(await model.openBlob(digestOf(data)))).toEqual(data);
      await expectCode(model.uploadStatus('library/a', session.uuid), 'BLOB_UPLOAD_UNKNOWN');
    });

    test('an out-of-order chunk is refused with RANGE_INVALID and the session keeps its bytes', async () => {
      const session = await model.startUpload('library/a');
      await model.appendUpload('library/a', session.uuid, Readable.from([Buffer.from('hello')]), { expectedStart: 0 });
      await expectCode(model.appendUpload('library/a', session.uuid, Readable.from([Buffer.from('x')]), { expectedStart: 0 }), 'RANGE_INVALID');
      expect((await model.uploadStatus('library/a', session.uuid)).size).toBe(5);
    });

    test('a digest mismatch stores nothing and ends the session', async () => {
      const data = Buffer.from('some bytes');
      const wrong = digestOf(Buffer.from('other bytes'));
      const session = await model.startUpload('library/a');
      await expectCode(model.completeUpload('library/a', session.uuid, { expected: wrong, lastChunk: Readable.from([data]) }), 'DIGEST_INVALID');
      await expectCode(model.statBlob('library/a', digestOf(data)), 'BLOB_UNKNOWN');
      await expectCode(model.statBlob('library/a', wrong), 'BLOB_UNKNOWN');
      await expectCode(model.uploadStatus('library/a', session.uuid), 'BLOB_UPLOAD_UNKNOWN');
    });

    test('an upload survives a restart: a new model over the same storage completes it', async () => {
      const data = randomBytes(70_000);
      const session = await model.startUpload('library/a');
      await model.appendUpload('library/a', session.uuid, Readable.from([data.subarray(0, 30_000)]));
      const restarted = createRegistryModel(driver, { deleteEnabled: true });
      expect((await restarted.uploadStatus('library/a', session.uuid)).size).toBe(30_000);
      await restarted.appendUpload('library/a', session.uuid, Readable.from([data.subarray(30_000)]), { expectedStart: 30_000 });
      const blob = await restarted.completeUpload('library/a', session.uuid, { expected: digestOf(data) });
      expect(blob.digest).toBe(digestOf(data).digest);
      expect(await readAll(await restarted.openBlob(digestOf(data)))).toEqual(data);
    });

    test('an aborted chunk discards the whole session', async () => {
      const session = await model.startUpload('library/a');
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1000, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(model.appendUpload('library/a', session.uuid, failing)).rejects.toThrow('client went away');
      await expectCode(model.uploadStatus('library/a', session.uuid), 'BLOB_UPLOAD_UNKNOWN');
    });

    test('cancel removes the session', async () => {
      const session = await model.startUpload('library/a');
      await model.appendUpload('library/a', session.uuid, Readable.from([Buffer.from('abc')]));
      await model.cancelUpload('library/a', session.uuid);
      await expectCode(model.uploadStatus('library/a', session.uuid), 'BLOB_UPLOAD_UNKNOWN');
      await expectCode(model.cancelUpload('library/a', session.uuid), 'BLOB_UPLOAD_UNKNOWN');
    });

    test('blobs are stored once and visible only in repositories they are linked into', async () => {
      const data = Buffer.from('shared layer');
      await pushBlob('team/one', data);
      await expectCode(model.statBlob('team/two', digestOf(data)), 'BLOB_UNKNOWN');
      expect(await model.mountBlob('team/one', 'team/two', digestOf(data))).toEqual({ digest: digestOf(data).digest, size: data.length });
      expect((await model.statBlob('team/two', digestOf(data))).size).toBe(data.length);
      expect(await model.mountBlob('team/three', 'team/four', digestOf(Buffer.from('absent')))).toBeUndefined();
      await pushBlob('team/five', data);
      await model.deleteBlob('team/one', digestOf(data));
      await expectCode(model.statBlob('team/one', digestOf(data)), 'BLOB_UNKNOWN');
      expect((await model.statBlob('team/five', digestOf(data))).size).toBe(data.length);
    });

    test('a sha512 upload is verified with sha512', async () => {
      const data = randomBytes(1000);
      const expected = parseDigest('sha512:' + createHash('sha512').update(data).digest('hex'))!;
      const session = await model.startUpload('library/a', 'sha512');
      const blob = await model.completeUpload('library/a', session.uuid, { expected, lastChunk: Readable.from([data]) });
      expect(blob.digest).toBe(expected.digest);
    });

    test('manifests are stored byte for byte, tagged, listed and found by tag and digest', async () => {
      const events: string[] = [];
      model.events.on('tag.set', (e) => events.push(`set ${e.repository}:${e.tag}`));
      model.events.on('tag.deleted', (e) => events.push(`deleted ${e.repository}:${e.tag}`));
      const image = await pushImage('library/app', 'v1');
      const byTag = await model.getManifest('library/app', parseManifestReference('v1'));
      expect(byTag.bytes).toEqual(image.manifest);
      expect(byTag.mediaType).toBe(MediaTypes.ociManifest);
      expect(byTag.digest).toBe(digestOf(image.manifest).digest);
      const byDigest = await model.getManifest('library/app', parseManifestReference(image.digest));
      expect(byDigest.bytes).toEqual(image.manifest);
      await model.setTag('library/app', 'latest', parseDigest(image.digest)!);
      expect((await model.listTags('library/app')).items).toEqual(['latest', 'v1']);
      expect((await model.listTags('library/app', 1)).next).toBe('latest');
      expect((await model.listRepositories()).items).toEqual(['library/app']);
      await model.deleteManifest('library/app', parseManifestReference(image.digest));
      expect((await model.listTags('library/app')).items).toEqual([]);
      await expectCode(model.getManifest('library/app', parseManifestReference('v1')), 'MANIFEST_UNKNOWN');
      expect(events).toEqual(['set library/app:v1', 'set library/app:latest', 'deleted library/app:latest', 'deleted library/app:v1']);
    });

    test('manifests referencing missing blobs or manifests are refused', async () => {
      const missing = digestOf(Buffer.from('nothing'));
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaTypes.schema2,
          config: { mediaType: MediaTypes.dockerConfig, digest: missing.digest, size: 7 },
          layers: [],
        }),
      );
      await expectCode(model.putManifest('library/x', parseManifestReference('1'), manifest, MediaTypes.schema2), 'MANIFEST_BLOB_UNKNOWN');
      const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [{ mediaType: MediaTypes.ociManifest, digest: missing.digest, size: 7 }] }));
      await expectCode(model.putManifest('library/x', parseManifestReference('1'), index, MediaTypes.ociIndex), 'MANIFEST_BLOB_UNKNOWN');
      await expectCode(model.putManifest('library/x', parseManifestReference('1'), Buffer.from('{nope'), MediaTypes.schema2), 'MANIFEST_INVALID');
      await expectCode(model.putManifest('library/x', parseManifestReference('1'), manifest, MediaTypes.ociManifest), 'MANIFEST_INVALID');
      expect((await model.listRepositories()).items).toEqual([]);
    });

    test('a manifest put by digest must hash to that digest', async () => {
      const image = await pushImage('library/app', 'v1');
      const other = digestOf(Buffer.from('x'));
      await expectCode(model.putManifest('library/app', { kind: 'digest', digest: other }, image.manifest, MediaTypes.ociManifest), 'DIGEST_INVALID');
    });

    test('referrers are indexed by subject and filtered by artifact type', async () => {
      const image = await pushImage('library/app', 'v1');
      const empty = Buffer.from('{}');
      const emptyDigest = await pushBlob('library/app', empty);
      const artifact = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaTypes.ociManifest,
          artifactType: 'application/vnd.example.sbom',
          config: { mediaType: MediaTypes.ociEmpty, digest: emptyDigest.digest, size: 2 },
          layers: [],
          subject: { mediaType: MediaTypes.ociManifest, digest: image.digest, size: image.manifest.length },
          annotations: { 'org.example': 'yes' },
        }),
      );
      const put = await model.putManifest('library/app', { kind: 'digest', digest: digestOf(artifact) }, artifact, MediaTypes.ociManifest);
      expect(put.subject).toBe(image.digest);
      const referrers = await model.referrers('library/app', parseDigest(image.digest)!);
      expect(referrers).toEqual([
        { mediaType: MediaTypes.ociManifest, digest: put.digest, size: artifact.length, artifactType: 'application/vnd.example.sbom', annotations: { 'org.example': 'yes' } },
      ]);
      expect(await model.referrers('library/app', parseDigest(image.digest)!, 'application/other')).toEqual([]);
      await model.deleteManifest('library/app', { kind: 'digest', digest: digestOf(artifact) });
      expect(await model.referrers('library/app', parseDigest(image.digest)!)).toEqual([]);
    });

    test('deletion can be disabled', async () => {
      const readOnlyDeletes = createRegistryModel(driver, { deleteEnabled: false });
      await expectCode(readOnlyDeletes.deleteManifest('library/app', parseManifestReference('v1')), 'UNSUPPORTED');
    });

    test('invalid names are refused before touching storage', async () => {
      await expectCode(model.startUpload('../etc'), 'NAME_INVALID');
      await expectCode(model.listTags('UPPER/case'), 'NAME_INVALID');
    });
  });
}
