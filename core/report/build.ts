/**
 * Building a report: one section per run from the run as stored (RunDetail), its per-window
 * series and the catalog entries it ran with, plus the comparison (explain.ts) for a baseline,
 * N runs or a sweep. Every figure comes from the run's metrics through the same helpers the
 * compare view uses (compare.ts), so a report never disagrees with the screen.
 */
import { checkScenario } from '../engine/check.ts';
import {
  DEVICE_INFO, type GuestMetrics, exitsPerUnit, hostCores, perUnit, pvShare, type RunDetail, type Scenario, type SeriesPoint, type TimelineAction,
} from '../model/index.ts';
import { type CatalogSnapshot, snapshotCatalog } from '../trace/plan.ts';
import { comparison, sweepData } from './explain.ts';
import { REPORT_FORMAT_VERSION, type ReportDoc, type ReportKind, type ReportLang, ReportDoc as ReportSchema, type RunSection } from './model.ts';
import { type Words, words } from './text.ts';

/** What a report needs to know about one run. */
export interface RunInput {
  run: RunDetail;
  series: { windowNs: number; points: SeriesPoint[] };
  catalog: CatalogSnapshot;
}

export interface BuildOptions {
  lang: ReportLang;
  appVersion: string;
}

/** "Linux 2.6.11" with version "2.6.11" stays as it is; "Windows Server" becomes "Windows Server 2019". */
const named = (name: string, version: string) => (name.includes(version) ? name : `${name} ${version}`);

const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);

/** A timeline action in words. */
export function describeAction(a: TimelineAction, w: Words): string {
  switch (a.action) {
    case 'install-addon':
    case 'remove-addon': return w.t(`action.${a.action}`, { addon: a.addon, guest: a.guest });
    case 'set-load': return w.t('action.set-load', { guest: a.guest });
    case 'set-device': return w.t('action.set-device', { guest: a.guest, model: DEVICE_INFO[a.model]?.label ?? a.model, device: w.t(`field.${a.device}`) });
    case 'host-failure':
    case 'host-repair': return w.t(`action.${a.action}`, { host: a.host });
    case 'host-maintenance': return w.t('action.host-maintenance', { host: a.host, duration: w.dur(a.durationMs * 1e6) });
    case 'migrate': return w.t('action.migrate', { guest: a.guest, to: a.to });
  }
}

function hosts(s: Scenario, c: CatalogSnapshot, run: RunDetail): RunSection['hosts'] {
  return s.hosts.map((h) => {
    const p = c.profiles.find((x) => x.id === h.profile);
    const hv = h.hypervisor === null ? undefined : c.hypervisors.find((x) => x.id === h.hypervisor);
    const cores = h.cores ?? (p ? hostCores(p) : 0);
    return {
      id: h.id,
      profile: h.profile,
      profileName: p?.name ?? h.profile,
      cpu: String(cores),
      arch: p?.arch ?? '',
      hypervisor: h.hypervisor,
      hypervisorName: hv ? named(hv.name, hv.version) : h.hypervisor,
      utilization: run.metrics?.hosts.find((m) => m.host === h.id)?.utilization ?? null,
    };
  });
}

function guests(s: Scenario, c: CatalogSnapshot): RunSection['guests'] {
  // the compatibility resolver says what each device and add-on did, as the scenario editor shows it
  let check: ReturnType<typeof checkScenario> | null = null;
  try {
    check = checkScenario(s, snapshotCatalog(c, s));
  } catch {
    check = null;
  }
  return s.guests.map((g) => {
    const r = check?.guests.find((x) => x.guest === g.id);
    const os = c.oses.find((x) => x.id === g.os);
    const wl = c.workloads.find((x) => x.id === g.workload.id);
    const device = (d: { label: string } | null | undefined, model: string | undefined) => d?.label ?? (model ? (DEVICE_INFO[model as keyof typeof DEVICE_INFO]?.label ?? model) : null);
    return {
      id: g.id,
      host: g.host,
      os: os ? named(os.name, os.version) : g.os,
      vcpus: g.vcpus,
      memoryMiB: g.memoryMiB,
      mode: g.mode,
      devices: { nic: device(r?.devices.nic, g.devices.nic), disk: device(r?.devices.disk, g.devices.disk), clock: device(r?.devices.clock, g.devices.clock) ?? '' },
      workload: wl ? wl.name : g.workload.id,
      addons: (r?.addons ?? g.addons.map((a) => ({ addon: a, status: 'current' as const, outcome: 'active' as const, reasons: [] }))).map((a) => {
        const entry = c.addons.find((x) => x.id === a.addon);
        return { addon: a.addon, name: entry ? named(entry.name, entry.version) : a.addon, status: a.status, outcome: a.outcome, reasons: a.reasons };
      }),
    };
  });
}

function result(g: GuestMetrics): NonNullable<RunSection['results']>[number] {
  return {
    guest: g.guest, unit: g.unit, unitsCompleted: g.unitsCompleted, throughputPerSec: g.throughputPerSec, latencyNs: g.latencyNs, cyclesPerUnit: g.cyclesPerUnit,
    exitsPerUnit: exitsPerUnit(g), pvShare: pvShare(g), availability: g.service.availability, requestsLost: g.service.requestsLost, status: g.status, crashed: g.crashed, cpu: g.cpu,
  };
}

function why(g: GuestMetrics): NonNullable<RunSection['why']>[number] {
  const ops = sum(g.pathCounts);
  return {
    guest: g.guest,
    exits: Object.entries(g.exitsByReason).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason, count]) => ({ reason, count, perUnit: perUnit(g, count) })),
    hypercalls: Object.entries(g.hypercallsByKind).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([kind, count]) => ({ kind, count })),
    paths: (['native', 'bt', 'hw', 'emulated', 'pv', 'passthrough'] as const).flatMap((cls) => {
      const count = g.pathCounts[cls] ?? 0;
      return count > 0 ? [{ cls, count, share: ops > 0 ? count / ops : 0 }] : [];
    }),
    fallbacks: g.fallbacks, failures: g.failures, faults: g.faults, activePv: [...g.activePv],
    migrations: g.service.migrations.map((m) => ({ ...m })),
    outagesMs: [...g.service.outagesMs],
  };
}

function series(input: RunInput): RunSection['series'] {
  const { windowNs, points } = input.series;
  const winS = windowNs / 1e9;
  const ids = input.run.scenario.guests.map((g) => g.id);
  return {
    windowNs,
    tNs: points.map((p) => p.tNs),
    guests: ids.map((guest) => ({
      guest,
      unitsPerSec: points.map((p) => { const g = p.guests.find((x) => x.guest === guest); return g && winS > 0 ? g.units / winS : 0; }),
      exitsPerSec: points.map((p) => { const g = p.guests.find((x) => x.guest === guest); return g && winS > 0 ? g.exits / winS : 0; }),
    })),
  };
}

function branchChange(run: RunDetail, w: Words): string {
  const b = run.branch;
  if (!b) return '';
  const action = run.scenario.timeline[b.actionIndex];
  return action ? describeAction(action, w) : b.change.change;
}

export function runSection(input: RunInput, w: Words): RunSection {
  const { run, catalog } = input;
  const s = run.scenario;
  const m = run.metrics;
  const lesson = s.lesson ? s.lesson[w.lang] : null;
  return {
    id: run.id,
    title: run.title,
    status: run.status,
    scenario: { id: s.id, title: s.title, description: s.description, durationMs: s.durationMs, hash: run.scenarioHash },
    lesson: lesson ? { ...lesson } : null,
    seed: run.seed,
    engineVersion: run.engineVersion,
    recorded: run.recorded,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    wallMs: run.wallMs,
    simulatedNs: run.simNs,
    eventCount: run.eventCount,
    eventHash: run.eventHash,
    recordingHash: run.chainHash,
    branch: run.branch ? { parentId: run.branch.parentId, tNs: run.branch.tNs, change: branchChange(run, w) } : null,
    tags: [...run.tags],
    notes: run.notes.map((n) => n.text),
    warnings: [...run.warnings],
    error: run.error,
    hosts: hosts(s, catalog, run),
    guests: guests(s, catalog),
    timeline: s.timeline.map((a) => ({ atMs: a.atMs, text: describeAction(a, w) })).sort((a, b) => a.atMs - b.atMs),
    results: m ? m.guests.map(result) : null,
    why: m ? m.guests.map(why) : null,
    resources: (m?.resources ?? []).filter((r) => r.served > 0).map((r) => ({
      id: r.id, kind: r.kind, host: r.host, servers: r.servers, served: r.served, utilization: r.utilization, meanWaitNs: r.meanWaitNs, p99WaitNs: r.waitNs.p99, maxQueue: r.maxQueue, meanQueue: r.meanQueue,
    })),
    series: series(input),
  };
}

function doc(kind: ReportKind, title: string, runs: readonly RunInput[], subject: number, o: BuildOptions, extra: Pick<ReportDoc, 'comparison' | 'sweep'>): ReportDoc {
  const w = words(o.lang);
  // parsing fixes the key order and checks the document against its published schema
  return ReportSchema.parse({
    format: 'pvlab-report', formatVersion: REPORT_FORMAT_VERSION, kind, lang: o.lang, appVersion: o.appVersion, title,
    runs: runs.map((r) => runSection(r, w)), subject, ...extra,
  });
}

/** One run's report; with a baseline, the differences against it. */
export function buildRunReport(run: RunInput, baseline: RunInput | null, o: BuildOptions): ReportDoc {
  const w = words(o.lang);
  const runs = baseline ? [baseline, run] : [run];
  const title = w.t('title.run', { title: run.run.title });
  return doc('run', title, runs, runs.length - 1, o, { comparison: baseline ? comparison(runs, w) : null, sweep: null });
}

/** N runs side by side, the first the baseline. */
export function buildCompareReport(runs: readonly RunInput[], o: BuildOptions): ReportDoc {
  const w = words(o.lang);
  return doc('compare', w.t('title.compare', { n: runs.length }), runs, 0, o, { comparison: runs.length > 1 ? comparison(runs, w) : null, sweep: null });
}

/** The runs of a sweep (tagged sweep-N), in run order, with their varied values and figures. */
export function buildSweepReport(tag: string, runs: readonly RunInput[], o: BuildOptions): ReportDoc {
  const w = words(o.lang);
  return doc('sweep', w.t('title.sweep', { tag }), runs, 0, o, { comparison: runs.length > 1 ? comparison(runs, w) : null, sweep: sweepData(tag, runs) });
}
