/**
 * What the desktop UI and tests program against, whatever carries the calls: typed calls, and
 * typed subscriptions narrowed to one run or job. `wireClient` builds one over any message
 * channel (Electron IPC, a MessagePort, a WebSocket) that carries the wire messages below.
 */
import { z } from 'zod';
import { NonNegativeInt } from '../model/index.ts';
import { fromErrorPayload, ErrorPayload } from './errors.ts';
import { type EventName, type EventPayload, type Subscription, events, matchesSubscription } from './events.ts';
import { type Input, type Method, type Output, contract } from './methods.ts';

export interface LabClient {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void, sub?: Subscription): () => void;
}

/** Messages between a client and the service over a channel. */
export const WireToService = z.object({ type: z.literal('call'), id: NonNegativeInt, method: z.string(), input: z.unknown() });
export type WireToService = z.infer<typeof WireToService>;
// a plain union: two members share type 'reply' (ok and error), which a discriminated union refuses
export const WireToClient = z.union([
  z.object({ type: z.literal('reply'), id: NonNegativeInt, ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('reply'), id: NonNegativeInt, ok: z.literal(false), error: ErrorPayload }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type WireToClient = z.infer<typeof WireToClient>;

type AnyListener = { name: EventName; fn: (p: never) => void; sub: Subscription | undefined };

/** A client over a channel: `send` carries calls out; feed what comes back to `receive`. */
export function wireClient(send: (msg: WireToService) => void): { client: LabClient; receive: (msg: unknown) => void; fail: (why: string) => void } {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; method: Method }>();
  const listeners = new Set<AnyListener>();
  const client: LabClient = {
    call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const id = nextId++;
      return new Promise<Output<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
        send({ type: 'call', id, method, input });
      });
    },
    on(name, listener, sub) {
      const entry: AnyListener = { name, fn: listener as (p: never) => void, sub };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
  const receive = (raw: unknown) => {
    const msg = WireToClient.safeParse(raw);
    if (!msg.success) return;
    const m = msg.data;
    if (m.type === 'event') {
      if (!Object.hasOwn(events, m.name)) return;
      const name = m.name as EventName;
      const payload = events[name].safeParse(m.payload);
      if (!payload.success) return;
      for (const l of listeners) if (l.name === name && matchesSubscription(payload.data, l.sub)) (l.fn as (p: unknown) => void)(payload.data);
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (!m.ok) p.reject(fromErrorPayload(m.error));
    else {
      const out = contract[p.method].output.safeParse(m.value);
      if (out.success) p.resolve(out.data);
      else p.reject(fromErrorPayload({ code: 'internal', message: `The reply to ${p.method} did not match the contract`, hint: 'the app and its service are of different versions; restart the app', details: [], fields: [] }));
    }
  };
  const fail = (why: string) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(fromErrorPayload({ code: 'io', message: `The connection to the lab closed: ${why}`, hint: 'restart PV Lab (or pvlab serve) and reload the page', details: [], fields: [] }));
    }
  };
  return { client, receive, fail };
}

/**
 * What a desktop menu item asks the page to do. The page owns these flows (it knows which scenario
 * is on screen and shows errors in place), so the shell only names them.
 */
export type MenuCommand =
  | { type: 'navigate'; hash: `#/${string}` }
  | { type: 'import-scenario' }
  | { type: 'export-scenario' }
  /** A bundle file opened with PV Lab (double-clicked): import it as the Import bundle… button does. */
  | { type: 'open-bundle'; name: string; base64: string };
