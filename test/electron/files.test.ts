import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));

const fake = await import('./fake-electron.ts');
const { FileTooLargeError, MAX_FILE_BYTES, OpenFileRequest, SaveFileRequest, openFileWithDialog, readFileCapped, readTextFileCapped, saveFileWithDialog } = await import('../../electron/files.ts');

const dir = mkdtempSync(join(tmpdir(), 'pvlab-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  fake.dialog.showOpenDialog.mockReset();
  fake.dialog.showSaveDialog.mockReset();
});

describe('reading an imported file', () => {
  it('reads a UTF-8 text file', async () => {
    const file = join(dir, 'scenario.json');
    writeFileSync(file, '{"id":"lab-1","title":"Virtio på KVM"}');
    expect(await readTextFileCapped(file)).toBe('{"id":"lab-1","title":"Virtio på KVM"}');
  });

  it('refuses a file over the limit with an error that names it and the limit', async () => {
    const file = join(dir, 'disk.img');
    writeFileSync(file, Buffer.alloc(2048, 1));
    await expect(readTextFileCapped(file, 1024)).rejects.toThrow(FileTooLargeError);
    await expect(readTextFileCapped(file, 1024)).rejects.toThrow(/"disk\.img" is larger than 1 KB, the most PV Lab reads/);
    expect(MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
    await expect(readTextFileCapped(file, 2048)).resolves.toHaveLength(2048);
  });

  it('refuses binary content that is not UTF-8', async () => {
    const file = join(dir, 'blob.json');
    writeFileSync(file, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    await expect(readTextFileCapped(file)).rejects.toThrow(/not a UTF-8 text file/);
  });

  it('refuses a folder', async () => {
    await expect(readTextFileCapped(dir)).rejects.toThrow();
  });
});

describe('the import and export dialogs', () => {
  it('returns the chosen file’s name and text, or null when cancelled', async () => {
    const file = join(dir, 'chosen.json');
    writeFileSync(file, '{}');
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    expect(await openFileWithDialog(null, OpenFileRequest.parse({ title: 'Import scenario', extensions: ['json'] }))).toEqual({ name: 'chosen.json', text: '{}' });
    expect(fake.dialog.showOpenDialog.mock.calls[0]![0]).toMatchObject({ title: 'Import scenario', properties: ['openFile'], filters: [{ extensions: ['json'] }] });
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await openFileWithDialog(null, OpenFileRequest.parse({ title: 'Import scenario', extensions: ['json'] }))).toBeNull();
  });

  it('writes the export where the person chose, suggesting only a file name from the page', async () => {
    const target = join(dir, 'export.json');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await saveFileWithDialog(null, SaveFileRequest.parse({ title: 'Export scenario', defaultName: '../../.bashrc/../lab.json', text: '{"id":"x"}' }))).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('{"id":"x"}');
    const opts = fake.dialog.showSaveDialog.mock.calls[0]![0] as { defaultPath: string; filters: unknown };
    expect(opts.defaultPath).toBe(join('/fake/documents', 'lab.json'));
    expect(opts.filters).toEqual([{ name: '.json', extensions: ['json'] }]);
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true });
    expect(await saveFileWithDialog(null, SaveFileRequest.parse({ title: 'Export scenario', defaultName: 'lab.json', text: '{}' }))).toBe(false);
  });

  it('writes base64 content as the bytes it stands for (a zip of CSV tables)', async () => {
    const target = join(dir, 'tables.zip');
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0xff, 0xfe, 0x00, 0x80]);
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await saveFileWithDialog(null, SaveFileRequest.parse({ title: 'Export report', defaultName: 'pvlab-run-3-en.zip', base64: zip.toString('base64') }))).toBe(true);
    expect(readFileSync(target)).toEqual(zip);
    expect((fake.dialog.showSaveDialog.mock.calls[0]![0] as { filters: unknown }).filters).toEqual([{ name: '.zip', extensions: ['zip'] }]);
  });

  it('takes text or base64, exactly one, and says so when given neither or both', () => {
    const base = { title: 'Export', defaultName: 'a.zip' };
    const issues = (raw: unknown) => SaveFileRequest.safeParse(raw).error?.issues.map((i) => i.message) ?? [];
    expect(issues(base)).toEqual(['give the content as text or as base64, exactly one of them']);
    expect(issues({ ...base, text: 'a', base64: 'YQ==' })).toEqual(['give the content as text or as base64, exactly one of them']);
    expect(issues({ ...base, base64: 'YQ=' })).not.toEqual([]);
    expect(SaveFileRequest.parse({ ...base, text: 'å' }).bytes).toEqual(Buffer.from('å', 'utf8'));
  });

  it('reads a bundle as base64 bytes when asked, under the larger limit for bundles', async () => {
    const file = join(dir, 'run.pvrun.zip');
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00]);
    writeFileSync(file, bytes);
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    expect(await openFileWithDialog(null, { title: 'Import bundle', extensions: ['zip', 'json'], encoding: 'base64' })).toEqual({ name: 'run.pvrun.zip', base64: bytes.toString('base64') });
    await expect(readFileCapped(file, 4, 'Use the command line.')).rejects.toThrow(/"run\.pvrun\.zip" is larger than 1 KB, the most PV Lab reads\. Use the command line\./);
  });
});
