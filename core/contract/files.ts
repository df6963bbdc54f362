/**
 * What the reports, bundles and backup methods exchange: report formats, and a file handed back
 * to the caller as text, as base64 bytes, or — for the CLI and the desktop main process, which
 * name a path themselves — written to a path.
 */
import { z } from 'zod';
import { NonNegativeInt } from '../model/index.ts';

/** Report formats the service renders (a PDF is the HTML printed by a browser engine: the app or the CLI). */
export const ReportFormat = z.enum(['html', 'md', 'csv', 'json']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/**
 * Bundle file names. Each kind has an extension of its own, because Windows and macOS associate a
 * file with an app by its last extension only (a `.pvrun.zip` would open in the zip tool): a run
 * bundle is a zip named `.pvrun`, a scenario bundle JSON named `.pvscenario`. The names of earlier
 * versions are still read.
 */
export const RUN_BUNDLE_EXT = '.pvrun';
export const SCENARIO_BUNDLE_EXT = '.pvscenario';
export const BUNDLE_SUFFIXES: readonly string[] = [RUN_BUNDLE_EXT, SCENARIO_BUNDLE_EXT, '.pvrun.zip', '.pvscenario.json'];
/** Extensions (without the dot) an open dialog offers for bundles, old names included. */
export const BUNDLE_DIALOG_EXTENSIONS: readonly string[] = ['pvrun', 'pvscenario', 'zip', 'json'];
/** Whether a file name names a PV Lab bundle. */
export const isBundleName = (name: string) => BUNDLE_SUFFIXES.some((s) => name.toLowerCase().endsWith(s));
/** Whether a path is one a run bundle may be written to directly: `.pvrun`, or any `.zip`. */
export const isRunBundlePath = (p: string) => /\.(pvrun|zip)$/i.test(p);

const FileMeta = { fileName: z.string().min(1).max(255), mime: z.string(), bytes: NonNegativeInt };

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
