/**
 * Main's relay between the window and the core process. Main is the boundary the page cannot
 * bypass: it drops messages from any sender but our window's top frame on app://, rejects anything
 * that is not a wire call, and renumbers calls so a reloaded page never receives a reply meant for
 * the page it replaced. The core process validates each call's input against the contract.
 */
import { type ErrorPayload, type WireToClient, WireToService } from '../core/contract/index.ts';
import { isAppUrl } from './app-protocol.ts';

/** What main knows about who sent an IPC message (the parts of Electron's IpcMainEvent it checks). */
export interface IpcSenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * Trust a message only from the top frame of our window's WebContents while it shows an app:// page.
 * A frame that navigated elsewhere, a subframe, or another WebContents is refused.
 */
export function isTrustedSender(event: IpcSenderInfo, windowContentsId: number | null): boolean {
  if (windowContentsId === null || event.sender.id !== windowContentsId) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export type RelayOutcome = 'relayed' | 'dropped' | 'rejected';

export interface RelayPorts {
  /** Post a call to the core process; false when no core process is running. */
  toCore(msg: WireToService): boolean;
  /** Send a reply or event to the window (a no-op once it is gone). */
  toPage(msg: WireToClient): void;
  log(line: string): void;
}

const errorReply = (id: number, error: ErrorPayload): WireToClient => ({ type: 'reply', id, ok: false, error });

export class CoreRelay {
  private windowContentsId: number | null = null;
  private nextCoreId = 1;
  /** Core call id → the page's own id, for calls of the page now loaded (cleared on every load). */
  private readonly inFlight = new Map<number, number>();

  private readonly ports: RelayPorts;

  constructor(ports: RelayPorts) {
    this.ports = ports;
  }

  /** The window whose page may call the service (null when it closed). */
  attachWindow(contentsId: number | null): void {
    this.windowContentsId = contentsId;
    this.pageLoaded();
  }

  /**
   * A new document loaded in the window: forget the previous one's calls, so their late replies are
   * dropped rather than matched to the new page's calls (its ids start again at 1).
   */
  pageLoaded(): void {
    this.inFlight.clear();
  }

  /** Whether `event` came from the page that may use the lab (also used for the file dialogs). */
  trusts(event: IpcSenderInfo): boolean {
    return isTrustedSender(event, this.windowContentsId);
  }

  /** A message from the window's IPC channel. */
  fromPage(event: IpcSenderInfo, raw: unknown): RelayOutcome {
    if (!this.trusts(event)) {
      this.ports.log(`dropped a message from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
      return 'dropped';
    }
    const msg = WireToService.safeParse(raw);
    if (!msg.success) {
      const id = callIdOf(raw);
      this.ports.log(`rejected a malformed message from the page${id === null ? '' : ` (call ${id})`}`);
      if (id !== null) {
        this.ports.toPage(errorReply(id, {
          code: 'invalid-input', message: 'The message to the lab is not a call of the wire protocol',
          hint: 'send { type: "call", id, method, input } as core/contract/client.ts does', details: msg.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`), fields: [],
        }));
      }
      return 'rejected';
    }
    const call = msg.data;
    const coreId = this.nextCoreId++;
    this.inFlight.set(coreId, call.id);
    if (!this.ports.toCore({ ...call, id: coreId })) {
      this.inFlight.delete(coreId);
      this.ports.toPage(errorReply(call.id, coreDown('the lab core is not running')));
    }
    return 'relayed';
  }

  /** A message from the core process: a reply goes back to the page that asked, an event to the window. */
  fromCore(msg: WireToClient): void {
    if (msg.type === 'event') {
      this.ports.toPage(msg);
      return;
    }
    const pageId = this.inFlight.get(msg.id);
    if (pageId === undefined) return;
    this.inFlight.delete(msg.id);
    this.ports.toPage({ ...msg, id: pageId });
  }

  /** The core process stopped: fail every call still waiting, so the page shows an error rather than hanging. */
  coreLost(why: string): void {
    const waiting = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const pageId of waiting) this.ports.toPage(errorReply(pageId, coreDown(why)));
  }

  /** Calls relayed and not yet answered (for tests and diagnostics). */
  get pending(): number {
    return this.inFlight.size;
  }
}

function coreDown(why: string): ErrorPayload {
  return {
    code: 'io', message: `The lab core stopped before answering: ${why}`,
    hint: 'PV Lab restarts its core; try again. If it keeps stopping, restart PV Lab and report the steps that led to it',
    details: [], fields: [],
  };
}

/** The call id of a malformed message, when it has a usable one, so the page can be told. */
function callIdOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = (raw as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
