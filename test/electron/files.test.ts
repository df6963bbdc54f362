import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));

const fake = await import('./fake-electron.ts');
const { FileTooLargeError, MAX_FILE_BYTES, openFileWithDialog, readTextFileCapped, saveFileWithDialog } = await import('../../electron/files.ts');

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
    expect(await openFileWithDialog(null, { title: 'Import scenario', extensions: ['json'] })).toEqual({ name: 'chosen.json', text: '{}' });
    expect(fake.dialog.showOpenDialog.mock.calls[0]![0]).toMatchObject({ title: 'Import scenario', properties: ['openFile'], filters: [{ extensions: ['json'] }] });
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await openFileWithDialog(null, { title: 'Import scenario', extensions: ['json'] })).toBeNull();
  });

  it('writes the export where the person chose, suggesting only a file name from the page', async () => {
    const target = join(dir, 'export.json');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await saveFileWithDialog(null, { title: 'Export scenario', defaultName: '../../.bashrc/../lab.json', text: '{"id":"x"}' })).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('{"id":"x"}');
    const opts = fake.dialog.showSaveDialog.mock.calls[0]![0] as { defaultPath: string; filters: unknown };
    expect(opts.defaultPath).toBe(join('/fake/documents', 'lab.json'));
    expect(opts.filters).toEqual([{ name: '.json', extensions: ['json'] }]);
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true });
    expect(await saveFileWithDialog(null, { title: 'Export scenario', defaultName: 'lab.json', text: '{}' })).toBe(false);
  });
});
