import { V1Client, V1ClientError, VARIANTS } from '../../protocol/helpers/v1-client';
import { buildImageChain, type V1TestImage } from '../../protocol/helpers/v1-images';
import { FakeV1Registry, type ArrivedRequest } from './fake-v1-registry';

const line = (r: ArrivedRequest): string => `${r.method} ${r.path} ${r.status}`;

describe('scripted V1 client against a fake docker-registry 0.9.1', () => {
  let registry: FakeV1Registry;
  let baseUrl: string;
  let chain: V1TestImage[];

  beforeAll(async () => {
    chain = await buildImageChain({ length: 3 });
  });

  beforeEach(async () => {
    registry = new FakeV1Registry();
    baseUrl = await registry.start();
  });

  afterEach(async () => {
    await registry.stop();
  });

  it('docker-1.3 push: ping, index PUT, then check, push and tag one image at a time', async () => {
    const client = new V1Client(baseUrl, 'docker-1.3');
    const result = await client.push('ns/app', chain, 'v1');
    const [a, b, c] = chain.map((image) => image.id);

    expect(result).toEqual({ pushed: [a, b, c], skipped: [] });
    expect(registry.arrived.map(line)).toEqual([
      'GET /v1/_ping 200',
      'PUT /v1/repositories/ns/app/ 200',
      ...[a, b, c].flatMap((id) => [
        `GET /v1/images/${id}/json 404`,
        `PUT /v1/images/${id}/json 200`,
        `PUT /v1/images/${id}/layer 200`,
        `PUT /v1/images/${id}/checksum 200`,
      ]),
      'PUT /v1/repositories/ns/app/tags/v1 200',
      'PUT /v1/repositories/ns/app/images 204',
    ]);
    expect(client.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(registry.arrived.map(line));

    const [ping, index] = registry.arrived;
    expect(ping!.headers['user-agent']).toBe('Go 1.1 package http');
    expect(index!.headers).toMatchObject({ 'x-docker-token': 'true', 'content-type': 'application/json', 'user-agent': VARIANTS['docker-1.3'].userAgent });
    expect(index!.headers['content-length']).toBeDefined();
    expect(registry.indexImages.get('ns/app')).toEqual([
      { id: a },
      { id: b },
      { id: c, Tag: 'v1' },
    ]);

    const layerPut = registry.arrived.find((r) => r.path === `/v1/images/${a}/layer`)!;
    expect(layerPut.chunked).toBe(true);
    expect(layerPut.headers['content-length']).toBeUndefined();
    expect(layerPut.headers['content-type']).toBe('application/octet-stream');
    expect(layerPut.headers.authorization).toMatch(/^Token Token signature=[A-Z0-9]+,repository="ns\/app",access=write$/);

    const checksumPut = registry.arrived.find((r) => r.path === `/v1/images/${a}/checksum`)!;
    expect(checksumPut.headers['x-docker-checksum']).toBe(chain[0]!.tarsum);
    expect(checksumPut.headers['x-docker-checksum-payload']).toBe(chain[0]!.payloadChecksum);

    const imagesPut = registry.arrived[registry.arrived.length - 1]!;
    expect(imagesPut.headers['x-docker-endpoints']).toBe(new URL(baseUrl).host);
    expect(imagesPut.headers['x-docker-token']).toBe('true');
    expect(registry.images.get(c)!.inProgress).toBe(false);
  });

  it('docker-1.5 push: probes /v2/ first, then runs every existence check before pushing', async () => {
    const client = new V1Client(baseUrl, 'docker-1.5');
    await client.push('ns/app', chain);
    const paths = registry.arrived.map(line);

    expect(paths.slice(0, 3)).toEqual(['GET /v2/ 404', 'GET /v1/_ping 200', 'PUT /v1/repositories/ns/app/ 200']);
    expect(registry.arrived[0]!.headers['user-agent']).toBe('docker/1.5.0 go/go1.4.1 git-commit/a8a31ef kernel/3.16.0 os/linux arch/amd64');
    expect(new Set(paths.slice(3, 6))).toEqual(new Set(chain.map((i) => `GET /v1/images/${i.id}/json 404`)));
    expect(paths[6]).toBe(`PUT /v1/images/${chain[0]!.id}/json 200`);
    expect(paths.slice(-2)).toEqual(['PUT /v1/repositories/ns/app/tags/latest 200', 'PUT /v1/repositories/ns/app/images 204']);
  });

  it('docker-1.5 refuses a registry that answers /v2/ with registry/2.0', async () => {
    const v2 = new FakeV1Registry({ v2: true });
    const url = await v2.start();
    try {
      await expect(new V1Client(url, 'docker-1.5').push('ns/app', chain)).rejects.toThrow(/V2 registry/);
      expect(v2.arrived.map(line)).toEqual(['GET /v2/ 200']);
    } finally {
      await v2.stop();
    }
  });

  it('docker-1.9 re-push: every image "already pushed, skipping", only the tag is written again', async () => {
    await new V1Client(baseUrl, 'docker-1.9').push('ns/app', chain);
    registry.arrived.length = 0;
    const again = new V1Client(baseUrl, 'docker-1.9');
    const result = await again.push('ns/app', chain);

    expect(result).toEqual({ pushed: [], skipped: chain.map((i) => i.id) });
    expect(again.messages.filter((m) => m.endsWith('already pushed, skipping'))).toHaveLength(3);
    expect(registry.arrived.filter((r) => r.method === 'PUT').map(line)).toEqual([
      'PUT /v1/repositories/ns/app/ 200',
      'PUT /v1/repositories/ns/app/tags/latest 200',
      'PUT /v1/repositories/ns/app/images 204',
    ]);
  });

  it('docker-1.9 pull: images list, the single tag, ancestry, then json and layer base first', async () => {
    await new V1Client(baseUrl, 'docker-1.9').push('ns/app', chain, 'v2');
    registry.arrived.length = 0;
    const client = new V1Client(baseUrl, 'docker-1.9');
    const pulled = await client.pull('ns/app', 'v2');
    const [a, b, c] = chain.map((image) => image.id);

    expect(registry.arrived.map(line)).toEqual([
      'GET /v1/_ping 200',
      'GET /v1/repositories/ns/app/images 200',
      'GET /v1/repositories/ns/app/tags/v2 200',
      `GET /v1/images/${c}/ancestry 200`,
      ...[a, b, c].flatMap((id) => [`GET /v1/images/${id}/json 200`, `GET /v1/images/${id}/layer 200`]),
    ]);
    expect(registry.arrived[1]!.headers['x-docker-token']).toBe('true');
    expect(registry.arrived[2]!.headers.authorization).toMatch(/access=read$/);
    expect(pulled.ids).toEqual([c, b, a]);
    for (const image of chain) {
      const got = pulled.images.get(image.id)!;
      expect(got.json.equals(image.json)).toBe(true);
      expect(got.layer.equals(image.layer)).toBe(true);
      expect(got.size).toBe(image.layer.length);
    }
    expect(client.messages).toContain('this image was pulled from a legacy registry');
  });

  it('docker-1.3 pull of a name without namespace: index calls without library/, tag list with it', async () => {
    await new V1Client(baseUrl, 'docker-1.3').push('busybox', chain);
    registry.arrived.length = 0;
    const pulled = await new V1Client(baseUrl, 'docker-1.3').pull('busybox');

    expect(registry.arrived.map(line).slice(0, 3)).toEqual([
      'GET /v1/_ping 200',
      'GET /v1/repositories/busybox/images 200',
      'GET /v1/repositories/library/busybox/tags 200',
    ]);
    expect(pulled.ids[0]).toBe(chain[2]!.id);
  });

  it('docker-0.8 sends only the tarsum: 412 from a 0.9.1 registry, accepted where tarsum is checked', async () => {
    const client = new V1Client(baseUrl, 'docker-0.8');
    const attempt = client.push('ns/old', chain.slice(0, 1));
    await expect(attempt).rejects.toBeInstanceOf(V1ClientError);
    await expect(attempt).rejects.toMatchObject({ status: 412 });
    const checksumPut = registry.arrived.find((r) => r.path.endsWith('/checksum'))!;
    expect(checksumPut.headers['x-docker-checksum']).toBe(chain[0]!.tarsum);
    expect(checksumPut.headers['x-docker-checksum-payload']).toBeUndefined();

    const legacy = new FakeV1Registry({ acceptTarsum: true });
    const url = await legacy.start();
    try {
      const result = await new V1Client(url, 'docker-0.8').push('ns/old', chain);
      expect(result.pushed).toHaveLength(3);
      expect(legacy.arrived[0]!.path).toBe('/v1/_ping');
    } finally {
      await legacy.stop();
    }
  });

  it('pushes and pulls gzip and xz layers (docker 0.4/0.5 data) byte for byte', async () => {
    const mixed = await buildImageChain({ length: 3, format: ['xz', 'gzip', 'tar'], contentBytes: 200000 });
    await new V1Client(baseUrl, 'docker-1.9').push('ns/mixed', mixed);
    const pulled = await new V1Client(baseUrl, 'docker-1.9').pull('ns/mixed');
    for (const image of mixed) expect(pulled.images.get(image.id)!.layer.equals(image.layer)).toBe(true);
    expect(mixed[0]!.diffId).not.toBe(mixed[1]!.diffId);
  });

  it('reports a pull of an unknown repository as not found', async () => {
    await expect(new V1Client(baseUrl, 'docker-1.9').pull('ns/none')).rejects.toMatchObject({ status: 404 });
  });
});

describe('V1 test images', () => {
  it('builds a chain with parents, docker-like json and checksums for each format', async () => {
    const chain = await buildImageChain({ length: 3, format: ['tar', 'gzip', 'xz'] });
    expect(chain.map((i) => i.format)).toEqual(['tar', 'gzip', 'xz']);
    expect(chain[1]!.parent).toBe(chain[0]!.id);
    const json = JSON.parse(chain[2]!.json.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['id', 'parent', 'created', 'container', 'container_config', 'docker_version', 'config', 'architecture', 'os', 'Size']);
    expect(json.Size).toBe(chain[2]!.tar.length);
    for (const image of chain) {
      expect(image.id).toMatch(/^[a-f0-9]{64}$/);
      expect(image.tarsum).toMatch(/^tarsum\+sha256:[a-f0-9]{64}$/);
      expect(image.payloadChecksum).toMatch(/^sha256:[a-f0-9]{64}$/);
    }
    expect(chain[1]!.layer.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(chain[2]!.layer.subarray(0, 6)).toEqual(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
  });
});
