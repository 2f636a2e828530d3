/** Top self-time frames of a V8 .cpuprofile (as written by node --cpu-prof). */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

export interface FrameTime {
  readonly frame: string;
  readonly ms: number;
  readonly share: number;
}

function frameName(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(`file://${root}/`, '').replace(/^file:\/\//, '');
  return where ? `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}` : functionName || '(anonymous)';
}

/** self time per frame, largest first; `root` shortens file URLs */
export function topFrames(profile: CpuProfile, root: string, count: number): { frames: FrameTime[]; totalMs: number } {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const perSample = profile.samples.length > 0 ? totalMs / profile.samples.length : 0;
  const byFrame = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const name = frameName(node, root);
    byFrame.set(name, (byFrame.get(name) ?? 0) + hits * perSample);
  }
  const frames = [...byFrame]
    .map(([frame, ms]) => ({ frame, ms, share: totalMs > 0 ? ms / totalMs : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
  return { frames, totalMs };
}
