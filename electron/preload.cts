/**
 * The preload: the page's only door out of its sandbox, a handful of named functions on
 * `window.pvlab` (renderer/src/lab.tsx `DesktopBridge`, plus `onMenu`). It never hands the page
 * ipcRenderer, an IPC event or a channel name. CommonJS and self-contained because Electron runs
 * sandboxed preloads as plain scripts whose `require` knows only a few modules such as 'electron'.
 */
import type { IpcRendererEvent } from 'electron';
import type { WireToService } from '../core/contract/index.ts';
import type { CHANNELS, FileReply, MenuCommand } from './channels.ts';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is a CommonJS script
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

// The compiler checks these against channels.ts; the sandbox cannot load that file.
const CH = {
  toService: 'pvlab:to-service',
  toPage: 'pvlab:to-page',
  menu: 'pvlab:menu',
  openFile: 'pvlab:open-file',
  saveFile: 'pvlab:save-file',
  printReport: 'pvlab:print-report',
} as const satisfies typeof CHANNELS;

/** Listen on a main → page channel; the page sees the message only, never the IPC event. */
function subscribe<T>(channel: typeof CH.toPage, listener: (value: T) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('pvlab: a listener must be a function');
  const forward = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

/** Main answers file requests with { ok, value } | { ok: false, message, hint? }; the page gets a value or an Error (with the hint). */
async function unwrap<T>(reply: Promise<FileReply<T>>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw Object.assign(new Error(r.message), r.hint ? { hint: r.hint } : {});
  return r.value;
}

type OpenedFile = { name: string; text: string } | { name: string; base64: string };
type SaveContent = { text: string } | { base64: string };

/**
 * Menu commands that arrive before the page has subscribed (a bundle opened with the app, sent as
 * soon as the page loaded) wait here for its first listener; a handful at most.
 */
const menuListeners = new Set<(command: MenuCommand) => void>();
const menuWaiting: MenuCommand[] = [];
ipcRenderer.on(CH.menu, (_event: IpcRendererEvent, command: MenuCommand) => {
  if (menuListeners.size > 0) for (const l of menuListeners) l(command);
  else if (menuWaiting.length < 16) menuWaiting.push(command);
});

const bridge = {
  send(msg: WireToService): void {
    ipcRenderer.send(CH.toService, msg);
  },
  onMessage(listener: (msg: unknown) => void): () => void {
    return subscribe<unknown>(CH.toPage, listener);
  },
  onMenu(listener: (command: MenuCommand) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('pvlab: a listener must be a function');
    menuListeners.add(listener);
    for (const command of menuWaiting.splice(0)) listener(command);
    return () => {
      menuListeners.delete(listener);
    };
  },
  openFile(opts: { title: string; extensions: string[]; encoding?: 'text' | 'base64' }): Promise<OpenedFile | null> {
    return unwrap(ipcRenderer.invoke(CH.openFile, opts) as Promise<FileReply<OpenedFile | null>>);
  },
  saveFile(opts: { title: string; defaultName: string } & SaveContent): Promise<boolean> {
    return unwrap(ipcRenderer.invoke(CH.saveFile, opts) as Promise<FileReply<boolean>>);
  },
  printReport(opts: { title: string; defaultName: string; html: string }): Promise<boolean> {
    return unwrap(ipcRenderer.invoke(CH.printReport, opts) as Promise<FileReply<boolean>>);
  },
};

contextBridge.exposeInMainWorld('pvlab', bridge);
