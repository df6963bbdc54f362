/**
 * The desktop application menu's commands (File → New scenario, Import…, Export…), handled in the
 * page, which knows which scenario is on screen. Only where the preload offers `onMenu`.
 */
import { useEffect } from 'react';
import i18next from 'i18next';
import type { LabClient, MenuCommand } from '../../core/contract/index.ts';
import { PvLabError } from '../../core/model/errors.ts';
import { importPicked, routeOf } from './components/ImportBundle.tsx';
import { useLab } from './lab.tsx';
import { navigate, parseRoute } from './router.ts';

const describe = (e: unknown) => (e instanceof PvLabError ? [e.message, ...e.details, e.hint].filter(Boolean).join('\n') : String(e));

const t = (key: string, values?: Record<string, string>) => i18next.t(`common:${key}`, values ?? {});

/**
 * Import, then open what was imported; when it is already stored (a conflict) ask once whether to
 * replace it, and import again with replace set if the person agrees.
 */
async function importThenOpen<T>(load: (replace: boolean) => Promise<T>, route: (done: T) => string): Promise<void> {
  try {
    navigate(route(await load(false)));
  } catch (e) {
    if (!(e instanceof PvLabError && e.code === 'conflict')) throw e;
    if (window.confirm(t('menu.replace', { message: e.message }))) navigate(route(await load(true)));
  }
}

async function importScenario(lab: LabClient): Promise<void> {
  const file = await window.pvlab!.openFile({ title: t('menu.importTitle'), extensions: ['json'] });
  if (!file) return;
  await importThenOpen((replace) => lab.call('scenarios.import', { json: file.text, source: file.name, replace }), (s) => `/scenarios/${s.id}`);
}

/** A bundle opened with PV Lab (double-clicked): imported as the Import bundle… button does, then opened. */
async function openBundle(lab: LabClient, file: { name: string; base64: string }): Promise<void> {
  const notText = () => new PvLabError('invalid-input', i18next.t('bundles:notText', { name: file.name }), i18next.t('bundles:notTextHint'));
  await importThenOpen((replace) => importPicked(lab, file, replace, notText), routeOf);
}

async function exportScenario(lab: LabClient): Promise<void> {
  const route = parseRoute(location.hash);
  const id = route.page === 'scenarios' ? route.args[0] : undefined;
  if (!id || id === 'new') {
    window.alert(t('menu.openOneFirst'));
    return;
  }
  const { json } = await lab.call('scenarios.export', { id });
  await window.pvlab!.saveFile({ title: t('menu.exportTitle'), defaultName: `${id}.json`, text: json });
}

export function useDesktopMenu(): void {
  const lab = useLab();
  useEffect(() => {
    const bridge = window.pvlab;
    if (!bridge?.onMenu) return;
    return bridge.onMenu((command: MenuCommand) => {
      const act = command.type === 'navigate' ? async () => void (location.hash = command.hash)
        : command.type === 'import-scenario' ? () => importScenario(lab)
        : command.type === 'open-bundle' ? () => openBundle(lab, command)
        : () => exportScenario(lab);
      act().catch((e: unknown) => window.alert(describe(e)));
    });
  }, [lab]);
}
