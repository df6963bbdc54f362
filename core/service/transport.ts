/**
 * The receiving end every transport shares, and the in-process transport. A request is
 * `{ method, input }`; a reply is `{ ok: true, value }` or `{ ok: false, error }` with a typed
 * error a UI can show. Values cross as structured clones, exactly as over Electron IPC or a
 * MessagePort, so a test through this transport sees what the app would.
 */
import { z } from 'zod';
import {
  type EventName, type EventPayload, type Input, type LabClient, type Method, type Output, type Reply, type WireToClient, contract, fromErrorPayload,
  isMethod, matchesSubscription, toErrorPayload, WireToService,
} from '../contract/index.ts';
import { PvLabError } from '../model/index.ts';
import type { LabService } from './service.ts';

export { toErrorPayload, fromErrorPayload, type Reply };
export const Request = z.object({ method: z.string(), input: z.unknown() });

/** Handle one request from any transport: check the method, validate, call, and wrap the result or the error. */
export async function serve(service: LabService, raw: unknown): Promise<Reply> {
  const req = Request.safeParse(raw);
  if (!req.success) return { ok: false, error: toErrorPayload(new PvLabError('invalid-input', 'A request must be { method, input }', 'send a method name from the contract and its input')) };
  const { method, input } = req.data;
  if (!isMethod(method)) {
    return { ok: false, error: toErrorPayload(new PvLabError('invalid-input', `There is no method "${method}"`, `use one of: ${Object.keys(contract).join(', ')}`)) };
  }
  try {
    return { ok: true, value: await service.call(method, input) };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}

/**
 * Calls that read or write a path on the service's machine: only the CLI (in-process) may make
 * them; a page (the browser's WebSocket, the desktop window) gets the file's content instead.
 */
export function namesLocalPath(method: string, input: unknown): boolean {
  if (method === 'lab.backup' || method === 'lab.restore') return true;
  const i = (input ?? {}) as { to?: unknown; from?: unknown };
  return (method === 'bundles.exportRun' || method === 'bundles.importRun') && (i.to !== undefined || i.from !== undefined);
}

/**
 * Serve one channel (a WebSocket, an Electron window, a MessagePort): answer its calls and forward
 * every service event to it. Returns a function that stops forwarding when the channel closes.
 * Calls that name a path on this machine are refused: a page hands files over as content.
 */
export function serveChannel(service: LabService, post: (msg: WireToClient) => void): { receive: (raw: unknown) => void; close: () => void } {
  const off = service.on((name, payload) => post({ type: 'event', name, payload }));
  return {
    receive(raw) {
      const msg = WireToService.safeParse(raw);
      if (!msg.success) return;
      const { id, method, input } = msg.data;
      if (namesLocalPath(method, input)) {
        const error = toErrorPayload(new PvLabError('invalid-input', `${method} with a file path is not available to a page`, 'send the file\'s content instead, or use the pvlab command line for backups and restores'));
        post({ type: 'reply', id, ok: false, error });
        return;
      }
      void serve(service, { method, input }).then((reply) => post(reply.ok ? { type: 'reply', id, ok: true, value: reply.value } : { type: 'reply', id, ok: false, error: reply.error }));
    },
    close: off,
  };
}

/** The in-process transport: the same validation and structured-clone boundary as IPC, no process hop. */
export function inProcessClient(service: LabService): LabClient {
  return {
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const reply = structuredClone(await serve(service, structuredClone({ method, input })));
      if (!reply.ok) throw fromErrorPayload(reply.error);
      return contract[method].output.parse(reply.value) as Output<M>;
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void, sub?: { runId?: number; jobId?: string }) {
      return service.on((n: EventName, payload: unknown) => {
        if (n === name && matchesSubscription(payload, sub)) listener(structuredClone(payload) as EventPayload<E>);
      });
    },
  };
}
