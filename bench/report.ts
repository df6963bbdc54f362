/**
 * Report, bundle and backup figures for a run of about ten million events (consolidation-8 over
 * 14 s of simulated time): the time to make the report in each format through the service and
 * its size, the PDF through Chromium (when one is found), the run bundle out and into a fresh
 * lab (every hash checked), and a whole-lab backup. Not part of `npm run bench`.
 *
 * Usage: node bench/report.ts [DB [RUN]]   (prints one JSON object)
 *   With no DB the run is recorded first into a temporary lab (about 15 s); with DB and RUN an
 *   existing run is used, e.g. after `npm run pvlab -- run scenario-14s.json --db /tmp/b.db --yes`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInCatalog } from '../core/catalog/index.ts';
import { findChromium, htmlToPdf } from '../core/cli/pdf.ts';
import { LabService } from '../core/service/service.ts';
import { openLabStore } from '../core/store/open.ts';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-report-'));
const given = process.argv[2];
const store = openLabStore(given ?? join(dir, 'lab.db'));
const svc = new LabService(store, { inline: true });
const kb = (n: number) => Math.round(n / 102.4) / 10;

/** The fastest of `n` timings of `fn`, and its last result. */
async function best<T>(n: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    value = await fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms: Math.round(ms * 10) / 10, value };
}

try {
  let runId = Number(process.argv[3] ?? 0);
  if (!runId) {
    const base = builtInCatalog().scenarios.find((s) => s.id === 'consolidation-8')!;
    ({ runId } = await svc.call('runs.start', { scenario: { ...base, durationMs: 14_000 }, confirm: true }));
    await svc.call('runs.wait', { runId });
  }
  const run = await svc.call('runs.get', { runId });
  const out: Record<string, unknown> = { runId, events: run.eventCount, recordingMiB: Math.round(run.bytes / 2 ** 20 * 10) / 10 };
  const reports: Record<string, { firstMs: number; ms: number; kb: number }> = {};
  for (const format of ['html', 'md', 'json', 'csv'] as const) {
    // the first report of a session (modules loaded, statements prepared), then the fastest of five
    const first = await best(1, () => svc.call('reports.run', { runId, format, lang: 'en' }));
    const r = await best(5, () => svc.call('reports.run', { runId, format, lang: 'en' }));
    reports[format] = { firstMs: first.ms, ms: r.ms, kb: kb(r.value.bytes) };
  }
  out.reports = reports;
  const chromium = findChromium();
  if (chromium) {
    const html = await svc.call('reports.run', { runId, format: 'html', lang: 'en' });
    const pdf = await best(2, () => htmlToPdf(html.encoding === 'text' ? html.text : '', chromium));
    out.pdf = { ms: pdf.ms, kb: kb(pdf.value.length), note: 'Chromium start included' };
  }
  const bundle = await best(2, () => svc.call('bundles.exportRun', { runId }));
  out.bundleExport = { ms: bundle.ms, mb: Math.round(bundle.value.bytes / 2 ** 20 * 10) / 10 };
  const other = openLabStore(join(dir, 'other.db'));
  const otherSvc = new LabService(other, { inline: true });
  try {
    const b64 = bundle.value.encoding === 'base64' ? bundle.value.base64 : '';
    const imp = await best(1, () => otherSvc.call('bundles.importRun', { base64: b64 }));
    out.bundleImport = { ms: imp.ms, chunks: imp.value.chunks };
  } finally {
    otherSvc.close();
    other.close();
  }
  const backup = await best(1, () => svc.call('lab.backup', { to: join(dir, `backup-${Date.now()}.db`) }));
  out.backup = { ms: backup.ms, mb: Math.round(backup.value.bytes / 2 ** 20 * 10) / 10 };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} finally {
  svc.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
