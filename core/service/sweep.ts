/**
 * Sweeps: one scenario, some of its fields varied over lists of values, every combination run.
 * A path names a field the way a person reads a scenario: `guests.web.devices.nic`,
 * `hosts.0.cores`, `durationMs`, `migration.maxDowntimeMs` — array elements by id or index.
 */
import { type HeadlineFigures, PvLabError, Scenario, SweepAxis, SweepValue, headlineFigures, invalidInput, type RunMetrics } from '../model/index.ts';

export { SweepValue, SweepAxis };

export interface SweepVariant {
  assignments: { path: string; value: SweepValue }[];
  scenario: Scenario;
}

/** At most this many variants in one sweep. */
export const MAX_VARIANTS = 256;

/** A copy of `doc` with the field at `path` set to `value`. */
export function setPath(doc: unknown, path: string, value: SweepValue): unknown {
  const keys = path.split('.');
  const walk = (node: unknown, i: number): unknown => {
    const key = keys[i]!;
    const last = i === keys.length - 1;
    if (Array.isArray(node) && key === '*') {
      if (node.length === 0) throw new PvLabError('invalid-input', `"${path}": ${keys.slice(0, i).join('.')} is empty`, 'point the path at a list with elements');
      return node.map((x) => (last ? value : walk(x, i + 1)));
    }
    if (Array.isArray(node)) {
      const idx = /^\d+$/.test(key) ? Number(key) : node.findIndex((x) => typeof x === 'object' && x !== null && (x as { id?: unknown }).id === key);
      if (idx < 0 || idx >= node.length) {
        const ids = node.map((x, k) => (typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string' ? (x as { id: string }).id : String(k)));
        throw new PvLabError('invalid-input', `"${path}": there is no "${key}" in ${keys.slice(0, i).join('.') || 'the scenario'}`, `use one of: ${ids.join(', ')}`);
      }
      const copy = [...node];
      copy[idx] = last ? value : walk(node[idx], i + 1);
      return copy;
    }
    if (typeof node !== 'object' || node === null) {
      throw new PvLabError('invalid-input', `"${path}": ${keys.slice(0, i).join('.')} holds no fields`, 'point the path at a field of the scenario');
    }
    const obj = node as Record<string, unknown>;
    return { ...obj, [key]: last ? value : walk(obj[key] ?? {}, i + 1) };
  };
  return walk(doc, 0);
}

/** Every combination of the axes' values applied to `base`, each validated. */
export function expandSweep(base: Scenario, axes: readonly SweepAxis[]): SweepVariant[] {
  if (axes.length === 0) throw new PvLabError('invalid-input', 'A sweep needs at least one field to vary', 'add --vary PATH=V1,V2,…');
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_VARIANTS) throw new PvLabError('invalid-input', `This sweep has ${count} combinations; the limit is ${MAX_VARIANTS}`, 'vary fewer fields or fewer values at once');
  let combos: { path: string; value: SweepValue }[][] = [[]];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((value) => [...c, { path: a.path, value }]));
  return combos.map((assignments) => {
    let doc: unknown = base;
    for (const { path, value } of assignments) doc = setPath(doc, path, value);
    const r = Scenario.safeParse(doc);
    if (!r.success) {
      throw invalidInput(`The variant ${label(assignments)} is not a valid scenario`, r.error.issues, 'choose values the field accepts');
    }
    return { assignments, scenario: r.data };
  });
}

export function label(assignments: readonly { path: string; value: SweepValue }[]): string {
  return assignments.map((a) => `${a.path}=${a.value}`).join(', ');
}

/** The figures a sweep table shows for one run, per guest. */
export interface SweepRow {
  runId: number;
  assignments: { path: string; value: SweepValue }[];
  status: string;
  guests: HeadlineFigures[];
}

export function sweepRow(runId: number, assignments: SweepRow['assignments'], status: string, m: RunMetrics | null): SweepRow {
  return {
    runId,
    assignments,
    status,
    guests: (m?.guests ?? []).map(headlineFigures),
  };
}
