/**
 * Main's handle on the core process (electron/core-host.ts in a utility process): start it with the
 * database location, pass messages both ways, restart it if it dies (a few times, not in a loop),
 * and stop it cleanly on quit so the database closes after cancelled runs have settled.
 */
import { type UtilityProcess, utilityProcess } from 'electron';
import { z } from 'zod';
import { ErrorPayload, type WireToClient } from '../core/contract/index.ts';
import { DB_ENV_VAR } from '../core/store/paths.ts';
import type { ToCore } from './channels.ts';

export const StoreNotice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('store-opened'), file: z.string(), movedAside: z.object({ to: z.string(), reason: z.string() }).nullable() }),
  z.object({ type: z.literal('store-failed'), file: z.string(), error: ErrorPayload }),
]);
export type StoreNotice = z.infer<typeof StoreNotice>;

/**
 * Main only routes what the core sends (a reply by its id, an event to the window); the page's
 * wireClient checks replies and events against the contract, so main checks just the envelope.
 */
const CoreWire = z.union([
  z.looseObject({ type: z.literal('reply'), id: z.number().int().nonnegative(), ok: z.boolean() }),
  z.looseObject({ type: z.literal('event'), name: z.string() }),
]);

export interface CoreProcessOptions {
  /** The compiled core-host.js. */
  modulePath: string;
  dbPath: string;
  onMessage(msg: WireToClient): void;
  onNotice(notice: StoreNotice): void;
  /** The process stopped unexpectedly; `restarting` says whether another one was started. */
  onLost(why: string, restarting: boolean): void;
}

/** A crash loop is given up after this many unexpected exits within the window below. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

export class CoreProcess {
  private readonly opts: CoreProcessOptions;
  private child: UtilityProcess | null = null;
  private readonly recentExits: number[] = [];
  private stopping = false;

  constructor(opts: CoreProcessOptions) {
    this.opts = opts;
  }

  start(): void {
    const child = utilityProcess.fork(this.opts.modulePath, [], {
      serviceName: 'PV Lab core',
      // The host opens defaultDbPath(), which reads this variable first: main decides where the database lives.
      env: { ...process.env, [DB_ENV_VAR]: this.opts.dbPath },
      stdio: 'inherit',
    });
    child.on('message', (raw: unknown) => this.receive(raw));
    child.on('exit', (code: number) => this.exited(child, code));
    this.child = child;
  }

  /** Post a message to the core; false when none is running (given up, or quitting). */
  post(msg: ToCore): boolean {
    if (!this.child || this.stopping) return false;
    this.child.postMessage(msg);
    return true;
  }

  /** Ask the core to close the database and exit; kill it if it has not within a few seconds. */
  stop(): Promise<void> {
    const child = this.child;
    this.stopping = true;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.postMessage({ type: 'shutdown' } satisfies ToCore);
    });
  }

  private receive(raw: unknown): void {
    if (CoreWire.safeParse(raw).success) {
      this.opts.onMessage(raw as WireToClient);
      return;
    }
    const notice = StoreNotice.safeParse(raw);
    if (notice.success) this.opts.onNotice(notice.data);
  }

  private exited(child: UtilityProcess, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    if (this.stopping) return;
    const now = Date.now();
    this.recentExits.push(now);
    while (this.recentExits.length > 0 && now - (this.recentExits[0] ?? now) > RESTART_WINDOW_MS) this.recentExits.shift();
    const restarting = this.recentExits.length <= MAX_RESTARTS;
    this.opts.onLost(`the process exited with code ${code}`, restarting);
    if (restarting) this.start();
  }
}
