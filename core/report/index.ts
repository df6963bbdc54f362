/**
 * Reports: build the document of a run (with an optional baseline), of N runs or of a sweep, and
 * render it as HTML, Markdown, CSV (a zip of tables) or JSON. PDF is the HTML printed by a
 * browser engine: the CLI drives Chromium, the desktop app prints with its own.
 */
import { renderCsvZip } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import type { RenderedReport, ReportDoc, ReportFormat } from './model.ts';

export { buildCompareReport, buildRunReport, buildSweepReport, type RunInput } from './build.ts';
export { renderCsvFiles, renderCsvZip } from './csv.ts';
export { REPORT_CSP, renderHtml } from './html.ts';
export { renderJson, reportJsonSchema } from './json.ts';
export { renderMarkdown } from './markdown.ts';
export * from './model.ts';

/** The file name a report is offered under: built from run ids and the sweep tag only. */
export function reportFileName(doc: ReportDoc, ext: string): string {
  const ids = doc.runs.map((r) => r.id);
  const stem = doc.kind === 'run'
    ? `pvlab-run-${ids[doc.subject]}${doc.comparison ? `-vs-${doc.comparison.baseline}` : ''}`
    : doc.kind === 'compare' ? `pvlab-compare-${ids.join('-')}` : `pvlab-${(doc.sweep?.tag ?? 'sweep').replace(/[^A-Za-z0-9-]/g, '')}`;
  return `${stem}-${doc.lang}.${ext}`;
}

export function renderReport(doc: ReportDoc, format: ReportFormat): RenderedReport {
  switch (format) {
    case 'html': return { fileName: reportFileName(doc, 'html'), mime: 'text/html', text: renderHtml(doc) };
    case 'md': return { fileName: reportFileName(doc, 'md'), mime: 'text/markdown', text: renderMarkdown(doc) };
    case 'json': return { fileName: reportFileName(doc, 'json'), mime: 'application/json', text: renderJson(doc) };
    case 'csv': return { fileName: reportFileName(doc, 'zip'), mime: 'application/zip', bytes: renderCsvZip(doc) };
  }
}
