/**
 * The rows of the bench table, in print order. Every run prints every row (a failed measurement
 * says FAILED), so the smoke test can check the table against this list.
 */

export type RowId =
  | 'limit-sha256'
  | 'limit-page-cache'
  | 'limit-read-sha256'
  | 'limit-page-cache-write'
  | 'limit-upload-discard'
  | 'limit-upload-hash-write'
  | 'push-mono-small'
  | 'push-mono-big'
  | 'push-chunked-small'
  | 'push-chunked-big'
  | 'pull-small'
  | 'rate-manifest-get'
  | 'rate-manifest-head'
  | 'rate-v2-base'
  | 'rate-small-blob'
  | 'rate-tags-list'
  | 'rate-manifest-get-workers'
  | 'rate-manifest-head-workers'
  | 'rate-v2-base-workers'
  | 'rate-small-blob-workers'
  | 'rate-tags-list-workers'
  | 'skopeo-push'
  | 'skopeo-pull'
  | 'v1-push'
  | 'v1-pull'
  | 'v1-layer-get'
  | 'search-p50'
  | 'search-p99'
  | 'rss-push-big';

/** what the baseline column holds for a row */
export type Baseline = 'reference' | 'Janus V2' | 'none';

export type Target =
  /** ratio (speed, >1 = Janus better) at least `min` */
  | { readonly kind: 'ratio'; readonly min: number }
  /** ratio at least `min` and Janus/limit at least `limitShare` */
  | { readonly kind: 'ratio-and-limit'; readonly min: number; readonly limitShare: number }
  /** Janus's value below `max` (in the row's unit) */
  | { readonly kind: 'below'; readonly max: number };

export interface RowSpec {
  readonly id: RowId;
  readonly label: string;
  readonly unit: 'MiB/s' | 'req/s' | 's' | 'ms' | 'MB';
  readonly better: 'higher' | 'lower';
  readonly baseline: Baseline;
  /** the machine limit Janus is compared with */
  readonly limit?: 'limit-sha256' | 'limit-page-cache';
  readonly target?: Target;
}

const PUSH_TARGET: Target = { kind: 'ratio-and-limit', min: 2.5, limitShare: 0.6 };

/** request rates of Janus alone; each has a twin row for Janus with 2 worker processes */
const RATE_ROWS: readonly RowSpec[] = [
  { id: 'rate-manifest-get', label: 'GET manifest by tag (OCI Accept)', unit: 'req/s', better: 'higher', baseline: 'reference', target: { kind: 'ratio', min: 1.2 } },
  { id: 'rate-manifest-head', label: 'HEAD manifest by tag', unit: 'req/s', better: 'higher', baseline: 'reference', target: { kind: 'ratio', min: 1.2 } },
  { id: 'rate-v2-base', label: 'GET /v2/', unit: 'req/s', better: 'higher', baseline: 'reference' },
  { id: 'rate-small-blob', label: 'GET small blob (1 KiB)', unit: 'req/s', better: 'higher', baseline: 'reference' },
  { id: 'rate-tags-list', label: 'GET tags/list', unit: 'req/s', better: 'higher', baseline: 'reference' },
];

function withWorkers(row: RowSpec): RowSpec {
  return { ...row, id: `${row.id}-workers` as RowId, label: `${row.label.replace(' (OCI Accept)', '')}, Janus with 2 workers` };
}

export const ROWS: readonly RowSpec[] = [
  { id: 'limit-sha256', label: 'machine: sha256 (node crypto, in memory)', unit: 'MiB/s', better: 'higher', baseline: 'none' },
  { id: 'limit-page-cache', label: 'machine: page-cache file read', unit: 'MiB/s', better: 'higher', baseline: 'none' },
  { id: 'limit-read-sha256', label: 'machine: page-cache read + sha256', unit: 'MiB/s', better: 'higher', baseline: 'none' },
  { id: 'limit-page-cache-write', label: 'machine: page-cache file write', unit: 'MiB/s', better: 'higher', baseline: 'none' },
  { id: 'limit-upload-discard', label: 'machine: curl upload, Node server discarding it', unit: 'MiB/s', better: 'higher', baseline: 'none' },
  { id: 'limit-upload-hash-write', label: 'machine: curl upload, Node server hashing + writing it', unit: 'MiB/s', better: 'higher', baseline: 'none' },
  { id: 'push-mono-small', label: 'blob push, POST + monolithic PUT, medium', unit: 'MiB/s', better: 'higher', baseline: 'reference', limit: 'limit-sha256', target: PUSH_TARGET },
  { id: 'push-mono-big', label: 'blob push, POST + monolithic PUT, large', unit: 'MiB/s', better: 'higher', baseline: 'reference', limit: 'limit-sha256', target: PUSH_TARGET },
  { id: 'push-chunked-small', label: 'blob push, chunked PATCH, medium', unit: 'MiB/s', better: 'higher', baseline: 'reference', limit: 'limit-sha256', target: PUSH_TARGET },
  { id: 'push-chunked-big', label: 'blob push, chunked PATCH, large', unit: 'MiB/s', better: 'higher', baseline: 'reference', limit: 'limit-sha256', target: PUSH_TARGET },
  { id: 'pull-small', label: 'blob pull, GET to /dev/null (curl), medium', unit: 'MiB/s', better: 'higher', baseline: 'reference', limit: 'limit-page-cache', target: { kind: 'ratio', min: 1.0 } },
  ...RATE_ROWS,
  ...RATE_ROWS.map(withWorkers),
  { id: 'skopeo-push', label: 'skopeo copy oci: → registry (push)', unit: 's', better: 'lower', baseline: 'reference' },
  { id: 'skopeo-pull', label: 'skopeo copy registry → dir: (pull)', unit: 's', better: 'lower', baseline: 'reference' },
  { id: 'v1-push', label: 'V1 push, 3 layers (vs V2 push of the same bytes)', unit: 's', better: 'lower', baseline: 'Janus V2' },
  { id: 'v1-pull', label: 'V1 pull, 3 layers (vs V2 pull of the same bytes)', unit: 's', better: 'lower', baseline: 'Janus V2' },
  { id: 'v1-layer-get', label: 'V1 layer GET (vs V2 blob GET, curl)', unit: 'MiB/s', better: 'higher', baseline: 'Janus V2', target: { kind: 'ratio', min: 1.0 } },
  { id: 'search-p50', label: '/v1/search latency p50', unit: 'ms', better: 'lower', baseline: 'none' },
  { id: 'search-p99', label: '/v1/search latency p99', unit: 'ms', better: 'lower', baseline: 'none', target: { kind: 'below', max: 5 } },
  { id: 'rss-push-big', label: 'peak RSS while pushing the large blob', unit: 'MB', better: 'lower', baseline: 'reference', target: { kind: 'below', max: 150 } },
];
