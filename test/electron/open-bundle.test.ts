// Opening a bundle with the app: which arguments name bundles, reading one into the page's
// command (with the import's limit), and holding files until the page has loaded.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isBundleName } from '../../core/contract/files.ts';

// electron/files.ts imports electron's dialogs: the real package cannot load here
vi.mock('electron', () => import('./fake-electron.ts'));
const { BundleInbox, bundleArgs, openBundleCommand } = await import('../../electron/open-bundle.ts');
const { MAX_BINARY_FILE_BYTES } = await import('../../electron/files.ts');

const dir = mkdtempSync(join(tmpdir(), 'pvlab-open-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundles named on the command line', () => {
  it('takes run and scenario bundles, resolved against the folder the app started in, and ignores switches and other files', () => {
    expect(bundleArgs(['.', '--no-sandbox', 'run.pvrun.zip', '/data/Lab.PVSCENARIO.JSON', 'notes.txt', 'plain.zip', '--x=a.pvrun.zip'], '/home/ann'))
      .toEqual(['/home/ann/run.pvrun.zip', '/data/Lab.PVSCENARIO.JSON']);
    expect(isBundleName('a.pvscenario.json')).toBe(true);
    // the extensions of their own that the installers associate (the old double ones still open)
    expect(bundleArgs(['run.pvrun', 'Lab.PVSCENARIO', 'x.pvrunx', 'pvrun'], '/home/ann')).toEqual(['/home/ann/run.pvrun', '/home/ann/Lab.PVSCENARIO']);
    expect(isBundleName('a.json')).toBe(false);
    // what the installers associate: one extension each (Windows and macOS match only the last
    // one), at the top level of the configuration so that every OS's installer registers them,
    // and every one of them opens here
    const config = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    const block = /^fileAssociations:\n((?:[ #].*\n)+)/m.exec(config)?.[1] ?? '';
    const associated = [...block.matchAll(/^ {2}- ext: (\S+)$/gm)].map((m) => m[1]!);
    expect(associated).toEqual(['pvrun', 'pvscenario']);
    expect(config.match(/fileAssociations:/g), 'no OS has an association list of its own').toHaveLength(1);
    for (const ext of associated) expect(isBundleName(`lab.${ext}`), ext).toBe(true);
  });

  it('reads a bundle into the page\'s open-bundle command, and says why it cannot', async () => {
    const file = join(dir, 'run.pvrun.zip');
    writeFileSync(file, Buffer.from([0x50, 0x4b, 3, 4, 1, 2]));
    expect(await openBundleCommand(file)).toEqual({ type: 'open-bundle', name: 'run.pvrun.zip', base64: Buffer.from([0x50, 0x4b, 3, 4, 1, 2]).toString('base64') });
    expect(await openBundleCommand(join(dir, 'gone.pvrun.zip'))).toEqual({ error: expect.stringMatching(/gone\.pvrun\.zip: the file does not exist/) });
  });

  it('refuses a bundle above the import limit with the way to import it', async () => {
    const file = join(dir, 'huge.pvrun.zip');
    writeFileSync(file, Buffer.alloc(MAX_BINARY_FILE_BYTES + 1));
    expect(await openBundleCommand(file)).toEqual({ error: expect.stringContaining('pvlab bundle import FILE') });
  });
});

describe('files held until the page has loaded', () => {
  it('delivers files given at start once the page is ready, at once while it is, and holds them while it reloads', () => {
    const deliver = vi.fn();
    const inbox = new BundleInbox(deliver);
    inbox.add(['/a.pvrun.zip']);
    expect(deliver).not.toHaveBeenCalled();
    inbox.pageReady();
    expect(deliver).toHaveBeenCalledWith('/a.pvrun.zip');
    inbox.add(['/b.pvscenario.json']);
    expect(deliver).toHaveBeenLastCalledWith('/b.pvscenario.json');
    inbox.pageGone();
    inbox.add(['/c.pvrun.zip']);
    expect(deliver).toHaveBeenCalledTimes(2);
    inbox.pageReady();
    inbox.pageReady();
    expect(deliver).toHaveBeenCalledTimes(3);
  });
});
