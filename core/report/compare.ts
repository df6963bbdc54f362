/**
 * Comparing runs: two runs' headline figures with their ratio, and N runs side by side across
 * work done, CPU split, exits by reason, PV versus emulated paths, shared resources and service,
 * with the differences worth saying (the UI and reports phrase them from their message catalogs).
 */
import type { CompareRow, Finding } from '../contract/index.ts';
import { type GuestMetrics, type RunMetrics, exitsPerUnit, pvShare, speedUp, stealShare, totalExits } from '../model/index.ts';

/** Headline metrics of two runs side by side, with b/a. */
export function compareMetrics(a: RunMetrics | null, b: RunMetrics | null): { name: string; a: number; b: number; ratio: number | null }[] {
  if (!a || !b) return [];
  const rows: { name: string; a: number; b: number }[] = [
    { name: 'events', a: a.eventCount, b: b.eventCount },
    { name: 'simulated ms', a: a.simulatedNs / 1e6, b: b.simulatedNs / 1e6 },
  ];
  for (const ga of a.guests) {
    const gb = b.guests.find((g) => g.guest === ga.guest);
    if (!gb) continue;
    rows.push({ name: `${ga.guest} throughput /s`, a: ga.throughputPerSec, b: gb.throughputPerSec });
    rows.push({ name: `${ga.guest} latency p50 ns`, a: ga.latencyNs.p50, b: gb.latencyNs.p50 });
    rows.push({ name: `${ga.guest} latency p99 ns`, a: ga.latencyNs.p99, b: gb.latencyNs.p99 });
    rows.push({ name: `${ga.guest} exits`, a: totalExits(ga), b: totalExits(gb) });
  }
  return rows.map((r) => ({ ...r, ratio: r.a === 0 ? null : r.b / r.a }));
}

/** Rows of N runs' figures (null where a run lacks a guest, reason or resource). */
export function compareRows(runs: readonly (RunMetrics | null)[]): { guests: string[]; rows: CompareRow[] } {
  const guests = [...new Set(runs.flatMap((m) => m?.guests.map((g) => g.guest) ?? []))];
  const rows: CompareRow[] = [];
  const perGuest = (group: CompareRow['group'], name: string, unit: string, f: (g: GuestMetrics) => number) => {
    for (const id of guests) {
      rows.push({ group, name: `${id}: ${name}`, unit, values: runs.map((m) => { const g = m?.guests.find((x) => x.guest === id); return g ? f(g) : null; }) });
    }
  };
  perGuest('work', 'throughput', '/s', (g) => g.throughputPerSec);
  perGuest('work', 'latency p50', 'ns', (g) => g.latencyNs.p50);
  perGuest('work', 'latency p99', 'ns', (g) => g.latencyNs.p99);
  perGuest('work', 'cycles per unit', 'cycles', (g) => g.cyclesPerUnit);
  for (const part of ['guestUser', 'guestKernel', 'exits', 'hypervisor', 'backend', 'idle', 'steal'] as const) {
    perGuest('cpu', `CPU ${part}`, 'ms', (g) => g.cpu[part] / 1e6);
  }
  perGuest('exits', 'exits per unit', '', exitsPerUnit);
  const reasons = [...new Set(runs.flatMap((m) => m?.guests.flatMap((g) => Object.keys(g.exitsByReason)) ?? []))].sort();
  for (const r of reasons) perGuest('exits', `exits ${r}`, '', (g) => g.exitsByReason[r] ?? 0);
  for (const cls of ['native', 'bt', 'hw', 'emulated', 'pv', 'passthrough'] as const) {
    perGuest('paths', `${cls} paths`, 'ops', (g) => g.pathCounts[cls] ?? 0);
  }
  perGuest('paths', 'fallbacks', '', (g) => g.fallbacks);
  const resources = [...new Set(runs.flatMap((m) => m?.resources.map((r) => r.id) ?? []))];
  for (const id of resources) {
    rows.push({ group: 'resources', name: `${id} utilization`, unit: '%', values: runs.map((m) => { const r = m?.resources.find((x) => x.id === id); return r ? r.utilization * 100 : null; }) });
    rows.push({ group: 'resources', name: `${id} mean wait`, unit: 'ns', values: runs.map((m) => m?.resources.find((x) => x.id === id)?.meanWaitNs ?? null) });
  }
  perGuest('service', 'availability', '%', (g) => g.service.availability * 100);
  perGuest('service', 'requests lost', '', (g) => g.service.requestsLost);
  return { guests, rows };
}

/** The differences of each run against run 0 that deserve a sentence, largest first per guest. */
export function findings(runs: readonly (RunMetrics | null)[]): Finding[] {
  const base = runs[0];
  const out: Finding[] = [];
  if (!base) return out;
  runs.forEach((m, i) => {
    if (i === 0 || !m) return;
    for (const b of base.guests) {
      const g = m.guests.find((x) => x.guest === b.guest);
      if (!g) continue;
      const say = (id: Finding['id'], figure: number, detail: string) => void out.push({ id, run: i, guest: g.guest, figure, detail });
      const r = speedUp(b, g);
      if (r !== null) {
        if (r > 1.05) say('faster', r, `${g.throughputPerSec.toFixed(1)} vs ${b.throughputPerSec.toFixed(1)} ${g.unit}/s`);
        else if (r < 0.95) say('slower', r, `${g.throughputPerSec.toFixed(1)} vs ${b.throughputPerSec.toFixed(1)} ${g.unit}/s`);
      }
      const eb = exitsPerUnit(b);
      const eg = exitsPerUnit(g);
      if (eb > 0 && eg < eb * 0.9) say('fewer-exits', eg / eb, `${eg.toFixed(2)} vs ${eb.toFixed(2)} per ${g.unit}`);
      else if (eg > Math.max(eb * 1.1, eb + 0.5)) say('more-exits', eb === 0 ? eg : eg / eb, `${eg.toFixed(2)} vs ${eb.toFixed(2)} per ${g.unit}`);
      const pb = pvShare(b);
      const pg = pvShare(g);
      if (pg - pb > 0.05) say('more-pv', pg, `${(pg * 100).toFixed(0)} % vs ${(pb * 100).toFixed(0)} % of operations`);
      else if (pb - pg > 0.05) say('less-pv', pg, `${(pg * 100).toFixed(0)} % vs ${(pb * 100).toFixed(0)} % of operations`);
      const sb = stealShare(b);
      const sg = stealShare(g);
      if (sg - sb > 0.05) say('more-steal', sg, `${(sg * 100).toFixed(0)} % vs ${(sb * 100).toFixed(0)} % of busy time`);
      else if (sb - sg > 0.05) say('less-steal', sg, `${(sg * 100).toFixed(0)} % vs ${(sb * 100).toFixed(0)} % of busy time`);
      if (g.service.availability < b.service.availability - 0.01) say('less-available', g.service.availability, `${(g.service.availability * 100).toFixed(1)} % vs ${(b.service.availability * 100).toFixed(1)} %`);
    }
    for (const r of m.resources) {
      const rb = base.resources.find((x) => x.id === r.id);
      if (r.utilization > 0.8 && (!rb || rb.utilization < r.utilization - 0.1)) out.push({ id: 'busier-resource', run: i, guest: null, figure: r.utilization, detail: `${r.id} ${(r.utilization * 100).toFixed(0)} % busy` });
    }
    if (!out.some((f) => f.run === i)) out.push({ id: 'same', run: i, guest: null, figure: 1, detail: '' });
  });
  return out;
}
