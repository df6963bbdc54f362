/**
 * The Markdown report: the same blocks as the HTML, as headings, lists and pipe tables. Charts
 * become a line naming them (their figures are in the tables next to them). Every text is
 * escaped (escapeMd), so a name cannot open a link, an image, HTML or a new table cell.
 */
import type { Block, Table } from './blocks.ts';
import { escapeMd as md } from './escape.ts';
import { layout } from './layout.ts';
import type { ReportDoc } from './model.ts';

function tableMd(t: Table): string {
  const head = `| ${t.headers.map(md).join(' | ')} |`;
  const rule = `|${t.numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = t.rows.map((r) => `| ${r.map((c) => md(c.text) || ' ').join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

function blockMd(b: Block): string {
  switch (b.type) {
    case 'h1': return `# ${md(b.text)}`;
    case 'h2': return `## ${md(b.text)}`;
    case 'h3': return `### ${md(b.text)}`;
    case 'p': return b.tone === 'warn' ? `> ${md(b.text)}` : b.tone === 'muted' ? `*${md(b.text)}*` : md(b.text);
    case 'list': return b.items.map((i) => `- ${md(i)}`).join('\n');
    case 'findings': return b.items.map((i) => `- ${md(i.text)}${i.why ? `  \n  *${md(i.why)}*` : ''}`).join('\n');
    case 'lesson': return [`> **${md(b.title)}**`, ...b.parts.map((p) => `>\n> **${md(p.label)}:** ${md(p.text)}`)].join('\n');
    case 'table': return tableMd(b.table);
    case 'chart': return `*[${md(b.title)}]*`;
  }
}

export function renderMarkdown(doc: ReportDoc): string {
  return `${layout(doc).map(blockMd).join('\n\n')}\n`;
}
