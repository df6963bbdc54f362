/**
 * The HTML report: one self-contained file. Styles are inline, charts are inline SVG, there is
 * no script and the page's Content-Security-Policy forbids any (and every request), so a report
 * opened from an e-mail cannot run or fetch anything. Print styles give A4 pages, start the
 * main sections on a new page and keep each table, chart and lesson box whole on one page.
 */
import type { Block, Table } from './blocks.ts';
import { escapeHtml } from './escape.ts';
import { layout } from './layout.ts';
import type { ReportDoc } from './model.ts';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * How a report becomes PDF pages, the same in the desktop app (printToPDF) and the CLI (Playwright):
 * A4 with backgrounds, these margins (the @page rule below says them too), page numbers in the footer.
 */
export const REPORT_PRINT = {
  marginsMm: { top: 14, bottom: 16, left: 13, right: 13 },
  headerTemplate: '<span></span>',
  footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#64748b"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
} as const;
const M = REPORT_PRINT.marginsMm;

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; color: #0f172a; background: #fff; max-width: 200mm; margin: 0 auto; padding: 18px 22px 40px; }
h1 { font-size: 19pt; line-height: 1.25; margin: 0 0 4px; overflow-wrap: break-word; }
h2 { font-size: 14.5pt; margin: 26px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #cbd5e1; overflow-wrap: break-word; }
h3 { font-size: 11.5pt; margin: 16px 0 6px; color: #1e293b; overflow-wrap: break-word; }
p { margin: 6px 0; overflow-wrap: break-word; }
.muted { color: #64748b; }
.warn { background: #fef3c7; border-left: 4px solid #d97706; padding: 6px 10px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 9pt; }
caption { text-align: left; font-weight: 600; padding: 0 0 4px; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid #e2e8f0; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { border-bottom: 1.5px solid #94a3b8; background: #f8fafc; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.facts th { width: 34%; font-weight: 500; color: #334155; background: none; }
table.facts td { font-variant-numeric: tabular-nums; }
figure.chart { margin: 8px 0 18px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart svg text { font-family: inherit; fill: #0f172a; }
figcaption { font-size: 9pt; color: #475569; margin-top: 2px; }
.lesson { border-left: 4px solid #2563eb; background: #eff6ff; padding: 8px 14px; margin: 12px 0; }
.lesson h2 { border: none; margin: 0 0 4px; font-size: 12.5pt; }
.lesson dt { font-weight: 600; margin-top: 4px; }
.lesson dd { margin: 0 0 2px; }
ul.findings { padding-left: 20px; }
ul.findings li { margin: 4px 0; }
ul.findings .why { display: block; color: #475569; font-size: 9.5pt; }
tr, figure.chart, .lesson, .keep, ul.findings li { break-inside: avoid; page-break-inside: avoid; }
table { break-inside: avoid; page-break-inside: avoid; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
@page { size: A4; margin: ${M.top}mm ${M.right}mm ${M.bottom}mm ${M.left}mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2.newpage { break-before: page; page-break-before: always; margin-top: 0; }
}
`;

/** Escaped text where a very long unbroken token (a hash, a hostile name) may wrap, and ordinary words never do. */
function esc(s: string): string {
  return escapeHtml(s).replace(/[^\s<>&]{28,}/g, (token) => token.replace(/(.{16})/g, '$1<wbr>'));
}

/** Rows per printed table part: a part is kept whole on a page, and a long table continues, header repeated, on the next. */
const ROWS_PER_PART = 30;

function tableHtml(t: Table, facts: boolean): string {
  if (t.rows.length > ROWS_PER_PART * 1.2) {
    const parts: string[] = [];
    for (let i = 0; i < t.rows.length; i += ROWS_PER_PART) parts.push(tableHtml({ ...t, rows: t.rows.slice(i, i + ROWS_PER_PART) }, facts));
    return parts.join('\n');
  }
  const head = facts ? '' : `<thead><tr>${t.headers.map((h, i) => `<th scope="col"${t.numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = t.rows.map((r) => `<tr>${r.map((c, i) => (facts && i === 0 ? `<th scope="row">${esc(c.text)}</th>` : `<td${t.numeric[i] ? ' class="num"' : ''}>${esc(c.text)}</td>`)).join('')}</tr>`).join('\n');
  return `<table${facts ? ' class="facts"' : ''} data-table="${esc(t.id)}">${head}<tbody>\n${body}\n</tbody></table>`;
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'h1': return `<h1>${esc(b.text)}</h1>`;
    case 'h2': return `<h2 id="${esc(b.id)}"${b.newPage ? ' class="newpage"' : ''}>${esc(b.text)}</h2>`;
    case 'h3': return `<h3>${esc(b.text)}</h3>`;
    case 'p': return `<p${b.tone ? ` class="${b.tone}"` : ''}>${esc(b.text)}</p>`;
    case 'list': return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'findings': return `<ul class="findings">${b.items.map((i) => `<li>${esc(i.text)}${i.why ? `<span class="why">${esc(i.why)}</span>` : ''}</li>`).join('')}</ul>`;
    case 'lesson': return `<aside class="lesson"><h2>${esc(b.title)}</h2><dl>${b.parts.map((p) => `<dt>${esc(p.label)}</dt><dd>${esc(p.text)}</dd>`).join('')}</dl></aside>`;
    case 'table': return tableHtml(b.table, b.facts === true);
    // the SVG was built from escaped text by charts.ts
    case 'chart': return b.svg;
  }
}

/** Keep a sub-heading on the page of what follows it. */
function body(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const next = blocks[i + 1];
    if (b.type === 'h3' && next && (next.type === 'table' || next.type === 'chart' || next.type === 'p')) {
      out.push(`<div class="keep">${blockHtml(b)}\n${blockHtml(next)}</div>`);
      i++;
    } else out.push(blockHtml(b));
  }
  return out.join('\n');
}

export function renderHtml(doc: ReportDoc): string {
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="PV Lab ${esc(doc.appVersion)}">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
${body(layout(doc))}
</body>
</html>
`;
}
