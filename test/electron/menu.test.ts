import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../electron/menu.ts';

type MenuItemConstructorOptions = ReturnType<typeof menuTemplate>[number];

const items = (menu: MenuItemConstructorOptions | undefined) => (menu?.submenu ?? []) as MenuItemConstructorOptions[];
const roles = (menu: MenuItemConstructorOptions | undefined) => items(menu).map((i) => i.role).filter(Boolean);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

function build(platform: NodeJS.Platform, dev = false, locale = 'en-GB') {
  const actions = { send: vi.fn(), about: vi.fn() };
  return { template: menuTemplate({ platform, dev, locale, appName: 'PV Lab' }, actions), actions };
}

describe('the application menu', () => {
  it('has File, Edit, View, Window and Help on Linux and Windows', () => {
    const { template } = build('linux');
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(roles(template[0])).toEqual(['quit']);
    expect(roles(template[1])).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    expect(roles(template[2])).toEqual(['reload', 'forceReload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('asks the page for New, Import and Export, and shows About itself', () => {
    const { template, actions } = build('win32');
    const file = items(template[0]);
    click(file.find((i) => i.label === 'New Scenario'));
    click(file.find((i) => i.label === 'Import Scenario…'));
    click(file.find((i) => i.label === 'Export Scenario…'));
    expect(actions.send.mock.calls.map((c) => c[0])).toEqual([{ type: 'navigate', hash: '#/scenarios/new' }, { type: 'import-scenario' }, { type: 'export-scenario' }]);
    click(items(template[4])[0]);
    expect(actions.about).toHaveBeenCalled();
    expect(items(template[4])[0]?.label).toBe('About PV Lab');
  });

  it('offers the developer tools only in development', () => {
    expect(roles(build('linux', false).template[2])).not.toContain('toggleDevTools');
    expect(roles(build('linux', true).template[2])).toContain('toggleDevTools');
  });

  it('follows macOS conventions: an application menu with Quit, Close in File', () => {
    const { template } = build('darwin');
    expect(template[0]?.label).toBe('PV Lab');
    expect(roles(template[0])).toContain('quit');
    expect(roles(template[1])).toEqual(['close']);
    expect(template[4]?.role).toBe('windowMenu');
  });

  it('speaks Swedish on a Swedish system', () => {
    const { template } = build('linux', false, 'sv-SE');
    expect(template[0]?.label).toBe('&Arkiv');
    expect(items(template[0])[0]?.label).toBe('Nytt scenario');
  });
});
