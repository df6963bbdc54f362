/**
 * The blocks of one run: what ran (scenario, hosts, guests, add-ons with status, timeline, seed,
 * engine, hashes), what it achieved (headline figures, CPU split, figures over time) and why
 * (exits by reason, hypercalls, PV versus emulated paths, failures and fallbacks, queueing,
 * service).
 */
import { type Block, cell, facts, table } from './blocks.ts';
import { CPU_COLORS, PALETTE, PATH_COLORS, groupedBars, lineChart, stackedBars } from './charts.ts';
import type { RunSection } from './model.ts';
import type { Words } from './text.ts';

const CPU_PARTS = ['guestUser', 'guestKernel', 'exits', 'hypervisor', 'backend', 'steal', 'idle'] as const;

/** The timeline's actions as marks on charts over the run, numbered as in the timeline table. */
const markers = (r: RunSection) => r.timeline.map((a, i) => ({ x: a.atMs, label: String(i + 1), title: a.text }));
const TOP_REASONS = 8;

export function lessonBlocks(r: RunSection, w: Words): Block[] {
  if (!r.lesson) return [];
  return [{
    type: 'lesson',
    title: `${w.t('h.lesson')}: ${r.lesson.title}`,
    parts: [
      { label: w.t('lesson.goal'), text: r.lesson.goal },
      { label: w.t('lesson.lookAt'), text: r.lesson.lookAt },
      { label: w.t('lesson.question'), text: r.lesson.question },
    ],
  }];
}

export function runFacts(r: RunSection, w: Words, id: string): Block {
  const rows: [string, string, (string | number | null)?][] = [
    [w.t('fact.run'), `#${r.id}`, r.id],
    [w.t('col.title'), r.title],
    [w.t('fact.scenario'), `${r.scenario.title} (${r.scenario.id})`],
    [w.t('fact.status'), w.tk('run.status', r.status), r.status],
    [w.t('fact.seed'), String(r.seed), r.seed],
    [w.t('fact.engine'), r.engineVersion],
    [w.t('fact.duration'), w.dur(r.scenario.durationMs * 1e6), r.scenario.durationMs * 1e6],
    [w.t('fact.simulated'), w.dur(r.simulatedNs), r.simulatedNs],
    [w.t('fact.events'), w.int(r.eventCount), r.eventCount],
    [w.t('fact.recorded'), w.t(r.recorded ? 'say.yes' : 'say.no'), r.recorded ? 'yes' : 'no'],
    [w.t('fact.recordingHash'), r.recordingHash ?? '–', r.recordingHash],
    [w.t('fact.eventHash'), r.eventHash ?? '–', r.eventHash],
    [w.t('fact.scenarioHash'), r.scenario.hash],
    [w.t('fact.started'), r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'), r.startedAt],
    [w.t('fact.wall'), r.wallMs === null ? '–' : w.dur(r.wallMs * 1e6), r.wallMs],
  ];
  if (r.branch) {
    const text = r.branch.parentId === null
      ? w.t('fact.branchImported', { t: w.dur(r.branch.tNs), change: r.branch.change })
      : w.t('fact.branchOf', { parent: r.branch.parentId, t: w.dur(r.branch.tNs), change: r.branch.change });
    rows.push([w.t('fact.branch'), text]);
  }
  if (r.tags.length) rows.push([w.t('fact.tags'), r.tags.join(', ')]);
  return { type: 'table', facts: true, table: facts(id, w.t('h.whatRan'), rows, [w.t('fact.what'), w.t('fact.value')]) };
}

export function whatRan(r: RunSection, w: Words, p: string): Block[] {
  const out: Block[] = [];
  if (r.scenario.description) out.push({ type: 'p', text: r.scenario.description });
  out.push(runFacts(r, w, `${p}facts`));
  out.push({ type: 'h3', text: w.t('h.hosts') }, {
    type: 'table',
    table: table(`${p}hosts`, w.t('h.hosts'), r.hosts, [
      [w.t('col.host'), false, (h) => cell(h.id)],
      [w.t('col.profile'), false, (h) => cell(h.profileName, h.profile)],
      [w.t('col.cpu'), false, (h) => cell(h.cpu)],
      [w.t('col.hypervisor'), false, (h) => cell(h.hypervisorName ?? '–', h.hypervisor)],
      [w.t('col.busy'), true, (h) => cell(h.utilization === null ? '–' : w.pct(h.utilization), h.utilization)],
    ]),
  });
  out.push({ type: 'h3', text: w.t('h.guests') }, {
    type: 'table',
    table: table(`${p}guests`, w.t('h.guests'), r.guests, [
      [w.t('col.guest'), false, (g) => cell(g.id)],
      [w.t('col.host'), false, (g) => cell(g.host)],
      [w.t('col.os'), false, (g) => cell(g.os)],
      [w.t('col.vcpus'), true, (g) => cell(String(g.vcpus), g.vcpus)],
      [w.t('col.memory'), true, (g) => cell(`${w.int(g.memoryMiB)} MiB`, g.memoryMiB)],
      [w.t('col.mode'), false, (g) => cell(w.tk('mode', g.mode), g.mode)],
      [w.t('col.nic'), false, (g) => cell(g.devices.nic ?? '–', g.devices.nic)],
      [w.t('col.disk'), false, (g) => cell(g.devices.disk ?? '–', g.devices.disk)],
      [w.t('col.clock'), false, (g) => cell(g.devices.clock)],
      [w.t('col.workload'), false, (g) => cell(g.workload)],
    ]),
  });
  const addons = r.guests.flatMap((g) => g.addons.map((a) => ({ guest: g.id, ...a })));
  if (addons.length) {
    out.push({ type: 'h3', text: w.t('h.addons') }, {
      type: 'table',
      table: table(`${p}addons`, w.t('h.addons'), addons, [
        [w.t('col.guest'), false, (a) => cell(a.guest)],
        [w.t('col.addon'), false, (a) => cell(a.name, a.addon)],
        [w.t('col.addonStatus'), false, (a) => cell(w.tk('addon', a.status), a.status)],
        [w.t('col.outcome'), false, (a) => cell(w.tk('outcome', a.outcome), a.outcome)],
        [w.t('col.reasons'), false, (a) => cell(a.reasons.join('; ') || '–', a.reasons.join('; '))],
      ]),
    });
  }
  if (r.timeline.length) {
    out.push({ type: 'h3', text: w.t('h.timeline') }, {
      type: 'table',
      table: table(`${p}timeline`, w.t('h.timeline'), r.timeline.map((a, i) => ({ ...a, n: i + 1 })), [
        ['#', true, (a) => cell(String(a.n), a.n)],
        [w.t('col.at'), true, (a) => cell(w.dur(a.atMs * 1e6), a.atMs)],
        [w.t('col.action'), false, (a) => cell(a.text)],
      ]),
    });
  }
  return out;
}

export function achieved(r: RunSection, w: Words, p: string): Block[] {
  if (!r.results) return [{ type: 'p', text: w.t('say.noMetrics'), tone: 'warn' }];
  const res = r.results;
  const out: Block[] = [{
    type: 'table',
    table: table(`${p}results`, w.t('h.achieved'), res, [
      [w.t('col.guest'), false, (g) => cell(g.guest)],
      [w.t('col.units'), true, (g) => cell(w.int(g.unitsCompleted), g.unitsCompleted)],
      [w.t('col.throughput'), true, (g) => cell(w.num(g.throughputPerSec, 1), g.throughputPerSec)],
      [w.t('col.p50'), true, (g) => cell(g.latencyNs.count ? w.dur(g.latencyNs.p50) : '–', g.latencyNs.count ? g.latencyNs.p50 : null)],
      [w.t('col.p99'), true, (g) => cell(g.latencyNs.count ? w.dur(g.latencyNs.p99) : '–', g.latencyNs.count ? g.latencyNs.p99 : null)],
      [w.t('col.cyclesPerUnit'), true, (g) => cell(w.big(g.cyclesPerUnit), g.cyclesPerUnit)],
      [w.t('col.exitsPerUnit'), true, (g) => cell(w.num(g.exitsPerUnit, 2), g.exitsPerUnit)],
      [w.t('col.pvShare'), true, (g) => cell(w.pct(g.pvShare), g.pvShare)],
      [w.t('col.availability'), true, (g) => cell(w.pct(g.availability, 2), g.availability)],
      [w.t('col.atEnd'), false, (g) => cell(w.tk('guest.status', g.status), g.status)],
    ]),
  }];
  const units = new Map<string, string[]>();
  for (const g of res) units.set(g.unit, [...(units.get(g.unit) ?? []), g.guest]);
  out.push({ type: 'p', text: `${w.t('say.units')}: ${[...units].map(([unit, gs]) => (units.size === 1 ? unit : `${gs.join(', ')}: ${unit}`)).join('; ')}`, tone: 'muted' });
  const colors = r.series.guests.map((_, i) => PALETTE[i % PALETTE.length]!);
  const xMs = r.series.tNs.map((t) => t / 1e6);
  out.push({
    type: 'chart',
    title: w.t('chart.throughput'),
    svg: lineChart({
      title: w.t('chart.throughput'), xLabel: w.t('chart.simMs'), x: xMs, markers: markers(r), fmtX: (v) => w.num(v, 1), fmtY: (v) => w.big(v), empty: w.t('chart.none'),
      series: r.series.guests.map((g, i) => ({ label: g.guest, color: colors[i]!, values: g.unitsPerSec })),
    }),
  });
  out.push({ type: 'h3', text: w.t('h.cpu') });
  const keys = CPU_PARTS.map((k) => ({ key: k, label: w.t(`cpu.${k}`), color: CPU_COLORS[k]! }));
  out.push({
    type: 'chart',
    title: w.t('chart.cpu'),
    svg: stackedBars({ title: w.t('chart.cpu'), keys, fmtShare: (v) => w.pct(v, 0), empty: w.t('chart.none'), bars: res.map((g) => ({ label: g.guest, parts: CPU_PARTS.map((k) => ({ key: k, value: g.cpu[k] })) })) }),
  });
  const total = (g: (typeof res)[number]) => CPU_PARTS.reduce((a, k) => a + g.cpu[k], 0);
  out.push({
    type: 'table',
    table: table(`${p}cpu`, w.t('h.cpu'), res, [
      [w.t('col.guest'), false, (g) => cell(g.guest)],
      ...CPU_PARTS.map((k): [string, boolean, (g: (typeof res)[number]) => ReturnType<typeof cell>] => [
        `${w.t(`cpu.${k}`)} (ms)`, true, (g) => cell(`${w.pct(total(g) > 0 ? g.cpu[k] / total(g) : 0)} · ${w.num(g.cpu[k] / 1e6, 1)}`, g.cpu[k] / 1e6),
      ]),
    ]),
  });
  return out;
}

export function whyBlocks(r: RunSection, w: Words, p: string): Block[] {
  if (!r.why) return [];
  const out: Block[] = [{ type: 'h3', text: w.t('h.exits') }];
  const exits = r.why.flatMap((g) => g.exits.map((e) => ({ guest: g.guest, ...e })));
  // the largest reasons of every guest in one chart: at most eight per guest
  const top = r.why.flatMap((g) => g.exits.slice(0, TOP_REASONS).map((e) => ({ label: `${g.guest} · ${e.reason}`, count: e.count })));
  if (top.length) {
    const title = w.t('chart.exitReasons');
    out.push({ type: 'chart', title, svg: groupedBars({ title, categories: top.map((e) => e.label), series: [{ label: w.t('col.count'), color: PALETTE[1]!, values: top.map((e) => e.count) }], fmt: (v) => w.big(v), empty: w.t('chart.none') }) });
  }
  out.push(exits.length === 0 ? { type: 'p', text: w.t('say.noExits'), tone: 'muted' } : {
    type: 'table',
    table: table(`${p}exits`, w.t('h.exits'), exits, [
      [w.t('col.guest'), false, (e) => cell(e.guest)],
      [w.t('col.reason'), false, (e) => cell(e.reason)],
      [w.t('col.count'), true, (e) => cell(w.int(e.count), e.count)],
      [w.t('col.perUnit'), true, (e) => cell(w.num(e.perUnit, 3), e.perUnit)],
    ]),
  });
  const colors = r.series.guests.map((_, i) => PALETTE[i % PALETTE.length]!);
  out.push({
    type: 'chart',
    title: w.t('chart.exits'),
    svg: lineChart({
      title: w.t('chart.exits'), xLabel: w.t('chart.simMs'), x: r.series.tNs.map((t) => t / 1e6), markers: markers(r), fmtX: (v) => w.num(v, 1), fmtY: (v) => w.big(v), empty: w.t('chart.none'),
      series: r.series.guests.map((g, i) => ({ label: g.guest, color: colors[i]!, values: g.exitsPerSec })),
    }),
  });
  const calls = r.why.flatMap((g) => g.hypercalls.map((h) => ({ guest: g.guest, ...h })));
  out.push({ type: 'h3', text: w.t('h.hypercalls') }, calls.length === 0 ? { type: 'p', text: w.t('say.noHypercalls'), tone: 'muted' } : {
    type: 'table',
    table: table(`${p}hypercalls`, w.t('h.hypercalls'), calls, [
      [w.t('col.guest'), false, (h) => cell(h.guest)],
      [w.t('col.kind'), false, (h) => cell(h.kind)],
      [w.t('col.count'), true, (h) => cell(w.int(h.count), h.count)],
    ]),
  });
  const classes = ['native', 'bt', 'hw', 'emulated', 'pv', 'passthrough'] as const;
  out.push({ type: 'h3', text: w.t('h.paths') }, {
    type: 'chart',
    title: w.t('chart.paths'),
    svg: stackedBars({
      title: w.t('chart.paths'), fmtShare: (v) => w.pct(v, 0), empty: w.t('chart.none'),
      keys: classes.map((c) => ({ key: c, label: w.t(`path.${c}`), color: PATH_COLORS[c]! })),
      bars: r.why.map((g) => ({ label: g.guest, parts: g.paths.map((x) => ({ key: x.cls, value: x.count })) })),
    }),
  });
  const paths = r.why.flatMap((g) => g.paths.map((x) => ({ guest: g.guest, ...x })));
  if (paths.length) {
    out.push({
      type: 'table',
      table: table(`${p}paths`, w.t('h.paths'), paths, [
        [w.t('col.guest'), false, (x) => cell(x.guest)],
        [w.t('col.pathClass'), false, (x) => cell(w.t(`path.${x.cls}`), x.cls)],
        [w.t('col.ops'), true, (x) => cell(w.int(x.count), x.count)],
        [w.t('col.share'), true, (x) => cell(w.pct(x.share), x.share)],
      ]),
    });
  }
  out.push({ type: 'h3', text: w.t('h.failures') }, {
    type: 'table',
    table: table(`${p}failures`, w.t('h.failures'), r.why, [
      [w.t('col.guest'), false, (g) => cell(g.guest)],
      [w.t('col.fallbacks'), true, (g) => cell(w.int(g.fallbacks), g.fallbacks)],
      [w.t('col.failures'), true, (g) => cell(w.int(g.failures), g.failures)],
      [w.t('col.faults'), true, (g) => cell(w.int(g.faults), g.faults)],
      [w.t('col.activePv'), false, (g) => cell(g.activePv.join(', ') || '–', g.activePv.join(' '))],
    ]),
  });
  out.push({ type: 'h3', text: w.t('h.resources') }, r.resources.length === 0 ? { type: 'p', text: w.t('say.noResources'), tone: 'muted' } : {
    type: 'table',
    table: table(`${p}resources`, w.t('h.resources'), r.resources, [
      [w.t('col.resource'), false, (x) => cell(x.id)],
      [w.t('col.kind'), false, (x) => cell(x.kind)],
      [w.t('col.servers'), true, (x) => cell(String(x.servers), x.servers)],
      [w.t('col.served'), true, (x) => cell(w.int(x.served), x.served)],
      [w.t('col.utilization'), true, (x) => cell(w.pct(x.utilization), x.utilization)],
      [w.t('col.meanWait'), true, (x) => cell(w.dur(x.meanWaitNs), x.meanWaitNs)],
      [w.t('col.p99Wait'), true, (x) => cell(w.dur(x.p99WaitNs), x.p99WaitNs)],
      [w.t('col.maxQueue'), true, (x) => cell(w.int(x.maxQueue), x.maxQueue)],
    ]),
  });
  out.push(...service(r, w, p));
  return out;
}

function service(r: RunSection, w: Words, p: string): Block[] {
  const res = r.results ?? [];
  const rows = (r.why ?? []).map((g) => ({ ...g, result: res.find((x) => x.guest === g.guest) })).filter((g) => g.outagesMs.length || g.migrations.length || (g.result?.requestsLost ?? 0) > 0);
  const head: Block = { type: 'h3', text: w.t('h.service') };
  if (rows.length === 0) return [head, { type: 'p', text: w.t('say.noService'), tone: 'muted' }];
  return [head, {
    type: 'table',
    table: table(`${p}service`, w.t('h.service'), rows, [
      [w.t('col.guest'), false, (g) => cell(g.guest)],
      [w.t('col.availability'), true, (g) => cell(g.result ? w.pct(g.result.availability, 2) : '–', g.result?.availability ?? null)],
      [w.t('col.outages'), false, (g) => cell(g.outagesMs.map((d) => w.dur(d * 1e6)).join(', ') || '–', g.outagesMs.join(' '))],
      [w.t('col.requestsLost'), true, (g) => cell(w.int(g.result?.requestsLost ?? 0), g.result?.requestsLost ?? 0)],
      [w.t('col.migration'), false, (g) => cell(g.migrations.map((m) => w.t('say.migration', {
        to: m.to, start: w.dur(m.startMs * 1e6), rounds: m.rounds === 1 ? w.t('say.round') : w.t('say.rounds', { n: m.rounds }), sent: w.num(m.sentMiB, 1),
        downtime: w.dur(m.downtimeMs * 1e6), why: w.tk('stop', m.stopReason),
      })).join('; ') || '–')],
    ]),
  }];
}

export function notesBlocks(runs: readonly RunSection[], w: Words): Block[] {
  const items = runs.flatMap((r) => {
    const who = runs.length > 1 ? `#${r.id}: ` : '';
    return [
      ...(r.error ? [who + w.t('say.endedWith', { error: r.error })] : []),
      ...r.warnings.map((x) => who + w.t('say.warning', { text: x })),
      ...r.notes.map((x) => who + w.t('say.note', { text: x })),
    ];
  });
  return items.length ? [{ type: 'h2', text: w.t('h.notes'), id: 'notes' }, { type: 'list', items }] : [];
}
