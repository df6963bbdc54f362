/**
 * The message catalogs of the start, hardware, scenario and add-on pages: every key in English
 * is in Swedish and the other way round, and every value of the domain enums the pages word
 * (techniques, devices, add-on statuses, outcomes, PV components, hardware features, timeline
 * actions) has its text — a missing one would be a console error in the app.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADDON_STATUSES, ComponentState, DeviceModel, HardwareAssist, HostFeature, OsFamily, PathClass, PvComponent, RuntimeOutcome, Storage, VirtMode } from '../../core/model/index.ts';
import { PV_FEATURES, TECHNIQUES } from '../../renderer/src/pages/hardware-passport.ts';
import { ACTION_KINDS } from '../../renderer/src/pages/scenario/draft.ts';
import { INSTALL_STEPS } from '../../renderer/src/pages/scenario/addons.ts';

type Tree = { [k: string]: string | Tree };
const load = (lang: string, ns: string): Tree => JSON.parse(readFileSync(new URL(`../../renderer/src/i18n/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Tree;
function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
function has(t: Tree, key: string): boolean {
  let at: string | Tree | undefined = t;
  for (const k of key.split('.')) at = typeof at === 'object' ? at[k] : undefined;
  return typeof at === 'string';
}

const NAMESPACES = ['start', 'hardware', 'scenario', 'addons'];

describe('UI text of the start, hardware, scenario and add-on pages', () => {
  it.each(NAMESPACES)('%s has the same keys in English and Swedish, none empty', (ns) => {
    const en = load('en', ns);
    const sv = load('sv', ns);
    expect(keys(sv).sort()).toEqual(keys(en).sort());
    for (const k of keys(en)) expect(has(en, k) && has(sv, k), k).toBe(true);
    expect(keys(en).filter((k) => !has(en, k))).toEqual([]);
  });

  it('words every domain value the pages show, in both languages', () => {
    for (const lang of ['en', 'sv']) {
      const scenario = load(lang, 'scenario');
      const addons = load(lang, 'addons');
      const hardware = load(lang, 'hardware');
      const need: [Tree, string][] = [
        ...VirtMode.options.flatMap((m): [Tree, string][] => [[scenario, `mode.${m}`], [scenario, `modeWhat.${m}`]]),
        ...DeviceModel.options.flatMap((m): [Tree, string][] => [[scenario, `device.${m}.label`], [scenario, `device.${m}.what`]]),
        ...PvComponent.options.map((c): [Tree, string] => [scenario, `component.${c}`]),
        ...ComponentState.options.map((c): [Tree, string] => [scenario, `state.${c}`]),
        ...PathClass.options.map((c): [Tree, string] => [scenario, `pathClass.${c}`]),
        ...['emulated', 'pv', 'passthrough', 'hardware'].map((k): [Tree, string] => [scenario, `kind.${k}`]),
        ...['kernel', 'userspace', 'dom0', 'root-partition', 'hardware', 'native'].map((h): [Tree, string] => [scenario, `home.${h}`]),
        ...RuntimeOutcome.options.flatMap((o): [Tree, string][] => [[scenario, `outcome.${o}`], [addons, `warn.${o}`]]),
        ...OsFamily.options.map((f): [Tree, string] => [scenario, `family.${f}`]),
        ...ACTION_KINDS.flatMap((a): [Tree, string][] => [[scenario, `action.${a}`], [scenario, `actionWhat.${a}`]]),
        ...ADDON_STATUSES.flatMap((s): [Tree, string][] => [[addons, `status.${s}`], [addons, `short.${s}`]]),
        ...INSTALL_STEPS.map((s): [Tree, string] => [addons, `step.${s}`]),
        ...HostFeature.options.flatMap((f): [Tree, string][] => [[hardware, `feature.${f}.name`], [hardware, `feature.${f}.what`]]),
        ...HardwareAssist.options.map((a): [Tree, string] => [hardware, `assist.${a}`]),
        ...Storage.shape.kind.options.map((k): [Tree, string] => [hardware, `storageKind.${k}`]),
        ...TECHNIQUES.map((t): [Tree, string] => [hardware, `technique.${t}`]),
        ...PV_FEATURES.flatMap((f): [Tree, string][] => [[hardware, `pv.${f}.name`], [hardware, `pv.${f}.what`]]),
      ];
      expect(need.filter(([t, k]) => !has(t, k)).map(([, k]) => `${lang}: ${k}`)).toEqual([]);
    }
  });
});
