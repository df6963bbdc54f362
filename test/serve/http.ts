/** Raw HTTP and WebSocket clients for the serve tests: every header and path goes out exactly as written. */
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { ErrorPayload, type Input, type Method, type Output, contract, fromErrorPayload } from '../../core/contract/index.ts';

/** The wire messages to a client, checked here with a schema of their own: these tests look at the raw wire, not through core/contract's client. */
const Incoming = z.union([
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative(), ok: z.literal(false), error: ErrorPayload }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type WireToClient = z.infer<typeof Incoming>;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request to 127.0.0.1:`port` with this exact path and these headers (Host defaults to 127.0.0.1:port). */
export function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The status a WebSocket upgrade was refused with, or 101 when it opened (and was closed again). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (e) => reject(e));
  });
}

export interface Socket {
  ws: WebSocket;
  /** Every wire message received so far. */
  received: WireToClient[];
  /** A typed call over this socket: the output checked against the contract, a typed error thrown as a PvLabError. */
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Send raw text. */
  sendRaw(text: string): void;
  /** Wait for a received message that `pred` accepts (looking at those already received too). */
  next(pred: (m: WireToClient) => boolean, timeoutMs?: number): Promise<WireToClient>;
  /** Resolves with the close code when the server closes the socket. */
  closed: Promise<number>;
}

/** Open a WebSocket to the lab. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const received: WireToClient[] = [];
    const waiters = new Set<{ pred: (m: WireToClient) => boolean; done: (m: WireToClient) => void }>();
    let nextId = 1000;
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data) => {
      const m = Incoming.parse(JSON.parse(String(data)));
      received.push(m);
      for (const x of waiters) if (x.pred(m)) {
        waiters.delete(x);
        x.done(m);
      }
    });
    ws.on('error', reject);
    const next = (pred: (m: WireToClient) => boolean, timeoutMs = 30_000): Promise<WireToClient> => {
      const seen = received.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error('no such message arrived')), timeoutMs);
        waiters.add({ pred, done: (m) => (clearTimeout(timer), done(m)) });
      });
    };
    async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'call', id, method, input }));
      const reply = await next((m) => m.type === 'reply' && m.id === id);
      if (reply.type !== 'reply') throw new Error('unreachable');
      if (!reply.ok) throw fromErrorPayload(reply.error);
      return contract[method].output.parse(reply.value) as Output<M>;
    }
    ws.on('open', () => resolve({ ws, received, call, closed, sendRaw: (text) => ws.send(text), next }));
  });
}
