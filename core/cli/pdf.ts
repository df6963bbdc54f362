/**
 * PDF from the HTML report, printed by a Chromium found on this computer (through playwright-core,
 * the same print path as the desktop app's printToPDF). No browser is downloaded: without one,
 * the error says how to get a PDF from the HTML instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PvLabError } from '../model/index.ts';
import { REPORT_PRINT } from '../report/html.ts';

/** Where Chromium, Chrome or Edge usually are; $PVLAB_CHROMIUM comes first. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const own = env.PVLAB_CHROMIUM ? [env.PVLAB_CHROMIUM] : [];
  if (platform === 'darwin') {
    return [...own, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return [...own, ...roots.flatMap((r) => [join(r, 'Google/Chrome/Application/chrome.exe'), join(r, 'Microsoft/Edge/Application/msedge.exe'), join(r, 'Chromium/Application/chrome.exe')])];
  }
  return [...own, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/bin/microsoft-edge'];
}

export function findChromium(candidates: readonly string[] = chromiumCandidates()): string | null {
  return candidates.find((c) => existsSync(c)) ?? null;
}

const noBrowser = (why: string) => new PvLabError(
  'unsupported-runtime',
  `A PDF needs Chromium, Chrome or Edge, and ${why}`,
  'write the report as HTML (--format html) and print it to PDF from a browser (File › Print › Save as PDF); or install Chromium, or set PVLAB_CHROMIUM to its executable; the desktop app prints PDFs itself',
);

/** Print `html` to A4 PDF pages. */
export async function htmlToPdf(html: string, executable: string | null = findChromium()): Promise<Uint8Array> {
  if (!executable) throw noBrowser('none was found on this computer');
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw noBrowser('the playwright-core package that drives it is not installed here');
  }
  const profile = mkdtempSync(join(tmpdir(), 'pvlab-pdf-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: executable,
      headless: true,
      offline: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }).catch((e: Error) => {
      throw noBrowser(`${executable} did not start (${e.message.split('\n')[0]})`);
    });
    try {
      const page = await context.newPage();
      // the report is self-contained and its CSP blocks every request: nothing to wait for
      await page.setContent(html, { waitUntil: 'load' });
      const { marginsMm: m, headerTemplate, footerTemplate } = REPORT_PRINT;
      const pdf = await page.pdf({
        format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate, footerTemplate,
        margin: { top: `${m.top}mm`, bottom: `${m.bottom}mm`, left: `${m.left}mm`, right: `${m.right}mm` },
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
