/**
 * A report document laid out as blocks: a run report (the run, and against a baseline the
 * differences), a comparison of N runs, or a sweep. Renderers (html.ts, markdown.ts, csv.ts)
 * only format these blocks.
 */
import { type Block, cell, table } from './blocks.ts';
import { CPU_COLORS, PALETTE, groupedBars, lineChart, stackedBars } from './charts.ts';
import { achieved, lessonBlocks, notesBlocks, runFacts, whatRan, whyBlocks } from './layout-run.ts';
import type { Comparison, ReportDoc, RunSection, SweepData } from './model.ts';
import { type Words, words } from './text.ts';

const GROUPS = ['work', 'cpu', 'exits', 'paths', 'resources', 'service'] as const;
const CPU_PARTS = ['guestUser', 'guestKernel', 'exits', 'hypervisor', 'backend', 'steal', 'idle'] as const;

export function layout(doc: ReportDoc): Block[] {
  const w = words(doc.lang);
  const subject = doc.runs[doc.subject]!;
  const out: Block[] = [
    { type: 'h1', text: doc.title },
    { type: 'p', text: w.t('meta.generated', { version: doc.appVersion, kind: w.t(`meta.kind.${doc.kind}`), engine: subject.engineVersion }), tone: 'muted' },
  ];
  switch (doc.kind) {
    case 'run': {
      out.push(...lessonBlocks(subject, w));
      out.push({ type: 'h2', text: w.t('h.whatRan'), id: 'what-ran' }, ...whatRan(subject, w, ''));
      out.push({ type: 'h2', text: w.t('h.achieved'), id: 'achieved' }, ...achieved(subject, w, ''));
      out.push({ type: 'h2', text: w.t('h.why'), id: 'why' }, ...whyBlocks(subject, w, ''));
      if (doc.comparison) {
        out.push({ type: 'h2', text: w.t('h.against', { id: doc.comparison.baseline }), id: 'against', newPage: true });
        out.push(...differences(doc.runs, doc.comparison, w, false), ...sideBySide(doc.runs, doc.comparison, w));
      }
      out.push(...notesBlocks([subject], w));
      break;
    }
    case 'compare': {
      out.push(...lessonBlocks(subject, w));
      out.push({ type: 'h2', text: w.t('h.runs'), id: 'runs' }, ...runsOverview(doc.runs, w));
      if (doc.comparison) {
        out.push({ type: 'h2', text: w.t('h.findings'), id: 'findings', newPage: true }, ...differences(doc.runs, doc.comparison, w, true));
        out.push(...compareCharts(doc.runs, doc.comparison, w));
        out.push({ type: 'h2', text: w.t('h.sideBySide'), id: 'side-by-side', newPage: true }, ...sideBySide(doc.runs, doc.comparison, w));
      }
      out.push(...notesBlocks(doc.runs, w));
      break;
    }
    case 'sweep': {
      out.push({ type: 'h2', text: w.t('h.whatRan'), id: 'what-ran' }, runFacts(subject, w, 'base-facts'), ...whatRan(subject, w, 'base-').slice(1));
      if (doc.sweep) out.push({ type: 'h2', text: w.t('h.sweep'), id: 'variants', newPage: true }, ...sweepBlocks(doc.runs, doc.sweep, w));
      if (doc.comparison) out.push({ type: 'h2', text: w.t('h.findings'), id: 'findings', newPage: true }, ...differences(doc.runs, doc.comparison, w, true));
      out.push(...notesBlocks(doc.runs, w));
      break;
    }
  }
  return out;
}

const runName = (r: RunSection) => `#${r.id}`;

function runsOverview(runs: readonly RunSection[], w: Words): Block[] {
  const out: Block[] = [{
    type: 'table',
    table: table('runs', w.t('h.runs'), runs, [
      [w.t('col.runs'), false, (r) => cell(runName(r), r.id)],
      [w.t('col.title'), false, (r) => cell(r.title)],
      [w.t('fact.scenario'), false, (r) => cell(r.scenario.id)],
      [w.t('fact.status'), false, (r) => cell(w.tk('run.status', r.status), r.status)],
      [w.t('fact.seed'), true, (r) => cell(String(r.seed), r.seed)],
      [w.t('fact.engine'), false, (r) => cell(r.engineVersion)],
      [w.t('fact.events'), true, (r) => cell(w.int(r.eventCount), r.eventCount)],
      [w.t('fact.simulated'), true, (r) => cell(w.dur(r.simulatedNs), r.simulatedNs)],
      [w.t('fact.recordingHash'), false, (r) => cell(r.recordingHash ?? '–', r.recordingHash)],
    ]),
  }];
  const guests = runs.flatMap((r) => r.guests.map((g) => ({ run: r, g })));
  out.push({ type: 'h3', text: w.t('h.guests') }, {
    type: 'table',
    table: table('guests', w.t('h.guests'), guests, [
      [w.t('col.runs'), false, (x) => cell(runName(x.run), x.run.id)],
      [w.t('col.guest'), false, (x) => cell(x.g.id)],
      [w.t('col.host'), false, (x) => cell(`${x.g.host} · ${x.run.hosts.find((h) => h.id === x.g.host)?.profileName ?? ''}`, x.g.host)],
      [w.t('col.mode'), false, (x) => cell(w.tk('mode', x.g.mode), x.g.mode)],
      [w.t('col.nic'), false, (x) => cell(x.g.devices.nic ?? '–', x.g.devices.nic)],
      [w.t('col.disk'), false, (x) => cell(x.g.devices.disk ?? '–', x.g.devices.disk)],
      [w.t('col.clock'), false, (x) => cell(x.g.devices.clock)],
      [w.t('col.addon'), false, (x) => cell(x.g.addons.map((a) => `${a.name} (${w.tk('outcome', a.outcome)})`).join('; ') || '–', x.g.addons.map((a) => `${a.addon}:${a.outcome}`).join(' '))],
    ]),
  });
  if (runs.some((r) => r.status !== 'completed')) out.push({ type: 'p', text: w.t('say.notAllCompleted'), tone: 'warn' });
  return out;
}

/** Per compared run: what differs in the setup, and the findings with why. */
function differences(runs: readonly RunSection[], c: Comparison, w: Words, headed: boolean): Block[] {
  const base = runs[0]!;
  const out: Block[] = [];
  runs.slice(1).forEach((r, k) => {
    const i = k + 1;
    if (headed) out.push({ type: 'h3', text: `${runName(r)} ${r.title} — ${w.t('say.baseline')} ${runName(base)}` });
    const changes = c.setup.find((s) => s.run === i)?.changes ?? [];
    out.push({ type: 'p', text: `${w.t('h.setup')}:` }, changes.length ? { type: 'list', items: changes } : { type: 'p', text: w.t('setup.none'), tone: 'muted' });
    // one sentence per guest; why such a difference arises, once per kind of difference
    const mine = c.findings.filter((f) => f.run === i);
    const order = [...new Set(mine.map((f) => f.id))];
    const sorted = order.flatMap((id) => mine.filter((f) => f.id === id));
    out.push({ type: 'findings', items: sorted.map((f, k) => ({ text: f.text, why: sorted[k + 1]?.id === f.id ? '' : f.why })) });
  });
  return out;
}

/** One table per group of figures: each run's value, and its ratio to the baseline. */
function sideBySide(runs: readonly RunSection[], c: Comparison, w: Words): Block[] {
  const out: Block[] = [];
  for (const group of GROUPS) {
    // each guest's figures together, in the order of the guests
    const guestOf = (name: string) => c.guests.findIndex((g) => name.startsWith(`${g}: `));
    const rows = c.rows.filter((r) => r.group === group && r.values.some((v) => v !== null && v !== 0))
      .map((r, k) => ({ r, k })).sort((a, b) => guestOf(a.r.name) - guestOf(b.r.name) || a.k - b.k).map((x) => x.r);
    if (rows.length === 0) continue;
    const fmt = (v: number | null, unit: string) => (v === null ? '–' : unit === 'ns' ? w.dur(v) : unit === '%' ? `${w.num(v, 2)} %` : unit === 'ms' ? `${w.num(v, 2)} ms` : w.big(v));
    out.push({ type: 'h3', text: w.t(`group.${group}`) }, {
      type: 'table',
      table: table(`compare-${group}`, w.t(`group.${group}`), rows, [
        [w.t('col.figure'), false, (r) => cell(r.label, r.name)],
        ...runs.map((run, i): [string, boolean, (r: Comparison['rows'][number]) => ReturnType<typeof cell>] => [
          i === 0 ? `${runName(run)} (${w.t('say.baseline')})` : runName(run),
          true,
          (r) => {
            const v = r.values[i] ?? null;
            const b = r.values[0] ?? null;
            const ratio = i > 0 && v !== null && b !== null && b !== 0 ? ` (${w.ratio(v / b)})` : '';
            return cell(fmt(v, r.unit) + ratio, v);
          },
        ]),
      ]),
    });
  }
  return out;
}

function compareCharts(runs: readonly RunSection[], c: Comparison, w: Words): Block[] {
  const series = (pick: (g: NonNullable<RunSection['results']>[number]) => number) =>
    runs.map((r, i) => ({ label: `${runName(r)} ${r.title}`, color: PALETTE[i % PALETTE.length]!, values: c.guests.map((g) => { const x = r.results?.find((y) => y.guest === g); return x ? pick(x) : null; }) }));
  const out: Block[] = [];
  const t1 = w.t('chart.cmpThroughput');
  out.push({ type: 'chart', title: t1, svg: groupedBars({ title: t1, categories: c.guests, series: series((g) => g.throughputPerSec), fmt: (v) => w.big(v), empty: w.t('chart.none') }) });
  const t2 = w.t('chart.cmpExits');
  out.push({ type: 'chart', title: t2, svg: groupedBars({ title: t2, categories: c.guests, series: series((g) => g.exitsPerUnit), fmt: (v) => w.num(v, 2), empty: w.t('chart.none') }) });
  const t3 = w.t('chart.cmpCpu');
  const bars = runs.flatMap((r) => (r.results ?? []).map((g) => ({ label: `${runName(r)} ${g.guest}`, parts: CPU_PARTS.map((k) => ({ key: k, value: g.cpu[k] })) })));
  out.push({ type: 'chart', title: t3, svg: stackedBars({ title: t3, bars, keys: CPU_PARTS.map((k) => ({ key: k, label: w.t(`cpu.${k}`), color: CPU_COLORS[k]! })), fmtShare: (v) => w.pct(v, 0), empty: w.t('chart.none') }) });
  return out;
}

const FIGURES = ['throughputPerSec', 'p99LatencyNs', 'exitsPerUnit', 'availability'] as const;

function sweepBlocks(runs: readonly RunSection[], s: SweepData, w: Words): Block[] {
  const rows = s.variants.flatMap((v) => (v.guests.length ? v.guests : [null]).map((g) => ({ v, g })));
  const fmt = (k: (typeof FIGURES)[number], x: number) => (k === 'p99LatencyNs' ? w.dur(x) : k === 'availability' ? w.pct(x, 2) : w.num(x, k === 'exitsPerUnit' ? 2 : 1));
  const out: Block[] = [{
    type: 'table',
    table: table('variants', w.t('h.sweep'), rows, [
      [w.t('col.runs'), false, (x) => cell(`#${x.v.runId}`, x.v.runId)],
      ...s.axes.map((axis, i): [string, boolean, (x: (typeof rows)[number]) => ReturnType<typeof cell>] => [axis, false, (x) => cell(String(x.v.values[i] ?? ''), x.v.values[i] ?? null)]),
      [w.t('col.status'), false, (x) => cell(w.tk('run.status', x.v.status), x.v.status)],
      [w.t('col.guest'), false, (x) => cell(x.g?.guest ?? '–', x.g?.guest ?? null)],
      ...FIGURES.map((k): [string, boolean, (x: (typeof rows)[number]) => ReturnType<typeof cell>] => [w.t(`sweep.${k}`), true, (x) => cell(x.g ? fmt(k, x.g[k]) : '–', x.g ? x.g[k] : null)]),
    ]),
  }];
  const done = s.variants.filter((v) => v.guests.length > 0);
  const numeric = s.axes.length === 1 && done.every((v) => typeof v.values[0] === 'number');
  const sorted = numeric ? [...done].sort((a, b) => (a.values[0] as number) - (b.values[0] as number)) : done;
  const guests = [...new Set(sorted.flatMap((v) => v.guests.map((g) => g.guest)))];
  out.push({ type: 'h3', text: w.t('h.sweepCharts') });
  for (const k of FIGURES) {
    const title = w.t('chart.sweep', { figure: w.t(`sweep.${k}`), x: numeric ? s.axes[0]! : w.t('chart.variant') });
    const value = (v: SweepData['variants'][number], g: string) => v.guests.find((x) => x.guest === g)?.[k] ?? null;
    const svg = numeric && sorted.length >= 2
      ? lineChart({ title, values: true, xLabel: s.axes[0]!, x: sorted.map((v) => v.values[0] as number), fmtX: (x) => w.num(x, 2), fmtY: (y) => fmt(k, y), empty: w.t('chart.none'), series: guests.map((g, i) => ({ label: g, color: PALETTE[i % PALETTE.length]!, values: sorted.map((v) => value(v, g) ?? 0) })) })
      : groupedBars({ title, categories: sorted.map((v) => `#${v.runId} ${v.values.join(', ')}`), series: guests.map((g, i) => ({ label: g, color: PALETTE[i % PALETTE.length]!, values: sorted.map((v) => value(v, g)) })), fmt: (x) => fmt(k, x), empty: w.t('chart.none') });
    out.push({ type: 'chart', title, svg });
  }
  if (runs.some((r) => r.status !== 'completed')) out.push({ type: 'p', text: w.t('say.notAllCompleted'), tone: 'warn' });
  return out;
}
