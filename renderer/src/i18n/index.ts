/**
 * UI text from message catalogs, English and Swedish, one JSON file per page (namespace) and
 * language. The language follows the OS (navigator.language) unless chosen in Settings. A missing
 * key is reported on the console as an error (the end-to-end tests fail on console errors) rather
 * than shown blank.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./*/*.json', { eager: true });

export const LANGS = ['en', 'sv'] as const;
export type UiLang = (typeof LANGS)[number];

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, mod] of Object.entries(files)) {
  const m = /\.\/(\w+)\/(\w+)\.json$/.exec(path);
  if (!m) continue;
  (resources[m[1]!] ??= {})[m[2]!] = mod.default;
}
export const NAMESPACES = Object.keys(resources.en ?? {});

export function initialLang(): UiLang {
  const saved = localStorage.getItem('pvlab-lang');
  if (saved === 'en' || saved === 'sv') return saved;
  return navigator.language.toLowerCase().startsWith('sv') ? 'sv' : 'en';
}

export function setLang(lang: UiLang): void {
  localStorage.setItem('pvlab-lang', lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLang(),
  fallbackLng: false,
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  saveMissing: true,
  missingKeyHandler: (lngs, ns, key) => console.error(`missing UI text: ${lngs.join(',')} ${ns}:${key}`),
  returnNull: false,
});
document.documentElement.lang = i18next.language;

export default i18next;
