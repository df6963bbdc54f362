/**
 * The renderer's connection to LabService. In the desktop app the preload exposes `window.pvlab`
 * (Electron IPC); in a browser served by `pvlab serve` the page talks over a WebSocket to the same
 * service, with the token the server printed (it arrives in the page URL). Both carry the wire
 * messages of core/contract.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import { type EventName, type EventPayload, type LabClient, type MenuCommand, type Subscription, type WireToService, wireClient } from '../../core/contract/index.ts';

/** What the Electron preload exposes: a few named functions, never ipcRenderer itself. */
export interface DesktopBridge {
  send(msg: WireToService): void;
  onMessage(listener: (msg: unknown) => void): () => void;
  /** The open dialog; the chosen file's text (UTF-8), or with `encoding: 'base64'` its bytes. Null when cancelled. */
  openFile(opts: { title: string; extensions: string[]; encoding?: 'text' }): Promise<{ name: string; text: string } | null>;
  openFile(opts: { title: string; extensions: string[]; encoding: 'base64' }): Promise<{ name: string; base64: string } | null>;
  /** The save dialog, then the text or the base64 bytes written; false when cancelled. */
  saveFile(opts: { title: string; defaultName: string } & ({ text: string } | { base64: string })): Promise<boolean>;
  /** Print a report's HTML to PDF in the main process, then the save dialog; false when cancelled. */
  printReport(opts: { title: string; defaultName: string; html: string }): Promise<boolean>;
  /** The application menu's commands (File → New, Import…, Export…). */
  onMenu?(listener: (command: MenuCommand) => void): () => void;
}

declare global {
  interface Window {
    pvlab?: DesktopBridge;
  }
}

export type Transport = 'desktop' | 'websocket';

/** Connect to the service the page was started with. */
export function connect(): Promise<{ client: LabClient; transport: Transport }> {
  const bridge = window.pvlab;
  if (bridge) {
    const w = wireClient((m) => bridge.send(m));
    bridge.onMessage(w.receive);
    return Promise.resolve({ client: w.client, transport: 'desktop' });
  }
  const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('pvlab-token') ?? '';
  sessionStorage.setItem('pvlab-token', token);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const w = wireClient((m) => ws.send(JSON.stringify(m)));
    ws.onmessage = (e) => w.receive(JSON.parse(String(e.data)));
    ws.onopen = () => resolve({ client: w.client, transport: 'websocket' });
    ws.onerror = () => reject(new Error('Could not connect to the lab. Start it with `npm start` or `pvlab serve` and open the URL it prints.'));
    ws.onclose = () => w.fail('the server stopped');
  });
}

const LabContext = createContext<LabClient | null>(null);
export const LabProvider = LabContext.Provider;

/** The client, inside <LabProvider>. */
export function useLab(): LabClient {
  const c = useContext(LabContext);
  if (!c) throw new Error('useLab outside <LabProvider>');
  return c;
}

/** Subscribe to a service event for the life of a component. */
export function useLabEvent<E extends EventName>(name: E, listener: (p: EventPayload<E>) => void, sub?: Subscription): void {
  const lab = useLab();
  useEffect(() => lab.on(name, listener, sub), [lab, name, listener, sub?.runId, sub?.jobId]);
}

/** A call's result as state, re-run when `deps` change: { data, error, loading, reload }. */
export function useCall<T>(fn: (lab: LabClient) => Promise<T>, deps: readonly unknown[]): { data: T | null; error: Error | null; loading: boolean; reload: () => void } {
  const lab = useLab();
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fn(lab).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    return () => void (live = false);
    // (fn is deliberately not a dependency: callers pass a new closure each render; deps says when to call again)
  }, [lab, nonce, ...deps]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
}
