/**
 * The core process: an Electron utility process that owns the database and LabService, so SQL,
 * replay decoding and run bookkeeping never block the window or main. It speaks the wire protocol
 * through `serveChannel` (the same dispatcher as `pvlab serve`) over `process.parentPort`.
 */
import type { ParentPort } from 'electron';
import { WireToService, toErrorPayload } from '../core/contract/index.ts';
import { LabService } from '../core/service/service.ts';
import { serveChannel } from '../core/service/transport.ts';
import { openLabStore } from '../core/store/open.ts';
import { defaultDbPath } from '../core/store/paths.ts';
import type { FromCore } from './channels.ts';

/** The parts of Electron's ParentPort the host uses (tests pass a fake). */
export interface HostPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: FromCore): void;
}

export interface OpenedLab {
  service: LabService;
  movedAside: { to: string; reason: string } | null;
  /** Close the database (after the service has stopped). */
  closeStore(): void;
}

/** Open the database at `file` (created and migrated as needed) and a warm service over it. */
export function openLab(file: string): OpenedLab {
  const store = openLabStore(file);
  const service = new LabService(store, { warm: true });
  return {
    service,
    movedAside: store.report.movedAside ?? null,
    closeStore: () => store.close(),
  };
}

/** How long shutdown waits for cancelled runs to settle before closing the database anyway. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * Serve the lab on `port`. When the database cannot be opened, every call is answered with that
 * error (it carries the remedy), so the page can show it instead of waiting forever.
 */
export function hostCore(port: HostPort, file: string, open: (file: string) => OpenedLab, exit: (code: number) => void): void {
  let lab: OpenedLab | null = null;
  let channel: ReturnType<typeof serveChannel> | null = null;
  let failure: ReturnType<typeof toErrorPayload> | null = null;
  try {
    lab = open(file);
    channel = serveChannel(lab.service, (msg) => port.postMessage(msg));
    port.postMessage({ type: 'store-opened', file, movedAside: lab.movedAside });
  } catch (e) {
    failure = toErrorPayload(e);
    process.stderr.write(`PV Lab core: could not open ${file}: ${failure.message}\n`);
    port.postMessage({ type: 'store-failed', file, error: failure });
  }

  let stopping = false;
  port.on('message', ({ data }) => {
    if (isShutdown(data)) {
      if (stopping) return;
      stopping = true;
      void shutDown(lab, channel).then(() => exit(0), () => exit(1));
      return;
    }
    if (stopping) return;
    if (channel) {
      channel.receive(data);
      return;
    }
    const call = WireToService.safeParse(data);
    if (call.success && failure) port.postMessage({ type: 'reply', id: call.data.id, ok: false, error: failure });
  });
}

function isShutdown(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'shutdown';
}

async function shutDown(lab: OpenedLab | null, channel: ReturnType<typeof serveChannel> | null): Promise<void> {
  channel?.close();
  if (!lab) return;
  // Cancelled runs finish their bookkeeping (status, partial recording) before the database closes.
  lab.service.close();
  await Promise.race([lab.service.idle(), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
  lab.closeStore();
}

// Started by utilityProcess.fork: main passes the database location in PVLAB_DB.
const parentPort = (process as { parentPort?: ParentPort }).parentPort;
if (parentPort) hostCore(parentPort, defaultDbPath(), openLab, (code) => process.exit(code));
