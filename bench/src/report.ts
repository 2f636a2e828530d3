/** Renders the results as a markdown table with ratios, limits and target verdicts. */
import type { BenchOptions } from './options';
import type { Measured, Results } from './results';
import { ROWS, type RowSpec, type Target } from './rows';
import { MiB } from './stats';

function formatValue(value: number | undefined, unit: RowSpec['unit']): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 's') return value.toFixed(3);
  if (unit === 'ms') return value.toFixed(2);
  if (unit === 'MB') return value.toFixed(1);
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/** speed ratio: above 1 means Janus is faster (or higher) than the baseline */
export function speedRatio(spec: RowSpec, measured: Measured | undefined): number | undefined {
  if (!measured || measured.janus === undefined || measured.baseline === undefined) return undefined;
  if (spec.baseline === 'none' || spec.unit === 'MB') return undefined;
  return spec.better === 'higher' ? measured.janus / measured.baseline : measured.baseline / measured.janus;
}

function limitShare(spec: RowSpec, results: Results): number | undefined {
  const janus = results.get(spec.id)?.janus;
  const limit = spec.limit ? results.get(spec.limit)?.janus : undefined;
  return janus !== undefined && limit !== undefined ? janus / limit : undefined;
}

function targetText(target: Target | undefined, spec: RowSpec): string {
  if (!target) return '';
  if (target.kind === 'ratio') return spec.baseline === 'Janus V2' ? `≥ ${target.min.toFixed(1)}× V2` : `≥ ${target.min.toFixed(1)}× ref`;
  if (target.kind === 'ratio-and-limit') return `≥ ${target.min}× ref, ≥ ${Math.round(target.limitShare * 100)} % sha256`;
  return `< ${target.max} ${spec.unit}`;
}

function verdict(spec: RowSpec, results: Results, smoke: boolean): string {
  const target = spec.target;
  const measured = results.get(spec.id);
  if (!target) return '';
  if (!measured || measured.error !== undefined || measured.janus === undefined) return 'not measured';
  const ratio = speedRatio(spec, measured);
  let met: boolean | undefined;
  if (target.kind === 'ratio') met = ratio === undefined ? undefined : ratio >= target.min;
  else if (target.kind === 'ratio-and-limit') {
    const share = limitShare(spec, results);
    met = ratio === undefined || share === undefined ? undefined : ratio >= target.min && share >= target.limitShare;
  } else met = measured.janus < target.max;
  if (met === undefined) return 'not measured';
  if (smoke) return met ? 'met (smoke, not judged)' : 'missed (smoke, not judged)';
  return met ? '**met**' : '**missed**';
}

function baselineCell(spec: RowSpec, measured: Measured | undefined): string {
  if (spec.baseline === 'none') return '';
  const value = formatValue(measured?.baseline, spec.unit);
  return spec.baseline === 'Janus V2' ? `${value} (V2)` : value;
}

function sizeOf(bytes: number): string {
  return bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${+(bytes / 1024).toFixed(1)} KiB`;
}

export function renderTable(results: Results, smoke: boolean): string {
  const lines = [
    '| measurement | unit | Janus | reference / V2 | ratio (×, >1 = Janus better) | Janus / limit | target | verdict |',
    '|---|---|--:|--:|--:|--:|---|---|',
  ];
  for (const spec of ROWS) {
    const measured = results.get(spec.id);
    if (!measured || measured.error !== undefined) {
      lines.push(`| ${spec.label} | ${spec.unit} | FAILED | | | | ${targetText(spec.target, spec)} | ${measured?.error ? 'error' : 'not run'} |`);
      continue;
    }
    const ratio = speedRatio(spec, measured);
    const share = limitShare(spec, results);
    lines.push(
      [
        '',
        ` ${spec.label} `,
        ` ${spec.unit} `,
        ` ${formatValue(measured.janus, spec.unit)} `,
        ` ${baselineCell(spec, measured)} `,
        ` ${ratio === undefined ? '' : ratio.toFixed(2)} `,
        ` ${share === undefined ? '' : `${Math.round(share * 100)} %`} `,
        ` ${targetText(spec.target, spec)} `,
        ` ${verdict(spec, results, smoke)} `,
        '',
      ].join('|'),
    );
  }
  return lines.join('\n');
}

export function renderReport(results: Results, options: BenchOptions, machine: [string, string][], seconds: number): string {
  const table = renderTable(results, options.smoke);
  const notes = ROWS.flatMap((spec) => {
    const measured = results.get(spec.id);
    if (measured?.error) return [`- ${spec.label}: FAILED: ${measured.error}`];
    return measured?.detail ? [`- ${spec.label}: ${measured.detail}`] : [];
  });
  return [
    `# Janus benchmark${options.smoke ? ' (SMOKE RUN: tiny sizes, 1 round; numbers mean nothing)' : ''}`,
    '',
    '| machine | |',
    '|---|---|',
    ...machine.map(([key, value]) => `| ${key} | ${value} |`),
    '',
    `Sizes: medium blob ${sizeOf(options.smallBlobBytes)}, large blob ${sizeOf(options.bigBlobBytes)}, PATCH chunks ${sizeOf(options.chunkBytes)}, ` +
      `skopeo layer ${sizeOf(options.skopeoLayerBytes)}, V1 layers ${options.v1LayerBytes.map(sizeOf).join(' + ')} (gzip tar), ` +
      `search index ${options.searchRepositories.toLocaleString('en-US')} repositories. ` +
      `Rates: wrk, ${options.loadConnections} connections, 2 threads, ${options.loadSeconds} s each. ` +
      `Janus and the reference alternate (A/B/A/B…); each figure is the median of ${options.rounds} rounds (${options.bigRounds} for the large blob). ` +
      `Both servers use filesystem storage in the same temp folder, logs at error level, 127.0.0.1 only; client and servers share the machine's cores. ` +
      `Total bench time ${seconds.toFixed(0)} s.`,
    '',
    table,
    '',
    'Ratios are speed ratios (for times: baseline ÷ Janus), so above 1 always means Janus does better. ' +
      'V1 rows compare Janus V1 with Janus V2 on the same bytes (the V2 figure is in the reference / V2 column). ' +
      'Janus / limit: push rows against the sha256 figure, pull against the page-cache read.',
    '',
    ...(notes.length > 0 ? ['Notes:', '', ...notes, ''] : []),
  ].join('\n');
}
