/**
 * Export buttons in the browser: a run's report downloads from the Run page (against a baseline
 * picked there), from the Replay page and from Compare, in the app's language; PDF opens the
 * print dialog from a frame that cannot run scripts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportDoc } from '../../core/report/model.ts';
import { type Lab, openLab } from '../e2e/harness.ts';
import { emulatedScenario, pvScenario } from './fixture.ts';

async function twoRuns(lab: Lab): Promise<[number, number]> {
  const ids: number[] = [];
  for (const scenario of [emulatedScenario(), pvScenario()]) {
    const { runId } = await lab.service.call('runs.start', { scenario });
    await lab.service.call('runs.wait', { runId });
    ids.push(runId);
  }
  return [ids[0]!, ids[1]!];
}

describe('exporting reports from the app', () => {
  let lab: Lab;
  let emulated: number;
  let pv: number;
  beforeAll(async () => {
    lab = await openLab({ route: null, inline: true });
    [emulated, pv] = await twoRuns(lab);
  });
  afterAll(async () => {
    await lab?.close();
  });

  const exportAs = async (format: string) => {
    const page = lab.page;
    await page.getByLabel('Report format').selectOption(format);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const d = await download;
    return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
  };

  it('downloads a run report from the Run page, against the baseline picked there', async () => {
    const page = lab.page;
    await lab.goto(`runs/${pv}`);
    await page.getByRole('button', { name: 'Export report' }).waitFor();
    await page.getByLabel('Against').selectOption(String(emulated));
    const html = await exportAs('html');
    expect(html.name).toBe(`pvlab-run-${pv}-vs-${emulated}-en.html`);
    expect(html.text).toContain(`Against the baseline, run #${emulated}`);
    await page.getByText(`Downloaded ${html.name}.`).waitFor();
    await lab.shot('report-export-run');
    const json = await exportAs('json');
    expect(ReportDoc.parse(JSON.parse(json.text)).runs.map((r) => r.id)).toEqual([emulated, pv]);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('prints the report from a frame that runs no script, for Save as PDF', async () => {
    const page = lab.page;
    await lab.goto(`replay/${pv}`);
    await page.getByLabel('Report format').selectOption('pdf');
    await page.getByText(/choose “Save as PDF”/).waitFor();
    await page.getByRole('button', { name: 'Export report' }).click();
    const frame = page.locator('iframe.report-print-frame');
    await expect.poll(() => frame.getAttribute('data-printed')).toBe('true');
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    expect(await frame.getAttribute('srcdoc')).toMatch(/^<!DOCTYPE html>[\s\S]*Run report: /);
    await page.getByText(/The print dialog is open/).waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('downloads a comparison from Compare', async () => {
    await lab.goto(`compare?runs=${emulated},${pv}`);
    await lab.page.getByRole('button', { name: 'Export report' }).waitFor();
    const md = await exportAs('md');
    expect(md.name).toBe(`pvlab-compare-${emulated}-${pv}-en.md`);
    expect(md.text).toMatch(/^# Comparison of 2 runs/);
    const csv = lab.page.waitForEvent('download');
    await lab.page.getByLabel('Report format').selectOption('csv');
    await lab.page.getByRole('button', { name: 'Export report' }).click();
    expect((await csv).suggestedFilename()).toBe(`pvlab-compare-${emulated}-${pv}-en.zip`);
    expect(lab.consoleErrors).toEqual([]);
  });
});

describe('exporting in Swedish', () => {
  it('writes the report in the language of the app', async () => {
    const lab = await openLab({ route: null, inline: true, locale: 'sv-SE' });
    try {
      const [, pv] = await twoRuns(lab);
      await lab.goto(`runs/${pv}`);
      const page = lab.page;
      await page.getByRole('button', { name: 'Exportera rapport' }).waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Exportera rapport' }).click();
      const d = await download;
      expect(d.suggestedFilename()).toBe(`pvlab-run-${pv}-sv.html`);
      const html = readFileSync((await d.path())!, 'utf8');
      expect(html).toContain('<html lang="sv">');
      expect(html).toContain('Vad den åstadkom');
      expect(lab.consoleErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 60_000);
});
