/** Same seed, same bytes; another seed, another store; and fast enough for test setup. */
import { join } from 'node:path';
import { generateScenarioStore } from '../fixtures/legacy-store';
import { readTree, useTempDirectory } from './tree';

const temp = useTempDirectory();

describe('scenario store determinism', () => {
  it('writes a byte-identical tree and manifest for the same seed', async () => {
    const started = Date.now();
    const first = await generateScenarioStore(join(temp(), 'first'), '0.8.1', { seed: 'same' });
    const elapsed = Date.now() - started;
    const second = await generateScenarioStore(join(temp(), 'second'), '0.8.1', { seed: 'same' });
    const a = readTree(join(temp(), 'first'));
    const b = readTree(join(temp(), 'second'));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, content] of a) expect(content.equals(b.get(path)!)).toBe(true);
    expect({ ...first.manifest, root: '' }).toEqual({ ...second.manifest, root: '' });
    // a 200-image store is meant to take a second or two; allow for slow CI machines
    expect(elapsed).toBeLessThan(15000);
  });

  it('writes a different store for another seed', async () => {
    const other = await generateScenarioStore(join(temp(), 'other'), '0.8.1', { seed: 'different' });
    const same = readTree(join(temp(), 'first'));
    const otherTree = readTree(join(temp(), 'other'));
    expect([...otherTree.keys()].filter((path) => same.has(path)).length).toBeLessThan(otherTree.size / 2);
    expect(Object.keys(other.manifest.images)).toHaveLength(200);
  });
});
