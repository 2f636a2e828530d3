import type { z } from 'zod';
import { formatKeyPath, type ValueOrigins } from './key-path';

type Issue = z.core.$ZodIssue;

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (unset)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `a date (${value.toISOString()})`;
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return `${typeof value} ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
}

function describeExpected(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'a mapping';
  if (expected === 'array') return 'a list';
  if (expected === 'int') return 'an integer';
  return `a ${expected}`;
}

function describeProblem(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${describeExpected(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}, got ${describeValue(issue.input)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}, got ${describeValue(issue.input)}`;
    default:
      return `${issue.message}, got ${describeValue(issue.input)}`;
  }
}

/** One line per problem: `unknown key "mirroring.sourc"`, `key "s3_secure": expected a boolean, got string "maybe"`. */
export function formatIssues(issues: readonly Issue[], origins: ValueOrigins, prefix: string): string {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const origin = origins.find(keyPath);
        lines.push(`${prefix}unknown key "${formatKeyPath(keyPath)}"${origin ? ` (from ${origin})` : ''}`);
      }
      continue;
    }
    const origin = origins.find(path);
    const where = path.length > 0 ? `key "${formatKeyPath(path)}"` : 'top level';
    lines.push(`${prefix}${where}${origin ? ` (from ${origin})` : ''}: ${describeProblem(issue)}`);
  }
  return lines.join('\n');
}
