/**
 * Reports as PDF in the desktop app. The page hands main the HTML report the service wrote; main
 * prints it with Chromium's own print path (`webContents.printToPDF`, as the CLI does through
 * Playwright) in a hidden window that can do nothing but show that one document: its own in-memory
 * session, no preload, no Node, no JavaScript (the report has none), every request refused except
 * the document itself. Then the person chooses where the PDF goes.
 */
import { randomUUID } from 'node:crypto';
import { BrowserWindow, type PrintToPDFOptions, type Session, session } from 'electron';
import { z } from 'zod';
import { PvLabError } from '../core/model/index.ts';
import { REPORT_CSP, REPORT_PRINT } from '../core/report/html.ts';
import { APP_SCHEME } from './app-protocol.ts';
import { chooseSavePath, writeFileCapped } from './files.ts';
import { hardenSession, hardenWebContents, secureWebPreferences } from './window.ts';

/** A run report is hundreds of kilobytes; a comparison of eight runs a few megabytes. */
export const MAX_REPORT_HTML_CHARS = 32 * 1024 * 1024;
/** The most main writes as one PDF. */
export const MAX_PDF_BYTES = 64 * 1024 * 1024;
/** Loading and printing a self-contained page takes seconds at most; past this something hangs. */
export const PRINT_TIMEOUT_MS = 60_000;

export const PrintReportRequest = z.object({
  /** The save dialog's title. */
  title: z.string().max(200),
  /** The suggested file name (only the name is used, never a folder). */
  defaultName: z.string().min(1).max(255).regex(/\.pdf$/i, 'the suggested name ends in .pdf'),
  /** The report: one self-contained HTML document. */
  html: z.string().min(1).max(MAX_REPORT_HTML_CHARS),
});
export type PrintReportRequest = z.infer<typeof PrintReportRequest>;

const mmToInches = (mm: number) => mm / 25.4;
const { marginsMm: m, headerTemplate, footerTemplate } = REPORT_PRINT;

/** A4 with backgrounds (table shading, chart fills), the report's margins and page breaks, page numbers below. */
export const PDF_OPTIONS: PrintToPDFOptions = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: true,
  headerTemplate,
  footerTemplate,
  margins: { top: mmToInches(m.top), bottom: mmToInches(m.bottom), left: mmToInches(m.left), right: mmToInches(m.right) },
};

/** In memory (no "persist:" prefix): nothing the print window loads is written to disk. */
export const PRINT_PARTITION = 'pvlab-report-print';
const PRINT_HOST = 'report';

/** The documents being printed, by the one URL each is served at. */
const documents = new Map<string, string>();
let printSession: Session | null = null;

/** Whether the print window may load `url`: a document being printed, or data: inside it (its charts and images). */
export function mayLoad(url: string): boolean {
  return documents.has(url) || url.startsWith('data:');
}

/** The print windows' session, set up once: hardened, serving only the documents being printed, refusing every other request. */
function reportSession(): Session {
  if (printSession) return printSession;
  const ses = session.fromPartition(PRINT_PARTITION, { cache: false });
  hardenSession(ses);
  ses.protocol.handle(APP_SCHEME, (request) => {
    const html = documents.get(request.url);
    if (html === undefined) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(html, {
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': REPORT_CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  });
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !mayLoad(details.url) }));
  printSession = ses;
  return ses;
}

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const printFailed = (why: string) =>
  new PvLabError('io', `PV Lab could not print the report to PDF: ${why}`, 'try again; or export the report as HTML and print it from a browser (Save as PDF)');

/** Print one HTML report to PDF bytes in a hidden, locked-down window. */
export async function renderReportPdf(html: string, timeoutMs: number = PRINT_TIMEOUT_MS): Promise<Buffer> {
  const ses = reportSession();
  const url = `${APP_SCHEME}://${PRINT_HOST}/${randomUUID()}.html`;
  documents.set(url, html);
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { ...secureWebPreferences(), session: ses, javascript: false, devTools: false, backgroundThrottling: false },
  });
  hardenWebContents(win.webContents);
  try {
    await within(win.loadURL(url), timeoutMs, 'Loading the report');
    const pdf = await within(win.webContents.printToPDF(PDF_OPTIONS), timeoutMs, 'Printing the report');
    if (pdf.length > MAX_PDF_BYTES) throw new Error(`the PDF would be larger than ${MAX_PDF_BYTES / 2 ** 20} MB`);
    return pdf;
  } catch (e) {
    throw printFailed(e instanceof Error ? e.message : String(e));
  } finally {
    documents.delete(url);
    if (!win.isDestroyed()) win.destroy();
  }
}

/** Print the report, then show the save dialog and write the PDF. False when the person cancelled. */
export async function printReportWithDialog(win: BrowserWindow | null, req: PrintReportRequest): Promise<boolean> {
  const pdf = await renderReportPdf(req.html);
  const file = await chooseSavePath(win, req.title, req.defaultName);
  if (file === null) return false;
  await writeFileCapped(file, pdf, MAX_PDF_BYTES);
  return true;
}
