/**
 * Import and export through the native dialogs. The page never names a path: it asks for a file and
 * gets its text, or hands over text and learns whether it was saved. Reads stop at a size limit so a
 * wrongly chosen disk image cannot fill the memory of main and the page.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions, app, dialog } from 'electron';
import { z } from 'zod';

/** Scenario files are kilobytes; recordings are never imported as text. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const OpenFileRequest = z.object({
  title: z.string().max(200),
  extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'an extension is letters and digits, without the dot')).min(1).max(16),
});
export type OpenFileRequest = z.infer<typeof OpenFileRequest>;

export const SaveFileRequest = z.object({
  title: z.string().max(200),
  defaultName: z.string().min(1).max(255),
  text: z.string(),
});
export type SaveFileRequest = z.infer<typeof SaveFileRequest>;

export class FileTooLargeError extends Error {
  constructor(name: string, limit: number) {
    super(`"${name}" is larger than ${formatMiB(limit)}, the most PV Lab reads. Scenario files are a few kilobytes: check that you chose the right file.`);
    this.name = 'FileTooLargeError';
  }
}

const formatMiB = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`);

/**
 * Read a UTF-8 text file, refusing it once more than `limit` bytes have been read (the size is
 * checked while reading, not only from stat, so a file that grows meanwhile is still refused).
 */
export async function readTextFileCapped(file: string, limit: number = MAX_FILE_BYTES): Promise<string> {
  const handle = await fsp.open(file, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`"${path.basename(file)}" is not a regular file`);
    if (stat.size > limit) throw new FileTooLargeError(path.basename(file), limit);
    const chunks: Buffer[] = [];
    let read = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      read += bytesRead;
      if (read > limit) throw new FileTooLargeError(path.basename(file), limit);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, read));
    } catch {
      throw new Error(`"${path.basename(file)}" is not a UTF-8 text file; PV Lab imports scenarios as JSON text`);
    }
  } finally {
    await handle.close();
  }
}

/** Write text the page produced; the same limit applies, so an export never writes an unbounded file. */
export async function writeTextFileCapped(file: string, text: string, limit: number = MAX_FILE_BYTES): Promise<void> {
  if (Buffer.byteLength(text, 'utf8') > limit) throw new FileTooLargeError(path.basename(file), limit);
  await fsp.writeFile(file, text, 'utf8');
}

/** Show the open dialog for `req`, then read the chosen file. Null when the person cancelled. */
export async function openFileWithDialog(win: BrowserWindow | null, req: OpenFileRequest): Promise<{ name: string; text: string } | null> {
  const options: OpenDialogOptions = {
    title: req.title,
    properties: ['openFile'],
    filters: [{ name: req.extensions.map((e) => `.${e}`).join(', '), extensions: req.extensions }],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const file = result.filePaths[0];
  if (result.canceled || !file) return null;
  return { name: path.basename(file), text: await readTextFileCapped(file) };
}

/** Show the save dialog (in Documents, with the page's suggested name), then write. False when cancelled. */
export async function saveFileWithDialog(win: BrowserWindow | null, req: SaveFileRequest): Promise<boolean> {
  // Only a file name is taken from the page, never a folder: the person chooses where it goes.
  const name = path.basename(req.defaultName.replaceAll('\\', '/')) || 'export';
  const ext = path.extname(name).slice(1);
  const options: SaveDialogOptions = {
    title: req.title,
    defaultPath: path.join(app.getPath('documents'), name),
    ...(/^[A-Za-z0-9]{1,16}$/.test(ext) ? { filters: [{ name: `.${ext}`, extensions: [ext] }] } : {}),
  };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return false;
  await writeTextFileCapped(result.filePath, req.text);
  return true;
}
