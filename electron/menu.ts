/**
 * The application menu. Items that act on the page send it a named MenuCommand (the page owns the
 * flows); the rest are Electron roles, which the OS labels in its own language. Built as a plain
 * template so tests can read it without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './channels.ts';

export interface MenuActions {
  /** Send a command to the lab window. */
  send(command: MenuCommand): void;
  about(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  /** Development build: adds the developer tools. */
  dev: boolean;
  /** The OS locale (app.getLocale()); Swedish gets Swedish labels, everything else English. */
  locale: string;
  appName: string;
}

const LABELS = {
  en: {
    file: '&File', newScenario: 'New Scenario', importScenario: 'Import Scenario…', exportScenario: 'Export Scenario…',
    edit: '&Edit', view: '&View', window: '&Window', help: '&Help', about: (app: string) => `About ${app}`,
  },
  sv: {
    file: '&Arkiv', newScenario: 'Nytt scenario', importScenario: 'Importera scenario…', exportScenario: 'Exportera scenario…',
    edit: '&Redigera', view: '&Visa', window: '&Fönster', help: '&Hjälp', about: (app: string) => `Om ${app}`,
  },
} as const;

export function menuLabels(locale: string): (typeof LABELS)[keyof typeof LABELS] {
  return locale.toLowerCase().startsWith('sv') ? LABELS.sv : LABELS.en;
}

export function menuTemplate(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const t = menuLabels(ctx.locale);
  const mac = ctx.platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  const file: MenuItemConstructorOptions = {
    label: t.file,
    submenu: [
      { label: t.newScenario, accelerator: 'CmdOrCtrl+N', click: () => actions.send({ type: 'navigate', hash: '#/scenarios/new' }) },
      sep,
      { label: t.importScenario, accelerator: 'CmdOrCtrl+O', click: () => actions.send({ type: 'import-scenario' }) },
      { label: t.exportScenario, accelerator: 'CmdOrCtrl+E', click: () => actions.send({ type: 'export-scenario' }) },
      sep,
      // macOS quits from the application menu; File ends with Close there, as in every Mac app.
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: t.edit,
    submenu: [
      { role: 'undo' }, { role: 'redo' }, sep,
      { role: 'cut' }, { role: 'copy' }, { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' }, sep, { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: t.view,
    submenu: [
      { role: 'reload' }, { role: 'forceReload' },
      ...(ctx.dev ? [{ role: 'toggleDevTools' } as const] : []),
      sep,
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  };

  // macOS fills its Window menu itself (minimize, zoom, the list of windows); elsewhere it is spelled out.
  const window: MenuItemConstructorOptions = mac
    ? { label: t.window, role: 'windowMenu' }
    : { label: t.window, submenu: [{ role: 'minimize' }, { role: 'close' }] };

  const help: MenuItemConstructorOptions = {
    label: t.help,
    role: 'help',
    submenu: [{ label: t.about(ctx.appName), click: () => actions.about() }],
  };

  const appMenu: MenuItemConstructorOptions = {
    label: ctx.appName,
    submenu: [
      { role: 'about' }, sep, { role: 'services' }, sep,
      { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' },
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, window, help];
}
