/**
 * Escaping for every format: names, titles, notes and reasons come from people and files, so
 * each is escaped where it is written, never trusted.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML or SVG content and attribute values; control characters (but tab and newline) dropped. */
export function escapeHtml(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** Shorten for a chart label (the whole text stays in the title and tables). */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Text for a Markdown table cell or paragraph: HTML is escaped (many renderers pass it through),
 * the punctuation that makes links, images, emphasis, code or table cells is backslash-escaped, and line breaks become spaces.
 */
export function escapeMd(s: string): string {
  return escapeHtml(s)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~!]/g, (c) => `\\${c}`);
}

/**
 * One CSV field (RFC 4180): quoted when it holds a separator, quote or line break; a text that
 * starts like a formula (= + - @, tab, CR) gets a leading apostrophe so a spreadsheet shows it
 * rather than evaluating it. Numbers are written as they are.
 */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
