// Reports of a run, of a run against a baseline, of N runs and of a sweep, in every format the
// service renders: what each must contain, that the HTML is self-contained and script-free, that
// CSV tables hold raw figures, and that JSON is canonical and matches the report model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient, Output } from '../../core/contract/index.ts';
import { ReportDoc } from '../../core/report/model.ts';
import { readZip } from '../../core/report/zip.ts';
import { type Lab, labWithRuns, parseCsv, pvScenario } from './fixture.ts';

type File = Output<'reports.run'>;
const text = (f: File) => (f.encoding === 'text' ? f.text : '');
const bytes = (f: File) => (f.encoding === 'base64' ? new Uint8Array(Buffer.from(f.base64, 'base64')) : new Uint8Array());
const LIMITS = { maxEntries: 100, maxEntryBytes: 1e7, maxTotalBytes: 1e8 };

describe('reports', () => {
  let lab: Lab;
  let api: LabClient;
  let pv: number;
  let emulated: number;
  beforeAll(async () => {
    ({ lab, api, pv, emulated } = await labWithRuns());
  });
  afterAll(() => lab.done());

  it('renders a run as one self-contained HTML file: no script, a CSP that forbids requests, charts as inline SVG', async () => {
    const f = await api.call('reports.run', { runId: pv, format: 'html', lang: 'en' });
    expect(f).toMatchObject({ encoding: 'text', mime: 'text/html', fileName: `pvlab-run-${pv}-en.html` });
    const html = text(f);
    expect(f.bytes).toBe(Buffer.byteLength(html));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<object|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    for (const id of ['what-ran', 'achieved', 'why']) expect(html).toContain(`<h2 id="${id}"`);
    // what ran: hosts, guests, add-ons with status, seed, engine, hashes
    const run = await api.call('runs.get', { runId: pv });
    // (long unbroken tokens such as the scenario hash carry <wbr> break points)
    const plain = html.replace(/<wbr>/g, '');
    for (const s of [run.scenario.title, run.engineVersion, run.chainHash!, run.eventHash!, run.scenarioHash, 'virtio-net']) expect(plain.includes(s), s).toBe(true);
    expect(html).toMatch(/data-table="hosts"/);
    expect(html).toMatch(/data-table="addons"|data-table="guests"/);
    // what it achieved and why: results, CPU split, exits, paths, resources; charts
    for (const t of ['results', 'cpu', 'paths', 'failures']) expect(html).toContain(`data-table="${t}"`);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('@page');
    expect(html).toContain('break-inside: avoid');
  });

  it('says what changed against a baseline, in figures and in words', async () => {
    const html = text(await api.call('reports.run', { runId: pv, baseline: emulated, format: 'html', lang: 'en' }));
    expect(html).toContain(`<h2 id="against"`);
    expect(html).toContain('What differs in the setup');
    expect(html).toMatch(/NIC e1000 → virtio-net/);
    expect(html).toMatch(/takes a paravirtual or passthrough path for/);
    expect(html).toContain('class="why"');
    expect(html).toContain('data-table="compare-work"');
    await expect(api.call('reports.run', { runId: pv, baseline: pv, format: 'html', lang: 'en' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('follows the language asked for', async () => {
    const sv = text(await api.call('reports.run', { runId: pv, baseline: emulated, format: 'html', lang: 'sv' }));
    expect(sv).toContain('<html lang="sv">');
    for (const s of ['Vad som kördes', 'Vad den åstadkom', 'Varför', 'Mot baslinjen', 'Genomströmning']) expect(sv).toContain(s);
    expect(sv).not.toContain('What it achieved');
  });

  it('renders Markdown with the same sections and pipe tables', async () => {
    const f = await api.call('reports.run', { runId: pv, baseline: emulated, format: 'md', lang: 'en' });
    const md = text(f);
    expect(f.mime).toBe('text/markdown');
    expect(md).toMatch(/^# Run report: /);
    for (const h of ['## What ran', '## What it achieved', '## Why', `## Against the baseline, run #${emulated}`, '### Exits by reason']) expect(md).toContain(h);
    expect(md).toMatch(/\| Guest \| Units done \| Throughput \/s \|/);
    expect(md).toMatch(/\| --- \| --- \| ---: \|/);
  });

  it('writes one CSV per table, in a zip, with raw numbers', async () => {
    const f = await api.call('reports.run', { runId: pv, format: 'csv', lang: 'en' });
    expect(f).toMatchObject({ encoding: 'base64', mime: 'application/zip', fileName: `pvlab-run-${pv}-en.zip` });
    const files = readZip(bytes(f), LIMITS);
    const names = files.map((e) => e.name);
    for (const n of ['facts.csv', 'hosts.csv', 'guests.csv', 'results.csv', 'cpu.csv', 'exits.csv', 'paths.csv']) expect(names).toContain(n);
    const results = parseCsv(new TextDecoder().decode(files.find((e) => e.name === 'results.csv')!.data));
    expect(results[0]).toEqual(['Guest', 'Units done', 'Throughput /s', 'Latency p50', 'Latency p99', 'Cycles per unit', 'Exits per unit', 'PV share', 'Availability', 'At the end']);
    const run = await api.call('runs.get', { runId: pv });
    const g = run.metrics!.guests[0]!;
    const row = results.find((r) => r[0] === g.guest)!;
    expect(Number(row[1])).toBe(g.unitsCompleted);
    expect(Number(row[2])).toBe(g.throughputPerSec);
    expect(Number(row[3])).toBe(g.latencyNs.p50);
  });

  it('writes canonical JSON that matches the report model, the same bytes every time', async () => {
    const a = text(await api.call('reports.run', { runId: pv, baseline: emulated, format: 'json', lang: 'en' }));
    const b = text(await api.call('reports.run', { runId: pv, baseline: emulated, format: 'json', lang: 'en' }));
    expect(a).toBe(b);
    const doc = ReportDoc.parse(JSON.parse(a));
    expect(doc).toMatchObject({ format: 'pvlab-report', kind: 'run', lang: 'en', subject: 1 });
    expect(doc.runs.map((r) => r.id)).toEqual([emulated, pv]);
    expect(doc.comparison!.findings.length).toBeGreaterThan(0);
    expect(doc.runs[1]!.series.tNs.length).toBeGreaterThan(5);
    // keys sorted at every level
    const keys = Object.keys(JSON.parse(a) as object);
    expect(keys).toEqual([...keys].sort());
  });

  it('compares N runs, the first the baseline, with charts and a table per group of figures', async () => {
    const third = (await api.call('runs.start', { scenario: pvScenario(10) })).runId;
    await api.call('runs.wait', { runId: third });
    const f = await api.call('reports.compare', { runIds: [emulated, pv, third], format: 'html', lang: 'en' });
    const html = text(f);
    expect(f.fileName).toBe(`pvlab-compare-${emulated}-${pv}-${third}-en.html`);
    expect(html).toContain('Comparison of 3 runs');
    for (const id of ['runs', 'findings', 'side-by-side']) expect(html).toContain(`<h2 id="${id}"`);
    expect(html).toContain(`#${emulated} (baseline)`);
    expect(html).toMatch(/time limit 20 ms → 10 ms/);
    for (const g of ['work', 'cpu', 'exits', 'paths']) expect(html).toContain(`data-table="compare-${g}"`);
    await expect(api.call('reports.compare', { runIds: [pv, pv], format: 'md', lang: 'en' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('reports a sweep: each variant\'s values and figures, and a chart per figure', async () => {
    const sweep = await api.call('runs.sweep', { scenario: pvScenario(5), vary: [{ path: 'guests.*.vcpus', values: [1, 2] }], concurrency: 1 });
    const f = await api.call('reports.sweep', { tag: sweep.tag, format: 'json', lang: 'en' });
    const doc = ReportDoc.parse(JSON.parse(text(f)));
    expect(doc.kind).toBe('sweep');
    expect(doc.sweep!.axes).toEqual(['guests.*.vcpus']);
    expect(doc.sweep!.variants.map((v) => v.values[0])).toEqual([1, 2]);
    const html = text(await api.call('reports.sweep', { tag: sweep.tag, format: 'html', lang: 'sv' }));
    expect(html).toContain('Svepningsrapport');
    expect(html).toContain('data-table="variants"');
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    await expect(api.call('reports.sweep', { tag: 'sweep-999999', format: 'html', lang: 'en' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses a run still running, and a run that does not exist', async () => {
    await expect(api.call('reports.run', { runId: 99999, format: 'html', lang: 'en' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
