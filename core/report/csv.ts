/**
 * The CSV report: every table of the report as its own file (RFC 4180, UTF-8 with a byte-order
 * mark so spreadsheets read å, ä and ö), raw numbers rather than formatted ones, and text that a
 * spreadsheet would evaluate as a formula quoted. Bundled as one zip, or written as a folder.
 */
import { csvField } from './escape.ts';
import { layout } from './layout.ts';
import type { ReportDoc } from './model.ts';
import { writeZip } from './zip.ts';

export interface CsvFile {
  name: string;
  text: string;
}

export function renderCsvFiles(doc: ReportDoc): CsvFile[] {
  const files: CsvFile[] = [];
  for (const b of layout(doc)) {
    if (b.type !== 'table') continue;
    const t = b.table;
    const lines = [t.headers, ...t.rows.map((r) => r.map((c) => c.raw))].map((r) => r.map(csvField).join(','));
    files.push({ name: `${t.id}.csv`, text: `\ufeff${lines.join('\r\n')}\r\n` });
  }
  return files;
}

export function renderCsvZip(doc: ReportDoc): Uint8Array {
  const enc = new TextEncoder();
  return writeZip(renderCsvFiles(doc).map((f) => ({ name: f.name, data: enc.encode(f.text) })));
}
