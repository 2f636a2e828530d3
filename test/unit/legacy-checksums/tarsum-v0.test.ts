import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isLayerContentError, TarsumV0 } from '../../../src/registry/legacy/checksums';
import { expectedSingleMemberTarsum, oddChunks, rawTar } from './raw-tar';

/** moby's pkg/tarsum/testdata, copied out of moby/moby into the shared folder beside the repo */
const MOBY_TESTDATA = resolve(__dirname, '../../fixtures/moby-tarsum');

function tarsumOf(tar: Buffer, json?: Buffer, chunkSizes?: number[]): string {
  const tarsum = new TarsumV0();
  for (const chunk of oddChunks(tar, chunkSizes)) tarsum.update(chunk);
  return tarsum.digest(json);
}

describe('tarsum v0: moby pkg/tarsum published vectors (tarsum_test.go testLayers)', () => {
  const layers: Array<{ tar: string; json?: string; tarsum: string }> = [
    {
      tar: '46af0962ab5afeb5ce6740d4d91652e69206fc991fd5328c1a94d364ad00e457/layer.tar',
      json: '46af0962ab5afeb5ce6740d4d91652e69206fc991fd5328c1a94d364ad00e457/json',
      tarsum: 'tarsum+sha256:4095cc12fa5fdb1ab2760377e1cd0c4ecdd3e61b4f9b82319d96fcea6c9a41c6',
    },
    { tar: 'xattr/layer.tar', json: 'xattr/json', tarsum: 'tarsum+sha256:07e304a8dbcb215b37649fde1a699f8aeea47e60815707f1cdf4d55d25ff6ab4' },
    {
      tar: '511136ea3c5a64f264b78b5433614aec563103b4d4702f3ba7d4d2698e22c158/layer.tar',
      json: '511136ea3c5a64f264b78b5433614aec563103b4d4702f3ba7d4d2698e22c158/json',
      tarsum: 'tarsum+sha256:c66bd5ec9f87b8f4c6135ca37684618f486a3dd1d113b138d0a177bfa39c2571',
    },
    { tar: 'collision/collision-0.tar', tarsum: 'tarsum+sha256:08653904a68d3ab5c59e65ef58c49c1581caa3c34744f8d354b3f575ea04424a' },
    { tar: 'collision/collision-1.tar', tarsum: 'tarsum+sha256:b51c13fbefe158b5ce420d2b930eef54c5cd55c50a2ee4abdddea8fa9f081e0d' },
    { tar: 'collision/collision-2.tar', tarsum: 'tarsum+sha256:381547080919bb82691e995508ae20ed33ce0f6948d41cafbeb70ce20c73ee8e' },
    { tar: 'collision/collision-3.tar', tarsum: 'tarsum+sha256:f886e431c08143164a676805205979cd8fa535dfcef714db5515650eea5a7c0f' },
  ];

  it('has the testdata folder', () => {
    expect(existsSync(MOBY_TESTDATA)).toBe(true);
  });

  it.each(layers)('$tar', ({ tar, json, tarsum }) => {
    const tarBytes = readFileSync(join(MOBY_TESTDATA, tar));
    const jsonBytes = json ? readFileSync(join(MOBY_TESTDATA, json)) : undefined;
    expect(tarsumOf(tarBytes, jsonBytes)).toBe(tarsum);
    expect(tarsumOf(tarBytes, jsonBytes, [1])).toBe(tarsum);
    expect(tarsumOf(tarBytes, jsonBytes, [tarBytes.length])).toBe(tarsum);
  });
});

describe('tarsum v0: moby vectors rebuilt from their headers', () => {
  it('TestIteration: file.txt, empty, typeflag 0', () => {
    const tar = rawTar([{ name: 'file.txt', mode: 0, typeflag: '0' }]);
    expect(tarsumOf(tar)).toBe('tarsum+sha256:626c4a2e9a467d65c33ae81f7f3dedd4de8ccaee72af73223c4bc4718cbc7bbd');
  });

  it('TestIteration: Version0 ignores xattrs (pax SCHILY.xattr records)', () => {
    const record = ' SCHILY.xattr.user.NOT=CALCULATED\n';
    const paxBody = Buffer.from(`${record.length + 2}${record}`);
    const tar = rawTar([
      { name: 'PaxHeaders/xattrs.txt', mode: 0, typeflag: 'x', content: paxBody },
      { name: 'xattrs.txt', mode: 0, uid: 1000, gid: 1000, uname: 'slartibartfast', gname: 'users', typeflag: '0', content: Buffer.from('test') },
    ]);
    expect(tarsumOf(tar)).toBe('tarsum+sha256:c12bb6f1303a9ddbf4576c52da74973c00d14c109bcfa76b708d5da1154a07fa');
  });

  it('sizedTar: one 1 MiB file of zeros written by Go with typeflag NUL', () => {
    const tar = rawTar([{ name: '/testdata0', mode: 0o755, typeflag: '\0', content: Buffer.alloc(1 << 20) }]);
    expect(tarsumOf(tar)).toBe('tarsum+sha256:8bf12d7e67c51ee2e8306cba569398b1b9f419969521a12ffb9d8875e8836738');
  });

  it('TestEmptyTar: an empty archive, or no bytes at all, sums to sha256 of nothing', () => {
    const empty = 'tarsum+sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(tarsumOf(Buffer.alloc(1024))).toBe(empty);
    expect(new TarsumV0().digest()).toBe(empty);
  });
});

describe('tarsum v0: header rules', () => {
  it('takes GNU long names and pax paths as the member name, keeps "./" and "/" in the header string', () => {
    const longName = './' + 'd'.repeat(120) + '/file';
    const content = Buffer.from('hello');
    const tar = rawTar([
      { name: '././@LongLink', typeflag: 'L', content: Buffer.from(longName + '\0') },
      { name: longName.slice(0, 99), typeflag: '0', mtime: 1234567890, uname: 'u', gname: 'g', content },
    ]);
    const header = `name${longName}mode420uid0gid0size5mtime1234567890typeflag0linkname` + 'unameugnamegdevmajor0devminor0';
    expect(tarsumOf(tar)).toBe(expectedSingleMemberTarsum(header, content));
  });

  it('applies pax path, size, mtime (whole seconds) and uname overrides', () => {
    const records = ['path=pax/named', 'mtime=1500000000.987654321', 'uname=paxuser'].map((r) => {
      const body = ` ${r}\n`;
      let length = body.length + 1;
      if (String(length).length + body.length !== length) length += 1;
      return `${length}${body}`;
    });
    const content = Buffer.from('abc');
    const tar = rawTar([
      { name: 'PaxHeaders/x', typeflag: 'x', content: Buffer.from(records.join('')) },
      { name: 'short', typeflag: '0', mtime: 7, uname: 'ustaruser', content },
    ]);
    const header = 'namepax/namedmode420uid0gid0size3mtime1500000000typeflag0linknameunamepaxusergnamedevmajor0devminor0';
    expect(tarsumOf(tar)).toBe(expectedSingleMemberTarsum(header, content));
  });

  it('reads no uname/gname from a v7 header', () => {
    const tar = rawTar([{ name: 'old', typeflag: '\0', magic: 'v7', uname: 'ignored', content: Buffer.from('x') }]);
    const header = 'nameoldmode420uid0gid0size1mtime0typeflag\0linknameunamegnamedevmajor0devminor0';
    expect(tarsumOf(tar)).toBe(expectedSingleMemberTarsum(header, Buffer.from('x')));
  });

  it('puts the image json before the sorted member sums', () => {
    const json = Buffer.from('{"id":"abc"}');
    const tar = rawTar([{ name: 'a', typeflag: '0', content: Buffer.from('1') }]);
    const header = 'nameamode420uid0gid0size1mtime0typeflag0linknameunamegnamedevmajor0devminor0';
    expect(tarsumOf(tar, json)).toBe(expectedSingleMemberTarsum(header, Buffer.from('1'), json));
  });

  it('accepts an archive that ends on a header boundary without the zero blocks (as Go does)', () => {
    const full = rawTar([{ name: 'a', typeflag: '0', content: Buffer.from('1') }]);
    expect(tarsumOf(full.subarray(0, 1024))).toBe(tarsumOf(full));
  });

  it.each([
    ['a bad header checksum', (tar: Buffer) => Buffer.concat([Buffer.from('garbage!'), tar.subarray(8)])],
    ['an archive cut inside a member', (tar: Buffer) => tar.subarray(0, 700)],
    ['an archive cut inside a header', (tar: Buffer) => tar.subarray(0, 100)],
  ])('throws a typed invalid-tar error for %s', (_label, damage) => {
    const tar = rawTar([{ name: 'a', typeflag: '0', content: Buffer.alloc(600, 1) }]);
    let caught: unknown;
    try {
      tarsumOf(damage(tar));
    } catch (error) {
      caught = error;
    }
    expect(isLayerContentError(caught)).toBe(true);
    expect((caught as { problem: string }).problem).toBe('invalid-tar');
  });
});
