/**
 * Reports to PDF in the desktop app: the HTML is printed in a hidden window that has no preload, no
 * Node and no JavaScript, lives in its own in-memory session, and can load nothing but the document
 * it was given; printToPDF gets A4 with backgrounds and the report's page breaks; the bytes go where
 * the person chose. Electron is the fake (test/electron/fake-electron.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PvLabError } from '../../core/model/index.ts';
import { REPORT_CSP } from '../../core/report/html.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const fake = await import('./fake-electron.ts');
const { MAX_PDF_BYTES, PDF_OPTIONS, PRINT_PARTITION, mayLoad, printReportWithDialog, renderReportPdf } = await import('../../electron/report-pdf.ts');

type Win = InstanceType<typeof fake.BrowserWindow>;
const dir = mkdtempSync(join(tmpdir(), 'pvlab-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HTML = '<!DOCTYPE html><html lang="en"><head><title>Run report: #3</title></head><body><h1>Run report</h1></body></html>';
const PDF = Buffer.from('%PDF-1.7\n% a report\n%%EOF\n');

/** The print session as main set it up, and what its request filter says of a URL. */
const printSession = () => fake.session.fromPartition(PRINT_PARTITION);
function allowed(url: string): boolean {
  let verdict: { cancel?: boolean } | null = null;
  printSession().beforeRequest!({ url }, (r) => (verdict = r));
  return verdict!.cancel !== true;
}
/** What the print session's app:// handler answers for a URL (what Chromium would get). */
async function fetchInSession(url: string): Promise<Response> {
  return printSession().protocolHandlers.get('app')!(new Request(url));
}

/** Script the next window: on loadURL, fetch the page as Chromium would and check what the filter says. */
function scriptWindow(onLoad?: (url: string) => Promise<void>): { window: () => Win; served: { status: number; body: string; csp: string | null; allowed: boolean }[] } {
  let created: Win | null = null;
  const served: { status: number; body: string; csp: string | null; allowed: boolean }[] = [];
  fake.BrowserWindow.onCreate = (w) => {
    created = w;
    w.loadURL.mockImplementation(async (url: string) => {
      const r = await fetchInSession(url);
      served.push({ status: r.status, body: await r.text(), csp: r.headers.get('Content-Security-Policy'), allowed: allowed(url) });
      await onLoad?.(url);
    });
    w.webContents.printToPDF.mockResolvedValue(PDF);
  };
  return { window: () => created!, served };
}

beforeEach(() => {
  fake.dialog.showSaveDialog.mockReset();
});
afterEach(() => {
  fake.BrowserWindow.onCreate = null;
});

describe('printing a report to PDF', () => {
  it('prints in a hidden window with no preload, Node or JavaScript, in its own in-memory session', async () => {
    const { window } = scriptWindow();
    expect(await renderReportPdf(HTML)).toEqual(PDF);
    const win = window();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(win.options.show).toBe(false);
    expect(prefs).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, devTools: false });
    expect(prefs).not.toHaveProperty('preload');
    expect(prefs.session).toBe(printSession());
    expect(PRINT_PARTITION).not.toMatch(/^persist:/);
    expect(fake.session.fromPartition).toHaveBeenCalledWith(PRINT_PARTITION, { cache: false });
    // hardened as every window is: no permissions, no downloads, no new windows
    expect(printSession().permissionCheckHandler!()).toBe(false);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('calls printToPDF with A4, backgrounds and the report’s own page size and breaks', async () => {
    const { window } = scriptWindow();
    await renderReportPdf(HTML);
    expect(window().webContents.printToPDF).toHaveBeenCalledWith(PDF_OPTIONS);
    expect(PDF_OPTIONS).toMatchObject({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true });
    expect(PDF_OPTIONS.landscape ?? false).toBe(false);
    expect(PDF_OPTIONS.margins!.top).toBeCloseTo(14 / 25.4);
    expect(PDF_OPTIONS.footerTemplate).toContain('pageNumber');
  });

  it('serves the given HTML, with the report’s CSP, at one URL while it prints, and nothing else', async () => {
    const { window, served } = scriptWindow(async (url) => {
      expect(allowed('https://example.com/track.gif')).toBe(false);
      expect(allowed('http://127.0.0.1:8080/api')).toBe(false);
      expect(allowed('file:///etc/passwd')).toBe(false);
      expect(allowed('ws://127.0.0.1/')).toBe(false);
      expect(allowed('app://pvlab/index.html')).toBe(false);
      expect(allowed(url.replace(/[0-9a-f-]{36}/, '00000000-0000-4000-8000-000000000000'))).toBe(false);
      expect(allowed('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
      expect((await fetchInSession('app://report/other.html')).status).toBe(404);
    });
    await renderReportPdf(HTML);
    expect(served).toEqual([{ status: 200, body: HTML, csp: REPORT_CSP, allowed: true }]);
    const url = window().loadURL.mock.calls[0]![0];
    expect(url).toMatch(/^app:\/\/report\/[0-9a-f-]{36}\.html$/);
    // once printed, the document is gone and its URL refused like any other
    expect(allowed(url)).toBe(false);
    expect(mayLoad(url)).toBe(false);
    expect((await fetchInSession(url)).status).toBe(404);
    expect(window().destroy).toHaveBeenCalled();
  });

  it('fails with a typed error and a hint when printing fails or hangs, and closes the window', async () => {
    const { window } = scriptWindow();
    fake.BrowserWindow.onCreate = ((inner) => (w: Win) => {
      inner?.(w);
      w.webContents.printToPDF.mockRejectedValue(new Error('Printing failed'));
    })(fake.BrowserWindow.onCreate);
    const failed = await renderReportPdf(HTML).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(PvLabError);
    expect(failed).toMatchObject({ code: 'io', message: 'PV Lab could not print the report to PDF: Printing failed', hint: expect.stringContaining('export the report as HTML') });
    expect(window().destroy).toHaveBeenCalled();

    fake.BrowserWindow.onCreate = (w) => w.loadURL.mockImplementation(() => new Promise(() => undefined));
    await expect(renderReportPdf(HTML, 20)).rejects.toThrow(/Loading the report took longer than 0\.02 s/);
    expect(fake.BrowserWindow.created.at(-1)!.destroy).toHaveBeenCalled();

    fake.BrowserWindow.onCreate = (w) => w.webContents.printToPDF.mockResolvedValue({ length: MAX_PDF_BYTES + 1 } as Buffer<ArrayBuffer>);
    await expect(renderReportPdf(HTML)).rejects.toThrow(/larger than 64 MB/);
  });
});

describe('saving the PDF', () => {
  it('prints, then writes the bytes where the person chose, suggesting the .pdf name', async () => {
    scriptWindow();
    const target = join(dir, 'report.pdf');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await printReportWithDialog(null, { title: 'Export report', defaultName: 'pvlab-run-3-en.pdf', html: HTML })).toBe(true);
    expect(readFileSync(target)).toEqual(PDF);
    const opts = fake.dialog.showSaveDialog.mock.calls[0]![0] as { title: string; defaultPath: string; filters: unknown };
    expect(opts).toMatchObject({ title: 'Export report', defaultPath: join('/fake/documents', 'pvlab-run-3-en.pdf'), filters: [{ name: '.pdf', extensions: ['pdf'] }] });
  });

  it('writes nothing when the person cancels', async () => {
    scriptWindow();
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true });
    expect(await printReportWithDialog(null, { title: 'Export report', defaultName: 'r.pdf', html: HTML })).toBe(false);
  });
});
