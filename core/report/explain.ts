/**
 * The differences of runs against a baseline, in words: what differs in the setup (hosts, guests,
 * devices, add-ons, load, seed), the findings of compare.ts phrased with their figures, a line on
 * why each kind of difference arises, and every compared figure with a label in the report's
 * language. Also the variants of a sweep.
 */
import type { CompareRow, Finding } from '../contract/index.ts';
import { type GuestMetrics, type GuestSpec, type RunMetrics, type Scenario, exitsPerUnit, headlineFigures, pvShare, stealShare } from '../model/index.ts';
import type { RunInput } from './build.ts';
import { compareRows, findings } from './compare.ts';
import type { Comparison, SweepData } from './model.ts';
import type { TextKey, Words } from './text.ts';

const PER_GUEST: [RegExp, TextKey, string?][] = [
  [/^throughput$/, 'row.throughput'],
  [/^latency p50$/, 'row.latencyP50'],
  [/^latency p99$/, 'row.latencyP99'],
  [/^cycles per unit$/, 'row.cyclesPerUnit'],
  [/^CPU (\w+)$/, 'row.cpu', 'part'],
  [/^exits per unit$/, 'row.exitsPerUnit'],
  [/^exits (\S+)$/, 'row.exitsReason', 'reason'],
  [/^(\w+) paths$/, 'row.paths', 'cls'],
  [/^fallbacks$/, 'row.fallbacks'],
  [/^availability$/, 'row.availability'],
  [/^requests lost$/, 'row.requestsLost'],
];

/** A compare row's name ("web: latency p99", "host/nic utilization") in the report's language. */
export function rowLabel(row: Pick<CompareRow, 'name'>, guests: readonly string[], w: Words): string {
  const colon = row.name.indexOf(': ');
  const guest = colon > 0 ? row.name.slice(0, colon) : null;
  if (guest !== null && guests.includes(guest)) {
    const rest = row.name.slice(colon + 2);
    for (const [re, key, param] of PER_GUEST) {
      const m = re.exec(rest);
      if (!m) continue;
      const value = param === 'part' ? w.tk('cpu', m[1]!) : param === 'cls' ? w.tk('path', m[1]!) : (m[1] ?? '');
      return `${guest}: ${w.t(key, param ? { [param]: value } : {})}`;
    }
    return row.name;
  }
  const res = /^(.+) (utilization|mean wait)$/.exec(row.name);
  if (res) return w.t(res[2] === 'utilization' ? 'row.utilization' : 'row.meanWait', { resource: res[1]! });
  return row.name;
}

/** A finding as a sentence with its figures, and the line on why such a difference arises. */
export function phrase(f: Finding, metrics: readonly (RunMetrics | null)[], w: Words): { text: string; why: string } {
  const g = metrics[f.run]?.guests.find((x) => x.guest === f.guest);
  const b = metrics[0]?.guests.find((x) => x.guest === f.guest);
  const pair = (pick: (m: GuestMetrics) => number, show: (v: number) => string) => ({ a: g ? show(pick(g)) : '–', b: b ? show(pick(b)) : '–' });
  let figures: { a: string; b: string } = { a: '', b: '' };
  switch (f.id) {
    case 'faster':
    case 'slower': figures = pair((m) => m.throughputPerSec, (v) => `${w.num(v, 1)} ${g?.unit ?? ''}/s`); break;
    case 'fewer-exits':
    case 'more-exits': figures = pair(exitsPerUnit, (v) => w.num(v, 2)); break;
    case 'more-pv':
    case 'less-pv': figures = pair(pvShare, (v) => w.pct(v, 1)); break;
    case 'more-steal':
    case 'less-steal': figures = pair(stealShare, (v) => w.pct(v, 1)); break;
    case 'less-available': figures = pair((m) => m.service.availability, (v) => w.pct(v, 2)); break;
    case 'busier-resource': figures = { a: w.pct(f.figure, 0), b: '' }; break;
    case 'same': break;
  }
  const resource = f.id === 'busier-resource' ? f.detail.replace(/ \d+(\.\d+)? % busy$/, '') : '';
  return {
    text: w.t(`finding.${f.id}`, { guest: f.guest ?? '', a: figures.a, b: figures.b, ratio: w.ratio(f.figure), resource }),
    why: w.t(`why.${f.id}`),
  };
}

const show = (v: unknown): string => (v === undefined || v === null ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** What differs between the baseline's setup and a run's, each difference one phrase. */
export function setupChanges(base: RunInput, run: RunInput, w: Words): string[] {
  const a: Scenario = base.run.scenario;
  const b: Scenario = run.run.scenario;
  const out: string[] = [];
  if (base.run.seed !== run.run.seed) out.push(w.t('setup.seed', { a: base.run.seed, b: run.run.seed }));
  if (a.durationMs !== b.durationMs) out.push(w.t('setup.duration', { a: w.dur(a.durationMs * 1e6), b: w.dur(b.durationMs * 1e6) }));
  if (base.run.engineVersion !== run.run.engineVersion) out.push(w.t('setup.engine', { a: base.run.engineVersion, b: run.run.engineVersion }));
  for (const h of b.hosts) {
    const o = a.hosts.find((x) => x.id === h.id);
    if (!o) { out.push(w.t('setup.hostOnlyRun', { host: h.id })); continue; }
    if (o.profile !== h.profile) out.push(w.t('setup.hostProfile', { host: h.id, a: o.profile, b: h.profile }));
    if (o.hypervisor !== h.hypervisor) out.push(w.t('setup.hostHypervisor', { host: h.id, a: show(o.hypervisor), b: show(h.hypervisor) }));
    if (o.cores !== h.cores) out.push(w.t('setup.hostCores', { host: h.id, a: show(o.cores), b: show(h.cores) }));
    if (o.memoryGiB !== h.memoryGiB) out.push(w.t('setup.hostMemory', { host: h.id, a: show(o.memoryGiB), b: show(h.memoryGiB) }));
    const slice = (x: typeof h) => (x.scheduler ? w.dur(x.scheduler.timesliceUs * 1e3) : w.t('say.default'));
    if (o.scheduler?.timesliceUs !== h.scheduler?.timesliceUs) out.push(w.t('setup.hostTimeslice', { host: h.id, a: slice(o), b: slice(h) }));
  }
  for (const h of a.hosts) if (!b.hosts.some((x) => x.id === h.id)) out.push(w.t('setup.hostOnlyBase', { host: h.id }));
  for (const g of b.guests) {
    const o = a.guests.find((x) => x.id === g.id);
    if (!o) { out.push(w.t('setup.guestOnlyRun', { guest: g.id })); continue; }
    out.push(...guestChanges(o, g, w));
  }
  for (const g of a.guests) if (!b.guests.some((x) => x.id === g.id)) out.push(w.t('setup.guestOnlyBase', { guest: g.id }));
  if (a.timeline.length !== b.timeline.length) out.push(w.t('setup.timeline', { a: a.timeline.length, b: b.timeline.length }));
  else if (JSON.stringify(a.timeline) !== JSON.stringify(b.timeline)) out.push(w.t('setup.timelineChanged'));
  if (JSON.stringify(a.migration) !== JSON.stringify(b.migration)) out.push(w.t('setup.migration'));
  if (JSON.stringify(a.ha) !== JSON.stringify(b.ha)) out.push(w.t('setup.ha'));
  // anything else that changes what runs (the scenario's hash differs) is still said
  if (out.length === 0 && base.run.scenarioHash !== run.run.scenarioHash && !sameButWords(a, b)) out.push(w.t('setup.other'));
  return out;
}

/** The scenarios differ only in their words (id, title, description, lesson), not in what runs. */
function sameButWords(a: Scenario, b: Scenario): boolean {
  const strip = (s: Scenario) => JSON.stringify({ ...s, id: '', title: '', description: '', lesson: undefined, $schema: undefined });
  return strip(a) === strip(b);
}

function guestChanges(o: GuestSpec, g: GuestSpec, w: Words): string[] {
  const out: string[] = [];
  const field = (name: TextKey, x: unknown, y: unknown, fmt: (v: unknown) => string = show) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(w.t('setup.guestField', { guest: g.id, field: w.t(name), a: fmt(x), b: fmt(y) }));
  };
  field('field.host', o.host, g.host);
  field('field.os', o.os, g.os);
  field('field.mode', o.mode, g.mode, (v) => w.tk('mode', String(v)));
  field('field.vcpus', o.vcpus, g.vcpus);
  field('field.memoryMiB', o.memoryMiB, g.memoryMiB);
  field('field.nic', o.devices.nic, g.devices.nic);
  field('field.disk', o.devices.disk, g.devices.disk);
  field('field.clock', o.devices.clock, g.devices.clock);
  field('field.nicBackend', o.devices.nicBackend, g.devices.nicBackend);
  field('field.nicCoalescing', o.devices.nicCoalescing, g.devices.nicCoalescing, (v) => {
    const c = v as GuestSpec['devices']['nicCoalescing'];
    return !c ? w.t('say.default') : c.mode === 'off' ? w.t('say.off') : w.dur(c.intervalUs * 1e3);
  });
  field('field.hvFlags', o.hvFlags, g.hvFlags, (v) => (v === undefined ? w.t('say.default') : (v as string[]).length ? (v as string[]).join(', ') : w.t('say.none')));
  field('field.workload', o.workload.id, g.workload.id);
  field('field.demand', o.workload.demand, g.workload.demand);
  field('field.units', o.workload.units, g.workload.units);
  for (const k of [...new Set([...Object.keys(o.workload.params), ...Object.keys(g.workload.params)])].sort()) {
    if (o.workload.params[k] !== g.workload.params[k]) out.push(w.t('setup.param', { guest: g.id, param: k, a: show(o.workload.params[k]), b: show(g.workload.params[k]) }));
  }
  field('field.disabled', o.disabled, g.disabled, (v) => ((v as string[]).length ? (v as string[]).join(', ') : w.t('say.none')));
  field('field.cpuModel', o.cpuModel, g.cpuModel);
  field('field.privileged', o.privileged, g.privileged, (v) => w.t(v ? 'say.yes' : 'say.no'));
  const added = g.addons.filter((x) => !o.addons.includes(x));
  const removed = o.addons.filter((x) => !g.addons.includes(x));
  if (added.length) out.push(w.t('setup.addonsAdded', { guest: g.id, list: added.join(', ') }));
  if (removed.length) out.push(w.t('setup.addonsRemoved', { guest: g.id, list: removed.join(', ') }));
  return out;
}

/** Runs against runs[0]: setup differences, findings in words and every compared figure. */
export function comparison(runs: readonly RunInput[], w: Words): Comparison {
  const metrics = runs.map((r) => r.run.metrics);
  const { guests, rows } = compareRows(metrics);
  return {
    baseline: runs[0]!.run.id,
    guests,
    setup: runs.slice(1).map((r, k) => ({ run: k + 1, changes: setupChanges(runs[0]!, r, w) })),
    findings: findings(metrics).map((f) => ({ ...f, ...phrase(f, metrics, w) })),
    rows: rows.map((r) => ({ ...r, label: rowLabel(r, guests, w) })),
  };
}

/** A sweep run's varied values, read from its title (`… [path=value, path=value]`, as runs.sweep names them). */
export function assignmentsOf(title: string): { path: string; value: string | number | boolean }[] {
  const m = /\[([^\]]*)\]\s*$/.exec(title);
  if (!m) return [];
  return m[1]!.split(', ').flatMap((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return [];
    const v = part.slice(eq + 1).trim();
    const value = v === 'true' || v === 'false' ? v === 'true' : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    return [{ path: part.slice(0, eq), value }];
  });
}

export function sweepData(tag: string, runs: readonly RunInput[]): SweepData {
  const axes = [...new Set(runs.flatMap((r) => assignmentsOf(r.run.title).map((a) => a.path)))];
  return {
    tag,
    axes,
    variants: runs.map(({ run }) => {
      const as = assignmentsOf(run.title);
      return {
        runId: run.id,
        values: axes.map((p) => as.find((a) => a.path === p)?.value ?? ''),
        status: run.status,
        guests: (run.metrics?.guests ?? []).map(headlineFigures),
      };
    }),
  };
}
