import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireToClient, WireToService } from '../../core/contract/index.ts';
import { PvLabError } from '../../core/model/index.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const fake = await import('./fake-electron.ts');
const { CoreRelay, isTrustedSender } = await import('../../electron/relay.ts');
const { registerIpc } = await import('../../electron/ipc.ts');
const { CHANNELS } = await import('../../electron/channels.ts');
const { MAX_FILE_BYTES, base64Length } = await import('../../electron/files.ts');
const { MAX_REPORT_HTML_CHARS } = await import('../../electron/report-pdf.ts');

const WINDOW = 7;
const PAGE = 'app://pvlab/index.html#/scenarios';

/** An IPC event as Electron builds it: the sending WebContents and frame. */
const from = (contentsId: number, url: string, parent: unknown = null) => ({ sender: { id: contentsId }, senderFrame: { url, parent } });
const call = (id: number, method = 'scenarios.list', input: unknown = {}): WireToService => ({ type: 'call', id, method, input });

function setup(coreRunning = true) {
  const toCore = vi.fn((_m: WireToService) => coreRunning);
  const toPage = vi.fn((_m: WireToClient) => undefined);
  const relay = new CoreRelay({ toCore, toPage, log: () => undefined });
  relay.attachWindow(WINDOW);
  return { relay, toCore, toPage };
}

describe('who may talk to the lab', () => {
  it('trusts only the top frame of our window on app://pvlab', () => {
    expect(isTrustedSender(from(WINDOW, PAGE), WINDOW)).toBe(true);
    expect(isTrustedSender(from(WINDOW + 1, PAGE), WINDOW)).toBe(false);
    expect(isTrustedSender(from(WINDOW, 'https://evil.example/'), WINDOW)).toBe(false);
    expect(isTrustedSender(from(WINDOW, 'app://evil/index.html'), WINDOW)).toBe(false);
    expect(isTrustedSender(from(WINDOW, 'file:///home/u/index.html'), WINDOW)).toBe(false);
    expect(isTrustedSender(from(WINDOW, PAGE, { url: PAGE }), WINDOW)).toBe(false);
    expect(isTrustedSender({ sender: { id: WINDOW }, senderFrame: null }, WINDOW)).toBe(false);
    expect(isTrustedSender(from(WINDOW, PAGE), null)).toBe(false);
  });
});

describe('the relay between the window and the core process', () => {
  it('relays a valid call and routes the reply back under the page’s own id', () => {
    const { relay, toCore, toPage } = setup();
    expect(relay.fromPage(from(WINDOW, PAGE), call(5, 'catalog.list', { kind: 'profiles' }))).toBe('relayed');
    expect(toCore).toHaveBeenCalledTimes(1);
    const sent = toCore.mock.calls[0]![0];
    expect(sent).toMatchObject({ type: 'call', method: 'catalog.list', input: { kind: 'profiles' } });
    relay.fromCore({ type: 'reply', id: sent.id, ok: true, value: { items: [], total: 0 } });
    expect(toPage).toHaveBeenCalledWith({ type: 'reply', id: 5, ok: true, value: { items: [], total: 0 } });
    expect(relay.pending).toBe(0);
  });

  it('drops a message from a foreign sender without relaying or answering it', () => {
    const { relay, toCore, toPage } = setup();
    expect(relay.fromPage(from(WINDOW + 1, PAGE), call(1))).toBe('dropped');
    expect(relay.fromPage(from(WINDOW, 'https://evil.example/'), call(2))).toBe('dropped');
    expect(relay.fromPage(from(WINDOW, PAGE, {}), call(3))).toBe('dropped');
    expect(toCore).not.toHaveBeenCalled();
    expect(toPage).not.toHaveBeenCalled();
  });

  it('drops everything once the window has closed', () => {
    const { relay, toCore } = setup();
    relay.attachWindow(null);
    expect(relay.fromPage(from(WINDOW, PAGE), call(1))).toBe('dropped');
    expect(toCore).not.toHaveBeenCalled();
  });

  it('rejects a malformed message, telling the page when it has a call id', () => {
    const { relay, toCore, toPage } = setup();
    expect(relay.fromPage(from(WINDOW, PAGE), { type: 'call', id: 3, method: 42, input: {} })).toBe('rejected');
    expect(relay.fromPage(from(WINDOW, PAGE), { type: 'exec', id: 4, command: 'rm -rf /' })).toBe('rejected');
    expect(relay.fromPage(from(WINDOW, PAGE), 'scenarios.list')).toBe('rejected');
    expect(relay.fromPage(from(WINDOW, PAGE), { type: 'call', id: -1, method: 'scenarios.list', input: {} })).toBe('rejected');
    expect(toCore).not.toHaveBeenCalled();
    expect(toPage).toHaveBeenCalledTimes(2);
    expect(toPage.mock.calls[0]![0]).toMatchObject({ type: 'reply', id: 3, ok: false, error: { code: 'invalid-input' } });
    expect(toPage.mock.calls[1]![0]).toMatchObject({ type: 'reply', id: 4, ok: false });
  });

  it('forwards service events to the window', () => {
    const { relay, toPage } = setup();
    const event: WireToClient = { type: 'event', name: 'run.progress', payload: { runId: 1 } };
    relay.fromCore(event);
    expect(toPage).toHaveBeenCalledWith(event);
  });

  it('never delivers a reply meant for the page before a reload', () => {
    const { relay, toCore, toPage } = setup();
    relay.fromPage(from(WINDOW, PAGE), call(1, 'scenarios.get', { id: 'a' }));
    const old = toCore.mock.calls[0]![0];
    relay.pageLoaded();
    relay.fromPage(from(WINDOW, PAGE), call(1, 'runs.list', {}));
    const fresh = toCore.mock.calls[1]![0];
    expect(fresh.id).not.toBe(old.id);
    relay.fromCore({ type: 'reply', id: old.id, ok: true, value: 'for the old page' });
    expect(toPage).not.toHaveBeenCalled();
    relay.fromCore({ type: 'reply', id: fresh.id, ok: true, value: 'for the new page' });
    expect(toPage).toHaveBeenCalledWith({ type: 'reply', id: 1, ok: true, value: 'for the new page' });
  });

  it('fails waiting calls when the core process stops, and answers at once when none runs', () => {
    const { relay, toPage } = setup();
    relay.fromPage(from(WINDOW, PAGE), call(9));
    relay.coreLost('the process exited with code 1');
    expect(toPage).toHaveBeenCalledWith(expect.objectContaining({ type: 'reply', id: 9, ok: false, error: expect.objectContaining({ code: 'io' }) }));
    expect(relay.pending).toBe(0);

    const down = setup(false);
    expect(down.relay.fromPage(from(WINDOW, PAGE), call(2))).toBe('relayed');
    expect(down.toPage).toHaveBeenCalledWith(expect.objectContaining({ id: 2, ok: false }));
    expect(down.relay.pending).toBe(0);
  });
});

describe('the IPC table', () => {
  const ipc = new fake.FakeIpcMain();
  const { relay, toCore } = setup();
  const openFile = vi.fn(async () => ({ name: 'lab.json', text: '{}' }));
  const saveFile = vi.fn(async (_win: unknown, _req: { bytes: Uint8Array }) => true);
  const printReport = vi.fn(async (_win: unknown, _req: unknown) => true);
  registerIpc(ipc as never, { relay, window: () => null, openFile, saveFile, printReport, log: () => undefined });

  beforeEach(() => {
    toCore.mockClear();
    openFile.mockClear();
    saveFile.mockClear();
    printReport.mockClear();
  });

  it('listens on the service channel and relays only what the relay accepts', () => {
    const [onService] = ipc.handlers(CHANNELS.toService) as ((e: unknown, raw: unknown) => void)[];
    onService!(from(WINDOW, PAGE), call(1));
    onService!(from(WINDOW + 1, PAGE), call(2));
    onService!(from(WINDOW, PAGE), { type: 'call' });
    expect(toCore).toHaveBeenCalledTimes(1);
  });

  it('opens the file dialog only for our page and a valid request', async () => {
    const open = ipc.invokeHandlers.get(CHANNELS.openFile) as (e: unknown, raw: unknown) => Promise<unknown>;
    expect(await open(from(WINDOW, 'https://evil.example/'), { title: 'Import', extensions: ['json'] })).toMatchObject({ ok: false });
    expect(await open(from(WINDOW, PAGE), { title: 'Import', extensions: ['../../etc'] })).toMatchObject({ ok: false, message: expect.stringContaining('not valid') });
    expect(openFile).not.toHaveBeenCalled();
    expect(await open(from(WINDOW, PAGE), { title: 'Import', extensions: ['json'] })).toEqual({ ok: true, value: { name: 'lab.json', text: '{}' } });
    openFile.mockRejectedValueOnce(new Error('"disk.img" is larger than 10 MB'));
    expect(await open(from(WINDOW, PAGE), { title: 'Import', extensions: ['json'] })).toEqual({ ok: false, message: '"disk.img" is larger than 10 MB' });
  });

  it('saves only for our page', async () => {
    const save = ipc.invokeHandlers.get(CHANNELS.saveFile) as (e: unknown, raw: unknown) => Promise<unknown>;
    expect(await save(from(WINDOW + 1, PAGE), { title: 'Export', defaultName: 'a.json', text: '{}' })).toMatchObject({ ok: false });
    expect(saveFile).not.toHaveBeenCalled();
    expect(await save(from(WINDOW, PAGE), { title: 'Export', defaultName: 'a.json', text: '{}' })).toEqual({ ok: true, value: true });
  });

  it('saves text or base64 bytes, exactly one of them, within the size limit', async () => {
    const save = ipc.invokeHandlers.get(CHANNELS.saveFile) as (e: unknown, raw: unknown) => Promise<unknown>;
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]);
    expect(await save(from(WINDOW, PAGE), { title: 'Export', defaultName: 'tables.zip', base64: zip.toString('base64') })).toEqual({ ok: true, value: true });
    expect(Buffer.from(saveFile.mock.calls[0]![1].bytes)).toEqual(zip);
    const refused = [
      { title: 'Export', defaultName: 'a.zip' },
      { title: 'Export', defaultName: 'a.zip', text: '{}', base64: 'e30=' },
      { title: 'Export', defaultName: 'a.zip', base64: 'not base64!' },
      { title: 'Export', defaultName: 'a.zip', base64: 'A'.repeat(base64Length(MAX_FILE_BYTES) + 4) },
    ];
    for (const raw of refused) expect(await save(from(WINDOW, PAGE), raw)).toMatchObject({ ok: false, message: expect.stringContaining('not valid') });
    expect(saveFile).toHaveBeenCalledTimes(1);
  });

  it('prints a report to PDF only for our page and a valid request, passing main’s hint on', async () => {
    const print = ipc.invokeHandlers.get(CHANNELS.printReport) as (e: unknown, raw: unknown) => Promise<unknown>;
    const req = { title: 'Export report', defaultName: 'pvlab-run-3-en.pdf', html: '<!DOCTYPE html><title>r</title>' };
    expect(await print(from(WINDOW, 'https://evil.example/'), req)).toMatchObject({ ok: false });
    for (const raw of [{ ...req, html: '' }, { ...req, defaultName: 'report.exe' }, { ...req, html: 'x'.repeat(MAX_REPORT_HTML_CHARS + 1) }, { title: 'Export report', html: '<p>' }]) {
      expect(await print(from(WINDOW, PAGE), raw)).toMatchObject({ ok: false, message: expect.stringContaining('not valid') });
    }
    expect(printReport).not.toHaveBeenCalled();
    expect(await print(from(WINDOW, PAGE), req)).toEqual({ ok: true, value: true });
    expect(printReport).toHaveBeenCalledWith(null, req);
    printReport.mockRejectedValueOnce(new PvLabError('io', 'PV Lab could not print the report to PDF: it hung', 'try again'));
    expect(await print(from(WINDOW, PAGE), req)).toEqual({ ok: false, message: 'PV Lab could not print the report to PDF: it hung', hint: 'try again' });
  });
});
