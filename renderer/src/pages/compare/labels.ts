/**
 * The rows and findings of runs.compareMany in the UI language. The service names rows
 * ("web: latency p99", "web: exits IO_INSTRUCTION", "host/nic utilization"); this reads those
 * names back into a catalog key with its parameters, says which direction is better, and
 * gathers each finding's figures from the rows so a sentence can be phrased in any language;
 * and reads run ids from the route and a sweep run's varied values from its title.
 */
import type { CompareRow, Finding } from '../../../../core/contract/index.ts';
import type { SweepValue } from '../../../../core/model/index.ts';

export interface RowLabel {
  guest: string | null;
  /** Key under `row.` in the compare catalog. */
  key: string;
  params: Record<string, string>;
  /** Which way is better, where there is a better. */
  better: 'up' | 'down' | null;
}

const PER_GUEST: [RegExp, string, RowLabel['better'], string?][] = [
  [/^throughput$/, 'throughput', 'up'],
  [/^latency p50$/, 'latencyP50', 'down'],
  [/^latency p99$/, 'latencyP99', 'down'],
  [/^cycles per unit$/, 'cyclesPerUnit', 'down'],
  // CPU time and exit counts are totals: fewer can mean less work done, so they get no direction
  [/^CPU (\w+)$/, 'cpu', null, 'part'],
  [/^exits per unit$/, 'exitsPerUnit', 'down'],
  [/^exits (\S+)$/, 'exitsReason', null, 'reason'],
  [/^(\w+) paths$/, 'paths', null, 'cls'],
  [/^fallbacks$/, 'fallbacks', 'down'],
  [/^availability$/, 'availability', 'up'],
  [/^requests lost$/, 'requestsLost', 'down'],
];

/** Read a row's name back into a catalog key (unknown names keep their own text). */
export function rowLabel(row: Pick<CompareRow, 'name' | 'group'>, guests: readonly string[]): RowLabel {
  const colon = row.name.indexOf(': ');
  const guest = colon > 0 ? row.name.slice(0, colon) : null;
  if (guest !== null && guests.includes(guest)) {
    const rest = row.name.slice(colon + 2);
    for (const [re, key, better, param] of PER_GUEST) {
      const m = re.exec(rest);
      if (m) return { guest, key, params: param ? { [param]: m[1]! } : {}, better };
    }
    return { guest, key: 'raw', params: { name: rest }, better: null };
  }
  const res = /^(.+) (utilization|mean wait)$/.exec(row.name);
  if (res) return { guest: null, key: res[2] === 'utilization' ? 'utilization' : 'meanWait', params: { resource: res[1]! }, better: res[2] === 'utilization' ? null : 'down' };
  return { guest: null, key: 'raw', params: { name: row.name }, better: null };
}

/** A run's value over the baseline's, or null when either is missing or the baseline is 0. */
export function ratio(values: readonly (number | null)[], i: number): number | null {
  const b = values[0];
  const v = values[i];
  if (b === null || b === undefined || v === null || v === undefined || b === 0) return null;
  return v / b;
}

/** Whether a change reads as better, worse or neither (within 2 %). */
export function verdict(label: RowLabel, r: number | null): 'better' | 'worse' | null {
  if (r === null || !label.better || Math.abs(r - 1) < 0.02) return null;
  return (r > 1) === (label.better === 'up') ? 'better' : 'worse';
}

const find = (rows: readonly CompareRow[], name: string) => rows.find((r) => r.name === name);

/** A finding's figures, as numbers, for its sentence: `a` in the run, `b` in the baseline (with their unit kind). */
export function findingFigures(f: Finding, rows: readonly CompareRow[]): { a: number | null; b: number | null; unit: 'perSec' | 'perUnit' | 'share' | 'none' } {
  const pair = (name: string, scale = 1) => {
    const row = find(rows, name);
    const a = row?.values[f.run];
    const b = row?.values[0];
    return { a: a === undefined || a === null ? null : a * scale, b: b === undefined || b === null ? null : b * scale };
  };
  const g = f.guest ?? '';
  const sum = (run: number, names: string[]) => names.reduce((acc, n) => acc + (find(rows, n)?.values[run] ?? 0), 0);
  switch (f.id) {
    case 'faster':
    case 'slower': return { ...pair(`${g}: throughput`), unit: 'perSec' };
    case 'fewer-exits':
    case 'more-exits': return { ...pair(`${g}: exits per unit`), unit: 'perUnit' };
    case 'more-pv':
    case 'less-pv': {
      const classes = ['native', 'bt', 'hw', 'emulated', 'pv', 'passthrough'].map((c) => `${g}: ${c} paths`);
      const share = (run: number) => { const all = sum(run, classes); return all > 0 ? sum(run, [`${g}: pv paths`, `${g}: passthrough paths`]) / all : 0; };
      return { a: share(f.run), b: share(0), unit: 'share' };
    }
    case 'more-steal':
    case 'less-steal': {
      const busy = ['guestUser', 'guestKernel', 'exits', 'hypervisor', 'backend'].map((p) => `${g}: CPU ${p}`);
      const share = (run: number) => { const all = sum(run, busy); return all > 0 ? sum(run, [`${g}: CPU steal`]) / all : 0; };
      return { a: share(f.run), b: share(0), unit: 'share' };
    }
    case 'less-available': return { ...pair(`${g}: availability`, 0.01), unit: 'share' };
    case 'busier-resource': return { a: f.figure, b: null, unit: 'share' };
    case 'same': return { a: null, b: null, unit: 'none' };
  }
}

/** The resource a busier-resource finding names (its detail starts with the resource id). */
export function findingResource(f: Finding): string {
  return f.detail.replace(/ \d+(\.\d+)? % busy$/, '');
}

/** Run ids from `runs=1,2,3`: positive whole numbers, each once, in order. */
export function parseRunIds(q: string | null): number[] {
  const ids = (q ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  return [...new Set(ids)];
}

/** A sweep run's varied values, read from its title (`… [path=value, path=value]`). */
export function assignmentsOf(title: string): { path: string; value: SweepValue }[] {
  const m = /\[([^\]]*)\]\s*$/.exec(title);
  if (!m) return [];
  return m[1]!.split(', ').flatMap((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return [];
    return [{ path: part.slice(0, eq), value: parseValue(part.slice(eq + 1)) }];
  });
}

/** A value typed in a sweep form or read from a title: number, true/false, or text. */
export function parseValue(s: string): SweepValue {
  const v = s.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  return v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}
