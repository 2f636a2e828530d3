/** A hand-written spec: one chain in three formats, plus images in every push state. */
import { writeTar, type LegacyImageSpec, type LegacyRegistryVersion, type LegacyStoreSpec } from '../fixtures/legacy-store';

export const id = (char: string): string => char.repeat(64);

const MTIME = 1400000000;

export const BASE_TAR = writeTar([
  { name: 'etc', type: 'directory', mtime: MTIME },
  { name: 'etc/hostname', content: Buffer.from('legacy\n'), mtime: MTIME },
]);
const CHILD_TAR = writeTar([
  { name: 'usr', type: 'directory', mtime: MTIME },
  { name: 'usr/bin', type: 'directory', mtime: MTIME },
  { name: 'usr/bin/tool', content: Buffer.from('#!/bin/sh\necho tool\n'), mode: 0o755, mtime: MTIME },
  { name: 'usr/bin/alias', type: 'symlink', linkname: '/usr/bin/tool', mtime: MTIME },
]);
const TOP_TAR = writeTar([{ name: 'etc/.wh.hostname', mtime: MTIME }, { name: 'etc/motd', content: Buffer.from('hello'), mtime: MTIME }]);

export function smallSpec(version: LegacyRegistryVersion, overrides: Partial<Record<string, Partial<LegacyImageSpec>>> = {}): LegacyStoreSpec {
  const newClient = version === '0.6.9' ? '0.10.0' : '1.3.2';
  const written: LegacyImageSpec[] = [
    { id: id('a'), tar: BASE_TAR, compression: 'tar', pushedBy: newClient },
    { id: id('b'), parent: id('a'), tar: CHILD_TAR, compression: 'gzip', pushedBy: newClient },
    { id: id('c'), parent: id('b'), tar: TOP_TAR, compression: 'xz', pushedBy: newClient },
    { id: id('d'), parent: id('a'), tar: TOP_TAR, compression: 'tar', pushedBy: newClient, state: 'json-only' },
    { id: id('e'), parent: id('a'), tar: CHILD_TAR, compression: 'tar', pushedBy: newClient, state: 'layer-without-checksum' },
    { id: id('f'), parent: id('a'), tar: TOP_TAR, compression: 'tar', pushedBy: newClient, state: 'checksum-mismatch' },
  ];
  const images = written.map((image) => ({ ...image, ...overrides[image.id[0]!] }));
  return {
    images,
    repositories: [
      {
        namespace: 'library',
        name: 'chain',
        pushes: [
          { client: 'docker', at: 1400000000, tags: { latest: id('c') } },
          { client: 'docker', at: 1400003600, tags: { base: id('a') } },
        ],
      },
      { namespace: 'qa', name: 'c++', pushes: [{ client: 'docker', at: 1400007200, interrupted: true, tags: { latest: id('b') }, unfinishedTags: { wip: id('e') } }] },
      { namespace: 'team', name: 'tools/builder', pushes: [{ client: 'curl', at: 1400010800, tags: { v1: id('b'), _x: id('a'), mid: id('d') } }] },
    ],
  };
}
