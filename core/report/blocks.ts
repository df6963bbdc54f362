/**
 * A report laid out once as a list of blocks — headings, paragraphs, lists, tables and charts —
 * that every text format renders in its own way. A table keeps each cell twice: as text in the
 * report's language and as the raw value a spreadsheet wants, so HTML, Markdown and CSV show
 * the same rows.
 */

export interface Cell {
  text: string;
  raw: string | number | boolean | null;
}

export interface Table {
  /** Unique within a report; the CSV file name. */
  id: string;
  title: string;
  headers: string[];
  /** Which columns hold numbers (right-aligned). */
  numeric: boolean[];
  rows: Cell[][];
}

export type Block =
  | { type: 'h1'; text: string }
  | { type: 'h2'; text: string; id: string; newPage?: boolean }
  | { type: 'h3'; text: string }
  | { type: 'p'; text: string; tone?: 'muted' | 'warn' }
  | { type: 'list'; items: string[] }
  | { type: 'findings'; items: { text: string; why: string }[] }
  | { type: 'lesson'; title: string; parts: { label: string; text: string }[] }
  | { type: 'table'; table: Table; facts?: boolean }
  | { type: 'chart'; title: string; svg: string };

export const cell = (text: string, raw: Cell['raw'] = text): Cell => ({ text, raw });

/** A table from column specs: header, whether numeric, and how to get each cell from a row. */
export function table<R>(id: string, title: string, rows: readonly R[], cols: readonly (readonly [string, boolean, (r: R) => Cell])[]): Table {
  return { id, title, headers: cols.map((c) => c[0]), numeric: cols.map((c) => c[1]), rows: rows.map((r) => cols.map((c) => c[2](r))) };
}

/** A two-column table of labelled facts. */
export function facts(id: string, title: string, rows: readonly (readonly [string, string, Cell['raw']?])[], headers: [string, string]): Table {
  return { id, title, headers, numeric: [false, false], rows: rows.map(([k, v, raw]) => [cell(k), cell(v, raw === undefined ? v : raw)]) };
}
