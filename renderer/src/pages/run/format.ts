/**
 * Numbers, simulated times and dates as a person reads them, in the UI language (decimal comma in
 * Swedish). Units of time (ns, µs, ms, s) are the same in both languages.
 */
import { useTranslation } from 'react-i18next';

const nf = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string, digits: number): Intl.NumberFormat {
  const key = `${lang}/${digits}`;
  let f = nf.get(key);
  if (!f) nf.set(key, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f;
}

/** A count or figure: whole numbers grouped, small ones with up to `digits` decimals. */
export function fmtNum(x: number, lang: string, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  const d = Math.abs(x) >= 1000 ? 0 : Math.abs(x) >= 100 ? Math.min(digits, 1) : digits;
  return numberFormat(lang, d).format(x);
}

/** Simulated time in nanoseconds, in the largest unit that keeps it above 1. */
export function fmtNs(ns: number, lang: string): string {
  if (!Number.isFinite(ns)) return '–';
  const a = Math.abs(ns);
  if (a < 1e3) return `${numberFormat(lang, 0).format(ns)} ns`;
  if (a < 1e6) return `${numberFormat(lang, 2).format(ns / 1e3)} µs`;
  if (a < 1e9) return `${numberFormat(lang, 2).format(ns / 1e6)} ms`;
  return `${numberFormat(lang, 3).format(ns / 1e9)} s`;
}

/** A share in [0, 1] as a percentage. */
export function fmtPct(share: number, lang: string, digits = 1): string {
  if (!Number.isFinite(share)) return '–';
  return `${numberFormat(lang, digits).format(share * 100)} %`;
}

/** Wall-clock seconds as "42 s" or "3 min 05 s". */
export function fmtWall(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** When something happened, as a local date and time. */
export function fmtWhen(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** The formatters bound to the current UI language. */
export function useFmt() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    num: (x: number, digits?: number) => fmtNum(x, lang, digits),
    ns: (x: number) => fmtNs(x, lang),
    pct: (x: number, digits?: number) => fmtPct(x, lang, digits),
    when: (iso: string) => fmtWhen(iso, lang),
  };
}
