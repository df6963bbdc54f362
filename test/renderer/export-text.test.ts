/**
 * The message catalogs of report export and bundle import: every key in English is in Swedish and
 * the other way round, none empty (a missing one would be a console error in the app).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { [k: string]: string | Tree };
const load = (lang: string, ns: string): Tree => JSON.parse(readFileSync(new URL(`../../renderer/src/i18n/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Tree;
const entries = (t: Tree, prefix = ''): [string, string][] =>
  Object.entries(t).flatMap(([k, v]): [string, string][] => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : entries(v, `${prefix}${k}.`)));

describe('UI text of report export and bundle import', () => {
  it.each(['report', 'bundles'])('%s has the same keys in English and Swedish, none empty', (ns) => {
    const en = entries(load('en', ns));
    const sv = entries(load('sv', ns));
    expect(sv.map(([k]) => k).sort()).toEqual(en.map(([k]) => k).sort());
    expect([...en, ...sv].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
