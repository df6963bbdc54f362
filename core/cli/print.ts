/** Human-readable renderings of runs, catalog listings, checks and calibration. */
import { MODE_LABEL, type RunEstimate, type RunMetrics, type Scenario, exitsPerUnit, shareOfBusy } from '../model/index.ts';
import type { Catalog, CatalogKind } from '../catalog/catalog.ts';
import type { CalibrationReport, ScenarioCheck } from '../engine/index.ts';
import { NO_GUEST } from '../engine/events.ts';
import type { Lesson, Output } from '../contract/index.ts';
import { dur, num, pct, table } from './format.ts';

export function printRun(scenario: Scenario, m: RunMetrics, _paths: string[], warnings: string[]): string {
  const out: string[] = [];
  out.push(`${scenario.title}  [${scenario.id}, seed ${m.seed}, engine ${m.engineVersion}]`);
  out.push(`simulated ${dur(m.simulatedNs)}, ${num(m.eventCount)} events, stream hash ${m.eventHash}${m.workloadsFinished ? '' : ' (stopped at the time limit)'}`);
  for (const w of warnings) out.push(`warning: ${w}`);
  out.push('');
  out.push(
    table(
      ['guest', 'host', 'mode', 'units', 'per second', 'p50', 'p99', 'cycles/unit', 'exits/unit', 'status'],
      m.guests.map((g) => [g.guest, g.host, g.mode, g.unitsCompleted, num(g.throughputPerSec), dur(g.latencyNs.p50), dur(g.latencyNs.p99), num(g.cyclesPerUnit), num(exitsPerUnit(g)), g.status]),
    ),
  );
  out.push('');
  out.push('CPU time by where it went (share of the guest\'s busy time):');
  out.push(
    table(
      ['guest', 'user', 'kernel', 'exits', 'hypervisor', 'backend', 'steal'],
      m.guests.map((g) => [g.guest, ...(['guestUser', 'guestKernel', 'exits', 'hypervisor', 'backend'] as const).map((part) => pct(shareOfBusy(g.cpu, part))), dur(g.cpu.steal)]),
    ),
  );
  const reasons = m.guests.filter((g) => Object.keys(g.exitsByReason).length || Object.keys(g.hypercallsByKind).length);
  if (reasons.length) {
    out.push('');
    out.push('Why: exits by reason, hypercalls by kind, PV vs emulated paths');
    for (const g of reasons) {
      const top = Object.entries(g.exitsByReason).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([r, n]) => `${r} ${num(n)}`);
      const hc = Object.entries(g.hypercallsByKind).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([r, n]) => `${r} ${num(n)}`);
      const paths = Object.entries(g.pathCounts).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${num(n)}`);
      out.push(`  ${g.guest}: exits [${top.join(', ') || 'none'}]${hc.length ? `; hypercalls [${hc.join(', ')}]` : ''}; paths [${paths.join(', ')}]${g.fallbacks ? `; ${g.fallbacks} fallbacks` : ''}${g.crashed ? '; CRASHED' : ''}`);
    }
  }
  const service = m.guests.filter((g) => g.service.outagesMs.length || g.service.migrations.length || g.service.requestsLost);
  if (service.length) {
    out.push('');
    out.push(`Service: availability ${pct(m.service.availability)} on average, ${num(m.service.requestsLost)} requests lost, ${m.service.migrations} migrations`);
    out.push(
      table(
        ['guest', 'available', 'outages', 'lost', 'migrations (to, rounds, sent, downtime, why it stopped)'],
        service.map((g) => [
          g.guest, pct(g.service.availability), g.service.outagesMs.map((d) => dur(d * 1e6)).join(' ') || '-', g.service.requestsLost,
          g.service.migrations.map((x) => `${x.to}: ${x.rounds} rounds, ${num(x.sentMiB)} MiB, ${dur(x.downtimeMs * 1e6)} down, ${x.stopReason}`).join('; ') || '-',
        ]),
      ),
    );
  }
  const busyRes = m.resources.filter((r) => r.served > 0);
  if (busyRes.length) {
    out.push('');
    out.push('Shared resources:');
    out.push(table(['resource', 'kind', 'servers', 'served', 'utilization', 'mean wait', 'p99 wait', 'max queue'], busyRes.map((r) => [r.id, r.kind, r.servers, num(r.served), pct(r.utilization), dur(r.meanWaitNs), dur(r.waitNs.p99), r.maxQueue])));
  }
  return out.join('\n');
}

/** The catalog's table of scenarios: id, title and how many hosts and guests. */
export function scenarioTable(items: readonly { id: string; title: string; hosts: number; guests: number }[]): string {
  return table(['id', 'title', 'hosts', 'guests'], items.map((s) => [s.id, s.title, s.hosts, s.guests]), ['l', 'l', 'r', 'r']);
}

export function printCatalog(cat: Catalog, kind?: CatalogKind): string {
  const sections: Record<CatalogKind, () => string> = {
    profiles: () => table(['id', 'name', 'arch', 'cores', 'GHz', 'assist', 'exit+entry', 'features'], cat.profiles.map((p) => [p.id, p.name, p.arch, p.cpu.sockets * p.cpu.coresPerSocket * p.cpu.threadsPerCore, p.cpu.clockGhz, p.virt.assist, p.virt.vmExitCycles + p.virt.vmEntryCycles, p.virt.features.join(' ')]), ['l', 'l', 'l', 'r', 'r', 'l', 'r', 'l']),
    hypervisors: () => table(['id', 'name', 'version', 'modes', 'PV interfaces'], cat.hypervisors.map((h) => [h.id, h.name, h.version, h.modes.join(' '), h.pvInterfaces.join(' ')]), ['l', 'l', 'l', 'l', 'l']),
    oses: () => table(['id', 'name', 'version', 'archs', 'Xen PV kernel', 'PV in the box'], cat.oses.map((o) => [o.id, o.name, o.version, o.archs.join(' '), o.xenPvKernel ? 'yes' : 'no', [...new Set(o.inbox.map((c) => c.component))].join(' ') || '-']), ['l', 'l', 'l', 'l', 'l', 'l']),
    addons: () => table(['id', 'name', 'version', 'for', 'hypervisors', 'components'], cat.addons.map((a) => [a.id, a.name, a.version, `${a.requires.osFamily}${a.requires.minOsVersion ? ` ≥ ${a.requires.minOsVersion}` : ''}${a.requires.maxOsVersion ? ` ≤ ${a.requires.maxOsVersion}` : ''}`, a.requires.hypervisorFamilies.join(' '), a.components.map((c) => c.component).join(' ')]), ['l', 'l', 'l', 'l', 'l', 'l']),
    workloads: () => table(['id', 'name', 'unit', 'demand', 'units'], cat.workloads.map((w) => [w.id, w.name, w.unit, w.demand.kind === 'open' ? `open ${w.demand.ratePerSec}/s` : `closed ×${w.demand.concurrency}`, w.units ?? '-']), ['l', 'l', 'l', 'l', 'r']),
    scenarios: () => scenarioTable(cat.scenarios.map((s) => ({ id: s.id, title: s.title, hosts: s.hosts.length, guests: s.guests.length }))),
  };
  if (kind) return sections[kind]();
  return (Object.keys(sections) as CatalogKind[]).map((k) => `${k} (${cat[k].length}):\n${sections[k]()}`).join('\n\n');
}

export function printCheck(r: ScenarioCheck, estimate: RunEstimate | null = null): string {
  const verdict = !r.ok ? 'cannot run' : estimate?.verdict === 'refuse' ? 'too large to run' : 'OK — the scenario can run';
  const out: string[] = [`${r.scenarioId}: ${verdict}`];
  for (const p of r.problems) out.push(`  error  ${p.where}: ${p.message}`);
  for (const w of r.warnings) out.push(`  warn   ${w}`);
  if (estimate) {
    const e = estimate;
    const how = e.exact ? '' : ' (estimated from the first moments)';
    out.push(`  size   ${num(e.events)} events, ≈ ${e.wallSeconds.toFixed(1)} s, ${e.recordingMiB.toFixed(1)} MiB recorded, ${e.peakMemoryMiB.toFixed(0)} MiB of memory${how}`);
    if (e.verdict === 'confirm') out.push(`  note   a long run: pvlab run asks for --yes (${e.reasons.join('; ')})`);
    if (e.verdict === 'refuse') for (const why of e.reasons) out.push(`  error  too large to run: ${why}`);
  }
  for (const g of r.guests) {
    out.push('');
    out.push(`guest ${g.guest} on ${g.host}: ${g.os}, ${MODE_LABEL[g.mode]}`);
    const d = g.devices;
    for (const [cls, dev] of [['nic', d.nic], ['disk', d.disk], ['clock', d.clock]] as const) {
      if (dev) out.push(`  ${cls.padEnd(5)} ${dev.label} (${dev.kind}, ${dev.home})${dev.driver ? ` — driver ${dev.driver}` : ''}${dev.fallback ? `, falls back to ${dev.fallback}` : ''}`);
    }
    for (const a of g.addons) out.push(`  add-on ${a.addon}: ${a.status} → ${a.outcome}. ${a.reasons.join('; ')}`);
    const comps = g.components.map((c) => `${c.component}${c.device ? `(${c.device})` : ''}=${c.state}`);
    if (comps.length) out.push(`  PV components: ${comps.join(', ')}`);
    for (const c of g.components.filter((c) => c.state !== 'active')) out.push(`    ${c.component}${c.device ? ` (${c.device})` : ''}: ${c.reason}`);
    if (g.operations.length) {
      out.push('  operation paths:');
      for (const o of g.operations) out.push(`    ${o.op.padEnd(18)} [${o.cls}] ${o.path}`);
    }
  }
  return out.join('\n');
}

export function printCalibration(r: CalibrationReport): string {
  const out: string[] = ['Nanobenchmarks on the Pentium 4 672 (Adams & Agesen, ASPLOS 2006, §6.3): cycles per operation'];
  out.push(table(['benchmark', 'mode', 'cycles/op', 'ratio to native', 'published'], r.measurements.map((m) => [m.benchmark, m.mode, m.cyclesPerOp.toFixed(0), m.ratioToNative === null ? '-' : m.ratioToNative.toFixed(2), m.published]), ['l', 'l', 'r', 'r', 'l']));
  out.push('');
  out.push('Checks (REFERENCES.md):');
  out.push(table(['§', 'check', 'value', 'allowed', 'target', 'result'], r.checks.map((c) => [c.section, c.name, c.value.toFixed(2), c.min === c.max ? String(c.min) : `${c.min.toFixed(2)} – ${c.max.toFixed(2)}`, c.target, c.ok ? 'ok' : 'OUT OF TOLERANCE']), ['l', 'l', 'r', 'r', 'l', 'l']));
  out.push('');
  out.push(r.ok ? `all ${r.checks.length} checks within tolerance` : `${r.checks.filter((c) => !c.ok).length} of ${r.checks.length} checks out of tolerance`);
  return out.join('\n');
}

export function printRuns(page: Output<'runs.list'>, offset = 0): string {
  if (!page.items.length) return page.total ? `no runs on this page (${page.total} in all)` : 'no runs yet: `pvlab run <scenario>` records one';
  const rows = page.items.map((r) => [
    `#${r.id}`, r.status, r.scenarioId, r.title, num(r.eventCount), (r.simNs / 1e6).toFixed(3),
    r.wallMs === null ? '-' : (r.wallMs / 1000).toFixed(2), r.startedAt.replace('T', ' ').replace(/\.\d+Z?$|Z$/, ''),
  ]);
  const shown = page.items.length < page.total ? `\n${offset + 1}–${offset + page.items.length} of ${page.total} runs` : '';
  return table(['id', 'status', 'scenario', 'title', 'events', 'sim ms', 'wall s', 'started'], rows, ['r', 'l', 'l', 'l', 'r', 'r', 'r', 'l']) + shown;
}

export function printEvents(r: Output<'replay.events'>, open: { runId: number; total: number; guests: string[]; hosts: string[] }): string {
  const name = (list: string[], i: number) => (i < 0 ? '-' : (list[i] ?? String(i)));
  const rows = r.events.map((e) => [
    e.index === r.at ? '>' : '', e.index, (e.t / 1e6).toFixed(6), name(open.hosts, e.host), e.guest === NO_GUEST ? '(host)' : name(open.guests, e.guest), e.guest === NO_GUEST || e.vcpu < 0 ? '-' : e.vcpu,
    e.kind, e.reason, num(e.cycles), e.pathName ?? '-',
  ]);
  const focus = r.events.find((e) => e.index === r.at);
  const head = `run #${open.runId}: event ${r.at} of ${open.total}${focus ? ` at ${(focus.t / 1e6).toFixed(6)} ms` : ''}`;
  return `${head}\n${table(['', '#', 't (ms)', 'host', 'guest', 'vcpu', 'kind', 'reason', 'cycles', 'path'], rows, ['l', 'r', 'r', 'l', 'l', 'r', 'l', 'l', 'r', 'l'])}`;
}

export function printVerify(runId: number, r: Output<'replay.verify'>): string {
  if (r.ok) return `run #${runId} verified: ${r.eventsChecked} events in ${r.chunksChecked} chunks match${r.wholeRun ? '' : ' (the recording stops early; only what was recorded was compared)'}`;
  const d = r.divergence;
  if (!d) return `run #${runId} does not match its recording`;
  return [
    `run #${runId} DIVERGES at event ${d.index}${d.t === null ? '' : ` (t = ${(d.t / 1e6).toFixed(6)} ms)`}`,
    `  field ${d.field}: recorded ${d.recorded ?? '(none)'}, now ${d.now ?? '(none)'}`,
    `  ${r.eventsChecked} events in ${r.chunksChecked} chunks were compared`,
  ].join('\n');
}

export function printBranch(parentId: number, b: Output<'replay.branch'>, outcome: Output<'runs.wait'>): string {
  const out = [
    `branch run #${b.runId} of run #${parentId}: branch point event ${b.eventIndex} at ${(b.tNs / 1e6).toFixed(6)} ms`,
    `status ${outcome.status}, ${num(outcome.eventCount)} events${outcome.error ? `: ${outcome.error}` : ''}`,
  ];
  if (outcome.status === 'completed') out.push(`pvlab replay ${b.runId} --at ${b.tNs}`);
  return out.join('\n');
}

export function printScenarios(page: Output<'scenarios.list'>, offset = 0): string {
  if (!page.items.length) return 'no scenarios match';
  const rows = page.items.map((s) => [s.id, s.title, s.builtIn ? 'built-in' : 'stored', s.hosts, s.guests]);
  const shown = page.items.length < page.total ? `\n${offset + 1}–${offset + page.items.length} of ${page.total} scenarios` : '';
  return table(['id', 'title', 'source', 'hosts', 'guests'], rows, ['l', 'l', 'l', 'r', 'r']) + shown;
}

export function printSweep(r: Output<'runs.sweep'>): string {
  const paths = [...new Set(r.rows.flatMap((row) => row.assignments.map((a) => a.path)))];
  const rows = r.rows.flatMap((row) =>
    (row.guests.length ? row.guests : [null]).map((g, i) => [
      i === 0 ? `#${row.runId}` : '',
      ...paths.map((p) => (i === 0 ? String(row.assignments.find((a) => a.path === p)?.value ?? '') : '')),
      i === 0 ? row.status : '',
      g?.guest ?? '-',
      g ? num(g.throughputPerSec) : '-',
      g ? dur(g.p99LatencyNs) : '-',
      g ? num(g.exitsPerUnit) : '-',
      g ? pct(g.availability) : '-',
    ]),
  );
  const headers = ['run', ...paths, 'status', 'guest', 'units/s', 'p99 latency', 'exits/unit', 'available'];
  return `${table(headers, rows, headers.map((_, i) => (i > paths.length + 2 ? 'r' : 'l')))}\n\nthe runs are tagged ${r.tag} (pvlab runs --tag ${r.tag})`;
}

export function printLessons(lessons: readonly Lesson[], lang: 'en' | 'sv'): string {
  const label = lang === 'sv'
    ? { look: 'Titta på', ask: 'Fråga', run: 'Kör' }
    : { look: 'Look at', ask: 'Question', run: 'Run' };
  return lessons
    .map((l) => [`${l.order}. ${l.title}`, `   ${l.goal}`, `   ${label.look}: ${l.lookAt}`, `   ${label.ask}: ${l.question}`, `   ${label.run}: pvlab run ${l.id}`].join('\n'))
    .join('\n\n');
}
