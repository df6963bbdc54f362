/**
 * The IPC channels between the window and the main process, and the menu commands the page
 * receives. The preload runs sandboxed and cannot import this file at run time; it repeats the
 * names and the compiler checks that both copies agree.
 */
import type { ErrorPayload, WireToClient, WireToService } from '../core/contract/index.ts';

export const CHANNELS = {
  /** Page → main: one `WireToService` call, relayed to the core process. */
  toService: 'pvlab:to-service',
  /** Main → page: one `WireToClient` reply or event from the core process. */
  toPage: 'pvlab:to-page',
  /** Main → page: a `MenuCommand` chosen in the application menu. */
  menu: 'pvlab:menu',
  /** Page → main (invoke): show the open dialog and read the chosen file (as text, or as base64 bytes). */
  openFile: 'pvlab:open-file',
  /** Page → main (invoke): show the save dialog and write the text or the base64 bytes. */
  saveFile: 'pvlab:save-file',
  /** Page → main (invoke): print a report's HTML to PDF in a hidden window, then save it through the dialog. */
  printReport: 'pvlab:print-report',
} as const;

/** What a menu item asks the page to do (shared with the renderer through the contract). */
export type { MenuCommand } from '../core/contract/index.ts';

/**
 * How the invoke channels answer: the preload turns `ok: false` into a thrown Error with this message
 * and, when main knows how to fix the cause, its hint (the page's ErrorBox shows both).
 */
export type FileReply<T> = { ok: true; value: T } | { ok: false; message: string; hint?: string };

/** Main → core process: a wire call, or the request to close the database and exit. */
export type ToCore = WireToService | { type: 'shutdown' };

/**
 * Core process → main: replies and events for the page, and what opening the database found, so
 * main can tell the person (a damaged file moved aside, a database from a newer PV Lab).
 */
export type FromCore =
  | WireToClient
  | { type: 'store-opened'; file: string; movedAside: { to: string; reason: string } | null }
  | { type: 'store-failed'; file: string; error: ErrorPayload };
