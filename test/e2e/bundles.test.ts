/**
 * Bundles and binary exports in the browser (pvlab serve): a run bundle imported with the Runs
 * page's "Import bundle…" button shows up as a run and opens; a changed bundle is refused with the
 * reason in the error box; a scenario bundle imports from the Scenarios page; the run page and the
 * scenario editor export bundles that import back; a report's CSV tables download as a real zip.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../core/report/zip.ts';
import { pvScenario } from '../report/fixture.ts';
import { type Lab, openLab } from './harness.ts';

const ZIP_LIMITS = { maxEntries: 100, maxEntryBytes: 2 ** 24, maxTotalBytes: 2 ** 26 };

describe('bundles and binary files in the browser', () => {
  let lab: Lab;
  let dir: string;
  let runId: number;
  let bundle: string;
  beforeAll(async () => {
    lab = await openLab({ route: null, inline: true });
    dir = mkdtempSync(join(tmpdir(), 'pvlab-bundles-'));
    ({ runId } = await lab.service.call('runs.start', { scenario: pvScenario(), title: 'Virtio run to hand in' }));
    await lab.service.call('runs.wait', { runId });
    const out = await lab.service.call('bundles.exportRun', { runId });
    if (out.encoding !== 'base64') throw new Error(`the bundle came back as ${out.encoding}`);
    bundle = join(dir, out.fileName);
    writeFileSync(bundle, Buffer.from(out.base64, 'base64'));
  });
  afterAll(async () => {
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Click a button that opens the browser's file chooser, and choose `file`. */
  const choose = async (button: string, file: string) => {
    const chooser = lab.page.waitForEvent('filechooser');
    await lab.page.getByRole('button', { name: button }).click();
    await (await chooser).setFiles(file);
  };

  it('imports a run bundle from the Runs page: the run opens and is listed', async () => {
    const page = lab.page;
    const { eventCount } = await lab.service.call('runs.get', { runId });
    await lab.service.call('runs.remove', { runId });
    await lab.goto('runs');
    await page.getByText('No runs yet').waitFor();
    await lab.shot('runs-import-bundle');
    await choose('Import bundle…', bundle);
    await page.waitForURL(/#\/runs\/\d+$/);
    const imported = Number(/#\/runs\/(\d+)$/.exec(page.url())![1]);
    const run = await lab.service.call('runs.get', { runId: imported });
    expect(run).toMatchObject({ title: 'Virtio run to hand in', eventCount });
    await lab.goto('runs');
    const row = page.getByRole('row', { name: /Virtio run to hand in/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(String(imported));
    await lab.shot('runs-imported');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('refuses a changed run bundle and says why, importing nothing', async () => {
    const page = lab.page;
    const bytes = readFileSync(bundle);
    // one byte in the middle of the stored entries changed: a checksum or a hash no longer matches
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const at = Math.floor(central / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    const tampered = join(dir, 'tampered.pvrun.zip');
    writeFileSync(tampered, bytes);
    const before = (await lab.service.call('runs.list', {})).total;
    await lab.goto('runs');
    await choose('Import bundle…', tampered);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/changed or damaged|not a readable bundle/);
    expect((await lab.service.call('runs.list', {})).total).toBe(before);
    await lab.shot('runs-import-refused');
  });

  it('imports a scenario bundle from the Scenarios page and opens the scenario', async () => {
    const page = lab.page;
    const base = await lab.service.call('scenarios.get', { id: 'io-emulated-vs-pv' });
    await lab.service.call('scenarios.create', { scenario: { ...base, id: 'class-lab-3', title: 'Class lab 3: virtio vs e1000' } });
    const out = await lab.service.call('bundles.exportScenario', { id: 'class-lab-3' });
    if (out.encoding !== 'text') throw new Error(`the scenario bundle came back as ${out.encoding}`);
    const file = join(dir, out.fileName);
    writeFileSync(file, out.text);
    await lab.service.call('scenarios.remove', { id: 'class-lab-3' });
    await lab.goto('scenarios');
    await choose('Import bundle…', file);
    await page.waitForURL(/#\/scenarios\/class-lab-3$/);
    expect((await lab.service.call('scenarios.get', { id: 'class-lab-3' })).title).toBe('Class lab 3: virtio vs e1000');
    await lab.goto('scenarios');
    await page.getByRole('link', { name: 'Class lab 3: virtio vs e1000' }).waitFor();
    await lab.shot('scenarios-import-bundle');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('exports a run bundle from the run page; it imports back with the same events', async () => {
    const page = lab.page;
    const { items } = await lab.service.call('runs.list', {});
    const original = await lab.service.call('runs.get', { runId: items[0]!.id });
    await lab.goto(`runs/${original.id}`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export run bundle' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(/^pvlab-run-\d+\.pvrun$/);
    await page.getByText(`Downloaded ${d.suggestedFilename()}.`).waitFor();
    await lab.shot('run-export-bundle');
    const bytes = readFileSync((await d.path())!);
    const imported = await lab.service.call('bundles.importRun', { base64: bytes.toString('base64') });
    const copy = await lab.service.call('runs.get', { runId: imported.runId });
    expect(copy.eventCount).toBe(original.eventCount);
    expect(copy.eventHash).toBe(original.eventHash);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('exports a saved scenario as a bundle from the editor', async () => {
    const page = lab.page;
    await lab.goto('scenarios/class-lab-3');
    await page.getByRole('heading', { name: 'Class lab 3: virtio vs e1000' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export scenario bundle' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toBe('class-lab-3.pvscenario');
    const text = readFileSync((await d.path())!, 'utf8');
    await lab.service.call('scenarios.remove', { id: 'class-lab-3' });
    await lab.service.call('bundles.importScenario', { text, replace: false });
    expect((await lab.service.call('scenarios.get', { id: 'class-lab-3' })).title).toBe('Class lab 3: virtio vs e1000');
    // a scenario with changes not yet saved offers no bundle (it would not be what the page shows)
    await page.getByLabel('Title').fill('Class lab 3, edited');
    await expect.poll(() => page.getByRole('button', { name: 'Export scenario bundle' }).count()).toBe(0);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('downloads a report’s CSV tables as a zip of CSV files', async () => {
    const page = lab.page;
    const { items } = await lab.service.call('runs.list', {});
    await lab.goto(`runs/${items[0]!.id}`);
    await page.getByLabel('Report format').selectOption('csv');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(/^pvlab-run-\d+-en\.zip$/);
    const zip = readFileSync((await d.path())!);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const entries = readZip(zip, ZIP_LIMITS);
    expect(entries.length).toBeGreaterThan(1);
    for (const e of entries) expect(e.name).toMatch(/\.csv$/);
    expect(new TextDecoder().decode(entries[0]!.data)).toMatch(/,/);
    await page.getByText(`Downloaded ${d.suggestedFilename()}.`).waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });
});
