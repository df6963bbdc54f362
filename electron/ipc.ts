/**
 * The IPC table: which channels the page may use and what main does with each. Every handler first
 * checks the sender (our window's top frame on app://), then validates the message; nothing from
 * the page reaches the core process, the dialogs, the print window or the disk without both.
 */
import type { BrowserWindow, IpcMain } from 'electron';
import type { z } from 'zod';
import { PvLabError } from '../core/model/index.ts';
import { CHANNELS, type FileReply } from './channels.ts';
import { OpenFileRequest, type OpenedFile, SaveFileRequest } from './files.ts';
import type { CoreRelay, IpcSenderInfo } from './relay.ts';
import { PrintReportRequest } from './report-pdf.ts';

export interface IpcDeps {
  relay: CoreRelay;
  /** The lab window, parent of the dialogs (null while none is open). */
  window(): BrowserWindow | null;
  openFile(win: BrowserWindow | null, req: OpenFileRequest): Promise<OpenedFile | null>;
  saveFile(win: BrowserWindow | null, req: SaveFileRequest): Promise<boolean>;
  /** Print a report's HTML to PDF and save it; false when the person cancelled the dialog. */
  printReport(win: BrowserWindow | null, req: PrintReportRequest): Promise<boolean>;
  log(line: string): void;
}

export function registerIpc(ipcMain: IpcMain, deps: IpcDeps): void {
  ipcMain.on(CHANNELS.toService, (event, raw: unknown) => {
    deps.relay.fromPage(event, raw);
  });
  ipcMain.handle(CHANNELS.openFile, (event, raw: unknown) => fileCall(deps, event, OpenFileRequest, raw, (req) => deps.openFile(deps.window(), req)));
  ipcMain.handle(CHANNELS.saveFile, (event, raw: unknown) => fileCall(deps, event, SaveFileRequest, raw, (req) => deps.saveFile(deps.window(), req)));
  ipcMain.handle(CHANNELS.printReport, (event, raw: unknown) => fileCall(deps, event, PrintReportRequest, raw, (req) => deps.printReport(deps.window(), req)));
}

/** Check, validate, run; failures come back as a message the preload rethrows in the page. */
async function fileCall<S extends z.ZodType, T>(deps: IpcDeps, event: IpcSenderInfo, schema: S, raw: unknown, run: (req: z.output<S>) => Promise<T>): Promise<FileReply<T>> {
  if (!deps.relay.trusts(event)) {
    deps.log(`refused a file request from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
    return { ok: false, message: 'PV Lab refused a file request that did not come from its own window' };
  }
  const req = schema.safeParse(raw);
  if (!req.success) {
    return { ok: false, message: `The file request is not valid: ${req.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}` };
  }
  try {
    return { ok: true, value: await run(req.data) };
  } catch (e) {
    if (e instanceof PvLabError) return { ok: false, message: e.message, hint: e.hint };
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
