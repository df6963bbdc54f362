/**
 * The browser transport of LabService: an HTTP server on loopback that serves the built renderer
 * and, on `/api`, a WebSocket carrying the wire messages of core/contract (JSON text frames).
 * Every request needs the token made at start (query or cookie), this server's Host, and no
 * foreign Origin. Calls go through `serveChannel`, the dispatcher every transport shares.
 */
import { existsSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { type WireToClient, WireToService, toErrorPayload } from '../contract/index.ts';
import { MAX_WEBSOCKET_MESSAGE_BYTES } from '../contract/files.ts';
import { PvLabError } from '../model/index.ts';
import type { LabService } from '../service/service.ts';
import { serveChannel } from '../service/transport.ts';
import { checkRequest, newToken, securityHeaders, tokenCookie } from './guard.ts';
import { findStatic } from './static.ts';

/** The largest message a client may send (a scenario fits many times over; the page checks a bundle against it). */
export const MAX_MESSAGE_BYTES = MAX_WEBSOCKET_MESSAGE_BYTES;

export interface ServerOptions {
  service: LabService;
  /** 0 picks any free port. */
  port?: number;
  /** The built renderer (renderer/dist). */
  staticDir: string;
  /** Loopback only: the server never listens elsewhere. */
  host?: '127.0.0.1';
  /** A fixed token (tests); by default a fresh random one. */
  token?: string;
}

export interface RunningServer {
  /** The page to open, with the token: `http://127.0.0.1:<port>/?token=<token>`. */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  token: string;
  port: number;
  /** Open WebSocket connections. */
  connections(): number;
  /** Disconnect every client and stop listening. */
  close(): Promise<void>;
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  socket.destroy();
}

function parseUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** Answer one WebSocket: its calls go to the service, the replies and every event come back. */
function attach(ws: WebSocket, service: LabService, channels: Set<() => void>): void {
  const post = (msg: WireToClient) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch (e) {
      if (msg.type !== 'reply') return;
      text = JSON.stringify({ type: 'reply', id: msg.id, ok: false, error: toErrorPayload(e) } satisfies WireToClient);
    }
    ws.send(text);
  };
  const channel = serveChannel(service, post);
  channels.add(channel.close);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return void ws.close(1003, 'send JSON text frames');
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return void ws.close(1007, 'a message was not JSON');
    }
    if (!WireToService.safeParse(msg).success) {
      // a call the dispatcher would drop: answer it when it says which call it was
      const id = (msg as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
        const error = new PvLabError('invalid-input', 'A call must be { type: "call", id, method, input }', 'send the wire messages of core/contract');
        post({ type: 'reply', id, ok: false, error: toErrorPayload(error) });
      }
      return;
    }
    channel.receive(msg);
  });
  ws.on('error', () => ws.terminate());
  ws.on('close', () => {
    channel.close();
    channels.delete(channel.close);
  });
}

/** Start serving the lab on 127.0.0.1. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { service, staticDir } = opts;
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new PvLabError('not-found', `There is no index.html in ${staticDir}`, 'build the renderer first (npx vite build renderer), or serve a folder that holds a built renderer');
  }
  const token = opts.token ?? newToken();
  const host = '127.0.0.1';
  let port = 0;
  const channels = new Set<() => void>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, clientTracking: true });

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) plain(res, 500, `PV Lab could not answer: ${e instanceof Error ? e.message : String(e)}`, securityHeaders(port));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    const url = parseUrl(req);
    if (!url) return plain(res, 400, 'The request URL is not valid.', headers);
    const verdict = checkRequest(req, url, port, token);
    if (!verdict.ok) return plain(res, verdict.status, verdict.reason, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(res, 405, 'Only GET and HEAD are served; the lab itself answers on the WebSocket at /api.', { ...headers, Allow: 'GET, HEAD' });
    }
    if (verdict.fromQuery) headers['Set-Cookie'] = tokenCookie(port, token);
    if (url.pathname === '/api') return plain(res, 426, 'Connect to /api with a WebSocket.', { ...headers, Upgrade: 'websocket' });
    const found = await findStatic(staticDir, url.pathname);
    if (!found.ok && found.status === 404 && url.pathname === '/favicon.ico') {
      // browsers ask for it unprompted: no icon is not an error worth a console line
      res.writeHead(204, { ...headers, 'Cache-Control': 'no-cache' });
      return void res.end();
    }
    if (!found.ok) return plain(res, found.status, found.reason, headers);
    res.writeHead(200, {
      ...headers,
      'Content-Type': found.type,
      'Content-Length': found.body.length,
      'Cache-Control': found.isIndex ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : found.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req);
    if (!url) return refuseUpgrade(socket, 400, 'The request URL is not valid.');
    const verdict = checkRequest(req, url, port, token);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason);
    if (url.pathname !== '/api') return refuseUpgrade(socket, 404, 'The lab answers WebSockets on /api only.');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, service, channels));
  });
  server.on('clientError', (_e, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  await new Promise<void>((resolvePromise, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        e.code === 'EADDRINUSE'
          ? new PvLabError('io', `Port ${opts.port} on 127.0.0.1 is already in use`, 'choose another with --port, or --port 0 for any free port')
          : new PvLabError('io', `Cannot listen on 127.0.0.1:${opts.port ?? 0}: ${e.message}`, 'choose another port with --port'),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePromise();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(opts.port ?? 0, opts.host ?? host);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new PvLabError('internal', 'The server has no TCP address', 'report this');
  port = address.port;
  const origin = `http://${host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    connections: () => wss.clients.size,
    close() {
      closing ??= (async () => {
        for (const off of channels) off();
        channels.clear();
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((r) => wss.close(() => r()));
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      })();
      return closing;
    },
  };
}
