/**
 * What the reports, bundles and backup methods exchange: report formats, and a file handed back
 * to the caller as text, as base64 bytes, or — for the CLI and the desktop main process, which
 * name a path themselves — written to a path.
 */
import { z } from 'zod';

/** Report formats the service renders (a PDF is the HTML printed by a browser engine: the app or the CLI). */
export const ReportFormat = z.enum(['html', 'md', 'csv', 'json']);
export type ReportFormat = z.infer<typeof ReportFormat>;

const FileMeta = { fileName: z.string().min(1).max(255), mime: z.string(), bytes: z.number().int().nonnegative() };

export const ExportedFile = z.discriminatedUnion('encoding', [
  z.object({ encoding: z.literal('text'), text: z.string(), ...FileMeta }),
  z.object({ encoding: z.literal('base64'), base64: z.string(), ...FileMeta }),
  z.object({ encoding: z.literal('file'), path: z.string(), ...FileMeta }),
]);
export type ExportedFile = z.infer<typeof ExportedFile>;

/** A path on the machine the service runs on: absolute, no NUL, a sane length. */
export const LocalPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), 'give an absolute path');

/** The largest wire message `pvlab serve` takes from a page (its WebSocket closes on a larger one). */
export const MAX_WEBSOCKET_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Run bundles travel as base64 up to this many bytes; larger ones go through a path (the CLI). */
export const MAX_INLINE_BUNDLE_BYTES = 256 * 1024 * 1024;
export const MAX_INLINE_BUNDLE_BASE64 = Math.ceil(MAX_INLINE_BUNDLE_BYTES / 3) * 4;
