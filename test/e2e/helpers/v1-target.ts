/**
 * Tests of the V1 protocol need Janus: the reference registry (distribution 2.8) has no V1.
 * Against the reference they are skipped with a warning; missing tools follow has-tool's rules.
 */
import { describeWithTools } from './has-tool';
import { targetKind, targetTools } from './target';

export function describeWithV1(tools: readonly string[]): jest.Describe {
  const describeIfTools = describeWithTools([...tools, ...targetTools()]);
  if (targetKind() === 'janus') return describeIfTools;
  console.warn(`e2e: the ${targetKind()} registry has no V1 protocol. SKIPPING these V1 tests.`);
  return describe.skip;
}
