/**
 * Per-file setup for the V2 protocol suite: starts the target registry before the file's tests,
 * stops it after, and fails any test during which the registry answered with a 5xx.
 */
import { randomBytes } from 'node:crypto';
import { StatusRecorder } from './status-recorder';
import { startTarget, targetKind, type Target, type TargetKind } from './target';
import { createV2Http, type V2Http } from './v2-http';

export interface V2Suite {
  readonly kind: TargetKind;
  readonly url: string;
  readonly http: V2Http;
  readonly recorder: StatusRecorder;
  /** a fresh repository name, unique within the run */
  repo(label?: string): string;
}

/** `it` for cases Janus must pass but distribution 2.8.2 legitimately does not. */
export const itJanus: jest.It = targetKind() === 'janus' ? it : it.skip;

/** `describe` for features distribution 2.8.2 does not have at all (referrers). */
export const describeJanus: jest.Describe = targetKind() === 'janus' ? describe : describe.skip;

let repoCounter = 0;

export function useV2Suite(): V2Suite {
  const recorder = new StatusRecorder();
  let target: Target | undefined;
  let http: V2Http | undefined;
  const started = () => {
    if (!target || !http) throw new Error('the target registry is not running (use it inside tests)');
    return { target, http };
  };

  beforeAll(async () => {
    target = await startTarget();
    http = createV2Http(target.url, recorder);
  });
  afterEach(() => recorder.assertNoServerErrors());
  afterAll(async () => {
    try {
      recorder.assertNoServerErrors(); // requests made in afterAll hooks
    } finally {
      await target?.stop();
    }
  });

  return {
    kind: targetKind(),
    get url() {
      return started().target.url;
    },
    get http() {
      return started().http;
    },
    recorder,
    repo(label = 'repo') {
      repoCounter += 1;
      return `protocol/${label}-${repoCounter}-${randomBytes(3).toString('hex')}`;
    },
  };
}
