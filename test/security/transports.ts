/**
 * The three ways a call reaches LabService, each ending in the reply its caller would see:
 * - in-process: the CLI's and tests' client (structured clones, no process hop);
 * - IPC: the desktop page's path, with `electron` mocked: ipcMain's service channel (electron/ipc.ts)
 *   → the relay's sender and envelope checks (electron/relay.ts) → the core process's dispatcher
 *   (electron/core-host.ts), structured-cloned at each hop as Electron does;
 * - WebSocket: `pvlab serve` (core/serve/server.ts) on 127.0.0.1 with its token, JSON frames.
 * Test files using the IPC transport must mock `electron` with test/electron/fake-electron.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ErrorPayload, type WireToClient, toErrorPayload } from '../../core/contract/index.ts';
import { PvLabError } from '../../core/model/index.ts';
import type { LabService } from '../../core/service/service.ts';
import { inProcessClient } from '../../core/service/transport.ts';
import { startServer } from '../../core/serve/server.ts';
import { CHANNELS } from '../../electron/channels.ts';
import { type HostPort, hostCore } from '../../electron/core-host.ts';
import { registerIpc } from '../../electron/ipc.ts';
import { CoreRelay } from '../../electron/relay.ts';
import { FakeIpcMain } from '../electron/fake-electron.ts';
import { openSocket } from '../serve/http.ts';

export type Reply = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export interface Transport {
  name: string;
  /** Call `method` (any string) with `input` as a caller on this transport would. */
  call(method: string, input: unknown): Promise<Reply>;
  close(): Promise<void>;
}

export function inProcess(service: LabService): Transport {
  const client = inProcessClient(service);
  return {
    name: 'in-process',
    async call(method, input) {
      try {
        return { ok: true, value: await client.call(method as never, input as never) };
      } catch (e) {
        if (!(e instanceof PvLabError)) throw e;
        return { ok: false, error: toErrorPayload(e) };
      }
    },
    close: async () => undefined,
  };
}

/** Replies waiting for their call id, fed by whatever the transport receives. */
function pendingReplies() {
  const waiting = new Map<number, (r: Reply) => void>();
  let nextId = 1;
  return {
    /** Register a call: its id, and the reply to come. */
    next(): { id: number; reply: Promise<Reply> } {
      const id = nextId++;
      return { id, reply: new Promise((resolve) => waiting.set(id, resolve)) };
    },
    receive(msg: WireToClient): void {
      if (msg.type !== 'reply') return;
      const done = waiting.get(msg.id);
      waiting.delete(msg.id);
      done?.(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
    },
  };
}

/** The window's WebContents id and its page, as Electron describes the sender of an IPC message. */
const WINDOW = 41;
const PAGE = { sender: { id: WINDOW }, senderFrame: { url: 'app://pvlab/index.html#/', parent: null } };

export function ipc(service: LabService, dbFile: string): Transport {
  const replies = pendingReplies();
  const hostListeners: ((e: { data: unknown }) => void)[] = [];
  const relay = new CoreRelay({
    toCore: (msg) => (hostListeners.forEach((l) => l({ data: structuredClone(msg) })), true),
    toPage: (msg) => replies.receive(structuredClone(msg)),
    log: () => undefined,
  });
  relay.attachWindow(WINDOW);
  const port: HostPort = {
    on: (_event, listener) => hostListeners.push(listener),
    // main passes the core's replies and events on (electron/core-process.ts); the store notices stay in main
    postMessage: (msg) => {
      if (msg.type === 'reply' || msg.type === 'event') relay.fromCore(structuredClone(msg));
    },
  };
  hostCore(port, dbFile, () => ({ service, movedAside: null, closeStore: () => undefined }), () => undefined);
  const ipcMain = new FakeIpcMain();
  const refuse = () => Promise.reject(new Error('no file dialog in this test'));
  registerIpc(ipcMain as unknown as Parameters<typeof registerIpc>[0], { relay, window: () => null, openFile: refuse, saveFile: refuse, printReport: refuse, log: () => undefined });
  return {
    name: 'IPC',
    call(method, input) {
      const { id, reply } = replies.next();
      ipcMain.emit(CHANNELS.toService, PAGE, structuredClone({ type: 'call', id, method, input }));
      return reply;
    },
    close: async () => undefined,
  };
}

/** `pvlab serve`'s server over the service, and a WebSocket to it with the token. */
export async function webSocket(service: LabService, dir: string): Promise<Transport> {
  const site = join(dir, 'site');
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>PV Lab</title>');
  const server = await startServer({ service, port: 0, staticDir: site, host: '127.0.0.1' });
  const socket = await openSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  const replies = pendingReplies();
  socket.ws.on('message', (data) => replies.receive(JSON.parse(String(data)) as WireToClient));
  return {
    name: 'WebSocket',
    call(method, input) {
      const { id, reply } = replies.next();
      socket.sendRaw(JSON.stringify({ type: 'call', id, method, input }));
      return reply;
    },
    async close() {
      socket.ws.close();
      await server.close();
    },
  };
}
