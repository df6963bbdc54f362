/**
 * Import and export through the native dialogs. The page never names a path: it asks for a file and
 * gets its content (text, or base64 bytes for a zip such as a run bundle), or hands over content and
 * learns whether it was saved. Reads and writes stop at a size limit so a wrongly chosen disk image
 * cannot fill the memory of main and the page.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions, app, dialog } from 'electron';
import { z } from 'zod';
import { MAX_INLINE_BUNDLE_BYTES } from '../core/contract/files.ts';

/** Scenario files and exports are kilobytes to megabytes; recordings are never imported as text. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Files read as bytes (run bundles) may be as large as the service takes them inline. */
export const MAX_BINARY_FILE_BYTES = MAX_INLINE_BUNDLE_BYTES;

/** The base64 length of `bytes` bytes. */
export const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

export const OpenFileRequest = z.object({
  title: z.string().max(200),
  extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'an extension is letters and digits, without the dot')).min(1).max(16),
  /** text: a UTF-8 file (scenarios); base64: any bytes (bundles, which may be zips). */
  encoding: z.enum(['text', 'base64']).default('text'),
});
export type OpenFileRequest = z.infer<typeof OpenFileRequest>;
export type OpenedFile = { name: string; text: string } | { name: string; base64: string };

/** What to save, as the page sends it: text, or bytes as base64 (a zip), exactly one of them. */
export const SaveFileRequest = z
  .object({
    title: z.string().max(200),
    defaultName: z.string().min(1).max(255),
    text: z.string().max(MAX_FILE_BYTES).optional(),
    base64: z.base64().max(base64Length(MAX_FILE_BYTES)).optional(),
  })
  .refine((r) => (r.text === undefined) !== (r.base64 === undefined), { message: 'give the content as text or as base64, exactly one of them' })
  .transform(({ title, defaultName, text, base64 }) => ({ title, defaultName, bytes: text !== undefined ? Buffer.from(text, 'utf8') : Buffer.from(base64 ?? '', 'base64') }));
/** A validated save request: the content is bytes whichever way it came. */
export type SaveFileRequest = z.output<typeof SaveFileRequest>;

/** A file over a limit; what to do about it is part of the message (the dialogs show messages only). */
export class FileTooLargeError extends Error {
  constructor(name: string, limit: number, advice = 'Scenario files are a few kilobytes: check that you chose the right file.') {
    super(`"${name}" is larger than ${formatMiB(limit)}, the most PV Lab reads. ${advice}`);
    this.name = 'FileTooLargeError';
  }
}

const formatMiB = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`);

const BUNDLE_TOO_LARGE = 'Import a run bundle this large with the command line: pvlab bundle import FILE.';

/**
 * Read a file, refusing it once more than `limit` bytes have been read (the size is checked while
 * reading, not only from stat, so a file that grows meanwhile is still refused).
 */
export async function readFileCapped(file: string, limit: number, tooLargeAdvice?: string): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`"${path.basename(file)}" is not a regular file`);
    if (stat.size > limit) throw new FileTooLargeError(path.basename(file), limit, tooLargeAdvice);
    const chunks: Buffer[] = [];
    let read = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      read += bytesRead;
      if (read > limit) throw new FileTooLargeError(path.basename(file), limit, tooLargeAdvice);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, read);
  } finally {
    await handle.close();
  }
}

/** Read a UTF-8 text file of at most `limit` bytes. */
export async function readTextFileCapped(file: string, limit: number = MAX_FILE_BYTES): Promise<string> {
  const bytes = await readFileCapped(file, limit);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`"${path.basename(file)}" is not a UTF-8 text file; PV Lab imports scenarios as JSON text`);
  }
}

/** Write what the page produced; the same limit applies, so an export never writes an unbounded file. */
export async function writeFileCapped(file: string, content: string | Uint8Array, limit: number = MAX_FILE_BYTES): Promise<void> {
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
  if (size > limit) throw new FileTooLargeError(path.basename(file), limit, 'Export a smaller report, or use the pvlab command line.');
  await fsp.writeFile(file, content);
}

/** Show the open dialog for `req`, then read the chosen file. Null when the person cancelled. */
export async function openFileWithDialog(win: BrowserWindow | null, req: OpenFileRequest): Promise<OpenedFile | null> {
  const options: OpenDialogOptions = {
    title: req.title,
    properties: ['openFile'],
    filters: [{ name: req.extensions.map((e) => `.${e}`).join(', '), extensions: req.extensions }],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const file = result.filePaths[0];
  if (result.canceled || !file) return null;
  const name = path.basename(file);
  if (req.encoding === 'base64') return { name, base64: (await readFileCapped(file, MAX_BINARY_FILE_BYTES, BUNDLE_TOO_LARGE)).toString('base64') };
  return { name, text: await readTextFileCapped(file) };
}

/**
 * Show the save dialog in Documents with the page's suggested name. The path the person chose, or
 * null when they cancelled. Only a file name is taken from the page, never a folder.
 */
export async function chooseSavePath(win: BrowserWindow | null, title: string, defaultName: string): Promise<string | null> {
  const name = path.basename(defaultName.replaceAll('\\', '/')) || 'export';
  const ext = path.extname(name).slice(1);
  const options: SaveDialogOptions = {
    title,
    defaultPath: path.join(app.getPath('documents'), name),
    ...(/^[A-Za-z0-9]{1,16}$/.test(ext) ? { filters: [{ name: `.${ext}`, extensions: [ext] }] } : {}),
  };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Show the save dialog, then write the request's bytes. False when cancelled. */
export async function saveFileWithDialog(win: BrowserWindow | null, req: SaveFileRequest): Promise<boolean> {
  const file = await chooseSavePath(win, req.title, req.defaultName);
  if (file === null) return false;
  await writeFileCapped(file, req.bytes);
  return true;
}
