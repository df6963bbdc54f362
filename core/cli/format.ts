/** Plain-text tables and number formatting for the terminal. */

export function table(headers: string[], rows: (string | number)[][], align?: ('l' | 'r')[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const a = align ?? headers.map((_, i) => (i === 0 ? 'l' : 'r'));
  const fmt = (r: string[]) => r.map((c, i) => (a[i] === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

/** 1234567 → "1.23 M"; keeps small numbers exact. */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toPrecision(digits)} G`;
  if (a >= 1e6) return `${(x / 1e6).toPrecision(digits)} M`;
  if (a >= 1e4) return `${(x / 1e3).toPrecision(digits)} k`;
  if (Number.isInteger(x)) return String(x);
  // toPrecision would switch to exponent notation once the integer part has more digits
  if (a >= 10 ** digits) return String(Math.round(x));
  return x.toPrecision(digits);
}

/** Nanoseconds as a readable duration. */
export function dur(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toPrecision(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toPrecision(3)} µs`;
  return `${Math.round(ns)} ns`;
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
