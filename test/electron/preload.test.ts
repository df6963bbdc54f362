import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../electron/channels.ts';

/**
 * Run the preload as Electron runs a sandboxed preload: a plain CommonJS script whose `require`
 * knows only 'electron'. The source is transpiled exactly as tsc emits preload.cjs.
 */
function loadPreload() {
  const source = readFileSync(new URL('../../electron/preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, fileName: 'preload.cts' });
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const ipcRenderer = {
    send: vi.fn(),
    invoke: vi.fn(async (_channel: string, _arg: unknown): Promise<unknown> => ({ ok: true, value: null })),
    on: vi.fn((channel: string, l: (...a: unknown[]) => void) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l)),
    removeListener: vi.fn((channel: string, l: (...a: unknown[]) => void) => void listeners.get(channel)?.delete(l)),
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer };
  const sandboxRequire = (id: string) => {
    if (id === 'electron') return electron;
    throw new Error(`module not found in the preload sandbox: ${id}`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', outputText)(sandboxRequire, module, module.exports);
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l(...args));
  return { exposed, ipcRenderer, emit, listeners };
}

type Bridge = {
  send(msg: unknown): void;
  onMessage(l: (m: unknown) => void): () => void;
  onMenu(l: (m: unknown) => void): () => void;
  openFile(o: unknown): Promise<unknown>;
  saveFile(o: unknown): Promise<unknown>;
  printReport(o: unknown): Promise<unknown>;
};

describe('the preload bridge', () => {
  it('exposes window.pvlab with exactly the named functions, never ipcRenderer', () => {
    const { exposed, ipcRenderer } = loadPreload();
    expect([...exposed.keys()]).toEqual(['pvlab']);
    const bridge = exposed.get('pvlab') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['onMenu', 'onMessage', 'openFile', 'printReport', 'saveFile', 'send']);
    for (const value of Object.values(bridge)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(ipcRenderer);
      expect(Object.values(ipcRenderer)).not.toContain(value);
    }
  });

  it('sends wire calls on the service channel', () => {
    const { exposed, ipcRenderer } = loadPreload();
    const msg = { type: 'call', id: 1, method: 'scenarios.list', input: {} };
    (exposed.get('pvlab') as Bridge).send(msg);
    expect(ipcRenderer.send).toHaveBeenCalledWith(CHANNELS.toService, msg);
  });

  it('hands the page the message only, never the IPC event, and unsubscribes', () => {
    const { exposed, emit, listeners } = loadPreload();
    const bridge = exposed.get('pvlab') as Bridge;
    const got = vi.fn();
    const off = bridge.onMessage(got);
    const menu = vi.fn();
    bridge.onMenu(menu);
    emit(CHANNELS.toPage, { sender: 'the IPC event', ports: [] }, { type: 'event', name: 'run.progress', payload: {} });
    emit(CHANNELS.menu, { sender: 'the IPC event' }, { type: 'navigate', hash: '#/scenarios/new' });
    expect(got).toHaveBeenCalledWith({ type: 'event', name: 'run.progress', payload: {} });
    expect(got.mock.calls[0]).toHaveLength(1);
    expect(menu).toHaveBeenCalledWith({ type: 'navigate', hash: '#/scenarios/new' });
    off();
    expect(listeners.get(CHANNELS.toPage)?.size).toBe(0);
    expect(() => bridge.onMessage('not a function' as never)).toThrow(TypeError);
  });

  it('keeps menu commands that arrive before the page subscribes (a bundle opened at start) for its first listener', () => {
    const { exposed, emit } = loadPreload();
    const bridge = exposed.get('pvlab') as Bridge;
    const open = { type: 'open-bundle', name: 'run.pvrun.zip', base64: 'UEsDBA==' };
    emit(CHANNELS.menu, { sender: 'the IPC event' }, open);
    const first = vi.fn();
    const off = bridge.onMenu(first);
    expect(first).toHaveBeenCalledWith(open);
    const second = vi.fn();
    bridge.onMenu(second);
    expect(second).not.toHaveBeenCalled();
    off();
    emit(CHANNELS.menu, { sender: 'the IPC event' }, { type: 'export-scenario' });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledWith({ type: 'export-scenario' });
    expect(() => bridge.onMenu('not a function' as never)).toThrow(TypeError);
  });

  it('returns file results, and turns main’s refusals into Errors with its message', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const bridge = exposed.get('pvlab') as Bridge;
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { name: 'a.json', text: '{}' } });
    await expect(bridge.openFile({ title: 'Import', extensions: ['json'] })).resolves.toEqual({ name: 'a.json', text: '{}' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.openFile, { title: 'Import', extensions: ['json'] });
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, message: '"disk.img" is larger than 10 MB' });
    await expect(bridge.openFile({ title: 'Import', extensions: ['json'] })).rejects.toThrow('"disk.img" is larger than 10 MB');
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: false });
    await expect(bridge.saveFile({ title: 'Export', defaultName: 'a.json', text: '{}' })).resolves.toBe(false);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.saveFile, { title: 'Export', defaultName: 'a.json', text: '{}' });
  });

  it('asks main to print a report to PDF, and hands the page main’s hint with its refusal', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const bridge = exposed.get('pvlab') as Bridge;
    const req = { title: 'Export report', defaultName: 'pvlab-run-3-en.pdf', html: '<!DOCTYPE html>' };
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: true });
    await expect(bridge.printReport(req)).resolves.toBe(true);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.printReport, req);
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, message: 'PV Lab could not print the report to PDF: it hung', hint: 'try again' });
    await expect(bridge.printReport(req)).rejects.toMatchObject({ message: 'PV Lab could not print the report to PDF: it hung', hint: 'try again' });
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: true });
    await expect(bridge.saveFile({ title: 'Export', defaultName: 'a.zip', base64: 'UEsDBA==' })).resolves.toBe(true);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.saveFile, { title: 'Export', defaultName: 'a.zip', base64: 'UEsDBA==' });
  });
});
