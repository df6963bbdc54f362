/**
 * The receiving end every transport shares, and the in-process transport. A request is
 * `{ method, input }`; a reply is `{ ok: true, value }` or `{ ok: false, error }` with a typed
 * error a UI can show. Values cross as structured clones, exactly as over Electron IPC or a
 * MessagePort, so a test through this transport sees what the app would.
 */
import { z } from 'zod';
import { PvLabError, type PvLabErrorCode } from '../model/index.ts';
import { type EventName, type EventPayload, type Input, type Method, type Output, contract } from './contract.ts';
import type { LabService } from './service.ts';

export const Request = z.object({ method: z.string(), input: z.unknown() });

export const ErrorPayload = z.object({ code: z.string(), message: z.string(), hint: z.string(), details: z.array(z.string()) });
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export type Reply = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof PvLabError) return { code: e.code, message: e.message, hint: e.hint, details: [...e.details] };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `PV Lab hit an internal error: ${message}`, hint: 'report this with the steps that led to it', details: [] };
}

export function fromErrorPayload(p: ErrorPayload): PvLabError {
  return new PvLabError(p.code as PvLabErrorCode, p.message, p.hint, p.details);
}

const isMethod = (m: string): m is Method => Object.hasOwn(contract, m);

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

/** What the desktop UI and tests program against, whatever carries the calls. */
export interface LabClient {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  on(listener: <E extends EventName>(name: E, payload: EventPayload<E>) => void): () => void;
}

/** The in-process transport: the same validation and structured-clone boundary as IPC, no process hop. */
export function inProcessClient(service: LabService): LabClient {
  return {
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const reply = structuredClone(await serve(service, structuredClone({ method, input })));
      if (!reply.ok) throw fromErrorPayload(reply.error);
      return contract[method].output.parse(reply.value) as Output<M>;
    },
    on(listener) {
      return service.on((name, payload) => listener(name, structuredClone(payload)));
    },
  };
}
