/**
 * Words and numbers in the report's language: `t` looks a key up and fills in `{{name}}`
 * parameters; the number helpers format with the language's decimal sign and digit grouping.
 */
import type { ReportLang } from './model.ts';
import { EN, type TextKey } from './text-en.ts';
import { SV } from './text-sv.ts';

export type { TextKey };

const TABLES: Record<ReportLang, Record<TextKey, string>> = { en: EN, sv: SV };
const LOCALE: Record<ReportLang, string> = { en: 'en-GB', sv: 'sv-SE' };

export interface Words {
  lang: ReportLang;
  t(key: TextKey, params?: Record<string, string | number>): string;
  /** A key built at run time (mode.hw-nested, addon.too-old …); unknown keys show their last part. */
  tk(prefix: string, id: string): string;
  /** Whole numbers with digit grouping. */
  int(x: number): string;
  /** At most `digits` decimals. */
  num(x: number, digits?: number): string;
  /** Large numbers shortened: 4.81 M, 12.3 k. */
  big(x: number): string;
  /** A share (0–1) as a percentage. */
  pct(x: number, digits?: number): string;
  /** Nanoseconds as a readable duration. */
  dur(ns: number): string;
  /** A value over a baseline as ×1.23. */
  ratio(x: number): string;
}

export function words(lang: ReportLang): Words {
  const table = TABLES[lang];
  const formats = new Map<number, Intl.NumberFormat>();
  const nf = (digits: number) => {
    let f = formats.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits, minimumFractionDigits: 0 });
      formats.set(digits, f);
    }
    return f;
  };
  // the Swedish minus sign and non-breaking spaces are right on paper; keep plain hyphens for copy-paste
  const clean = (s: string) => s.replace(/\u2212/g, '-');
  const num = (x: number, digits = 2) => (Number.isFinite(x) ? clean(nf(digits).format(x)) : String(x));
  const fixed3 = (x: number) => num(Number(x.toPrecision(3)), 3);
  const t = (key: TextKey, params: Record<string, string | number> = {}) =>
    table[key].replace(/\{\{(\w+)\}\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  return {
    lang,
    t,
    tk: (prefix, id) => {
      const key = `${prefix}.${id}` as TextKey;
      return key in table ? table[key] : id;
    },
    int: (x) => num(Math.round(x), 0),
    num,
    big: (x) => {
      const a = Math.abs(x);
      if (a >= 1e9) return `${fixed3(x / 1e9)} G`;
      if (a >= 1e6) return `${fixed3(x / 1e6)} M`;
      if (a >= 1e4) return `${fixed3(x / 1e3)} k`;
      return Number.isInteger(x) ? num(x, 0) : num(x, a >= 100 ? 1 : 2);
    },
    pct: (x, digits = 1) => `${num(x * 100, digits)} %`,
    dur: (ns) => {
      const a = Math.abs(ns);
      if (a >= 1e9) return `${fixed3(ns / 1e9)} s`;
      if (a >= 1e6) return `${fixed3(ns / 1e6)} ms`;
      if (a >= 1e3) return `${fixed3(ns / 1e3)} µs`;
      return `${num(Math.round(ns), 0)} ns`;
    },
    ratio: (x) => `×${num(x, 2)}`,
  };
}
