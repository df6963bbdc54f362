// The PDF report: the HTML printed by Chromium (as the CLI does), its pages turned into PNGs with
// pdftoppm and each checked to carry ink; and without Chromium, an error that says how to get a PDF.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, htmlToPdf } from '../../core/cli/pdf.ts';
import type { LabClient } from '../../core/contract/index.ts';
import { type Lab, inkShare, labWithRuns } from './fixture.ts';

const chromium = findChromium();
const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('PDF reports', () => {
  let lab: Lab;
  let api: LabClient;
  let pv: number;
  let emulated: number;
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-pdf-test-'));
  beforeAll(async () => {
    ({ lab, api, pv, emulated } = await labWithRuns());
  });
  afterAll(() => {
    lab.done();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!chromium || !hasPdftoppm)('prints every page with content, in English and Swedish', async () => {
    for (const lang of ['en', 'sv'] as const) {
      const f = await api.call('reports.run', { runId: pv, baseline: emulated, format: 'html', lang });
      const pdf = await htmlToPdf(f.encoding === 'text' ? f.text : '', chromium);
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const file = join(dir, `report-${lang}.pdf`);
      writeFileSync(file, pdf);
      execFileSync('pdftoppm', ['-png', '-r', '40', file, join(dir, `page-${lang}`)]);
      const pages = readdirSync(dir).filter((n) => n.startsWith(`page-${lang}`) && n.endsWith('.png')).sort();
      // what ran, what it achieved, why, against the baseline: each section starts a page
      expect(pages.length).toBeGreaterThanOrEqual(4);
      for (const p of pages) {
        const ink = inkShare(readFileSync(join(dir, p)));
        expect(ink, `${p} is blank`).toBeGreaterThan(0.002);
        expect(ink, `${p} is a solid block`).toBeLessThan(0.6);
      }
    }
  }, 120_000);

  it('without Chromium, says how to get a PDF from the HTML', async () => {
    await expect(htmlToPdf('<p>x</p>', null)).rejects.toMatchObject({ code: 'unsupported-runtime', hint: expect.stringMatching(/--format html.*Print/) });
    const missing = join(dir, 'no-such-chromium');
    expect(existsSync(missing)).toBe(false);
    await expect(htmlToPdf('<p>x</p>', missing)).rejects.toMatchObject({ code: 'unsupported-runtime' });
  }, 60_000);
});
