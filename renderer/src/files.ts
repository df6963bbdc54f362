/**
 * Files in and out of the page. In the desktop app they go through the shell's dialogs
 * (window.pvlab); in a browser, out as a download and in from an <input type=file>. Binary files
 * (zips: CSV tables, run bundles) travel as base64, as the contract carries them.
 */
import type { ExportedFile } from '../../core/contract/files.ts';

/** Base64 → bytes. */
export function bytesOfBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The browser's download of something the page made. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export type SaveOutcome = 'saved' | 'cancelled' | 'downloaded';

/** Save a file the service made: the desktop save dialog (text or the real bytes), or a browser download. */
export async function saveExported(f: ExportedFile, title: string): Promise<SaveOutcome> {
  if (f.encoding === 'file') throw new Error(`The file was written to ${f.path}`);
  const bridge = window.pvlab;
  if (bridge) {
    const content = f.encoding === 'text' ? { text: f.text } : { base64: f.base64 };
    return (await bridge.saveFile({ title, defaultName: f.fileName, ...content })) ? 'saved' : 'cancelled';
  }
  const blob = f.encoding === 'text' ? new Blob([f.text], { type: `${f.mime};charset=utf-8` }) : new Blob([bytesOfBase64(f.base64)], { type: f.mime });
  downloadBlob(blob, f.fileName);
  return 'downloaded';
}

/** A file the person picked in a browser, as base64 (read by the browser itself, so a large file is not copied byte by byte here). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}
