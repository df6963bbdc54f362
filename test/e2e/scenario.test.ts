/**
 * The start page, the scenario editor, the New Guest wizard and the PV add-on installer in a
 * browser: a person builds a scenario with the wizard and saves it, installs an add-on that fits
 * (it shows as current and active in the preview) and one that does not (refused with its reason,
 * nothing changed), and the Swedish UI has every text.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../core/model/index.ts';
import { type Lab, openLab } from './harness.ts';

const ID = 'class-demo';

describe('scenario editor, wizard and add-on installer', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await openLab();
  });
  afterAll(async () => {
    await lab?.close();
  });
  const stored = () => lab.service.call('scenarios.get', { id: ID }) as Promise<Scenario>;

  it('shows the lessons on the start page and opens one in the editor', async () => {
    const page = lab.page;
    await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    await page.getByText('Why x86 needed binary translation or paravirtualization').first().waitFor();
    expect(await page.locator('.st-lesson').count()).toBeGreaterThanOrEqual(12);
    await lab.shot('start');
    await page.getByRole('button', { name: /^Open lesson “Why x86 needed/ }).click();
    await page.getByText('This is a built-in scenario.').waitFor();
    await page.locator('.sc-preview').getByText('ready to run').or(page.locator('.sc-preview .badge.bad')).first().waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('builds a scenario with the New Guest wizard and saves it', async () => {
    const page = lab.page;
    await lab.goto('scenarios/new');
    await page.getByLabel('Id', { exact: true }).fill(ID);
    await page.getByLabel('Title').fill('Class demo');
    await page.getByRole('button', { name: 'New guest…' }).click();
    const wizard = page.getByRole('dialog', { name: 'New guest' });
    await wizard.getByLabel('Guest id').fill('win');
    await wizard.getByRole('radio', { name: /^Windows Server 2008 R2 SP1/ }).check();
    expect(await wizard.getByLabel('Memory (MiB)').inputValue()).toBe('2048');
    await wizard.getByRole('button', { name: 'Next' }).click();

    // devices: each option with what it is, its cost on this host and its path
    await wizard.getByRole('group', { name: 'Network card' }).getByText(/^Path: net-tx/).first().waitFor();
    await expect.poll(() => wizard.getByText('Checking…').count()).toBe(0);
    await expect.poll(() => wizard.getByText(/cycles \(.* µs\) per request/).count()).toBeGreaterThan(3);
    await lab.shot('wizard');
    await wizard.getByRole('button', { name: 'Next' }).click();

    // technique: what this host cannot do is disabled, with the reason
    const trap = wizard.getByRole('radio', { name: /^trap-and-emulate/ });
    await expect.poll(() => trap.isDisabled()).toBe(true);
    await wizard.getByText(/x86 is not classically virtualizable/).first().waitFor();
    await wizard.getByRole('radio', { name: /^hardware-assisted, nested paging/ }).check();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radio', { name: /^SPECweb-like web server/ }).check();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByText('ready to run').waitFor();
    await wizard.getByRole('button', { name: 'Add guest' }).click();
    await wizard.waitFor({ state: 'detached' });

    await page.getByRole('group', { name: 'Guest win' }).waitFor();
    // the host's scheduler time slice: empty shows the hypervisor's default, a value overrides it
    const host = page.getByRole('group', { name: /^Host / }).first();
    const slice = host.getByLabel('Time slice (µs)');
    expect(await slice.getAttribute('placeholder')).toMatch(/^\d+$/);
    await host.getByText(/^empty: \d+ µs, the hypervisor's default$/).waitFor();
    await slice.fill('30000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Saved as “${ID}”.`).waitFor();
    const s = await stored();
    expect(s.title).toBe('Class demo');
    expect(s.guests).toHaveLength(1);
    expect(s.hosts[0]!.scheduler).toEqual({ timesliceUs: 30_000 });
    expect(s.guests[0]).toMatchObject({ id: 'win', os: 'windows-2008r2', mode: 'hw-nested', workload: { id: 'specweb' }, addons: [] });
    await page.locator('.sc-preview').getByText('ready to run').waitFor();
    // the run's estimate: a short run says "under 0.1 s", never "≈ 0 s"
    const estimate = page.locator('.sc-preview [data-verdict]');
    await expect.poll(() => estimate.textContent()).toMatch(/^A run: about [\d,]+ events, (under 0\.1 s|≈ [\d.]+ s), [\d.]+ MiB recorded\./);
    expect(await estimate.textContent()).not.toContain('≈ 0 s');
    await lab.shot('scenario-editor');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('switches QEMU hv-* flags on for a Windows guest of a KVM host, and off again', async () => {
    const page = lab.page;
    const guest = page.getByRole('group', { name: 'Guest win' });
    await guest.getByRole('button', { name: 'Edit' }).click();
    const flags = guest.getByRole('group', { name: 'Hyper-V enlightenments (QEMU hv-* flags)' });
    await flags.getByRole('checkbox', { name: /^hv-relaxed relaxed timing/ }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await stored()).guests[0]!.hvFlags).toEqual(['hv-relaxed']);
    await flags.getByRole('checkbox', { name: /^hv-relaxed/ }).uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await stored()).guests[0]!.hvFlags).toBeUndefined();
    await guest.getByRole('button', { name: 'Edit' }).click();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('shows a field error under its field when a save is refused', async () => {
    const page = lab.page;
    const duration = page.getByLabel('Duration (ms)');
    await duration.fill('-5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const field = page.locator('.sc-field', { has: page.getByLabel('Duration (ms)') });
    await field.locator('.field-error').first().waitFor();
    expect((await stored()).durationMs).toBe(1000);
    await duration.fill('1000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Saved as “${ID}”.`).waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('refuses an add-on that does not fit, with its status and reason, and changes nothing', async () => {
    const page = lab.page;
    await page.getByRole('button', { name: 'PV add-ons of guest win' }).click();
    const dialog = page.getByRole('dialog', { name: 'PV add-ons of guest win' });
    const row = dialog.locator('tr[data-addon="virtio-win-0.1.248"]');
    await row.getByText('too new').waitFor();
    await expect.poll(() => dialog.getByText('Checking…').count()).toBe(0);
    await lab.shot('addons');
    const before = await stored();
    await dialog.getByRole('button', { name: 'Install virtio-win 0.1.248' }).click();
    const progress = dialog.locator('.ad-progress');
    await progress.getByText('The installer refuses this add-on here.').waitFor();
    await progress.getByText(/requires windows 6.2 or later/).waitFor();
    await progress.getByText('Nothing was changed').waitFor();
    expect(await progress.locator('.badge').first().textContent()).toBe('too new');
    expect(await stored()).toEqual(before);
    await progress.getByRole('button', { name: 'Close' }).click();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('installs an add-on that fits with visible steps; the preview shows it current and active', async () => {
    const page = lab.page;
    const dialog = page.getByRole('dialog', { name: 'PV add-ons of guest win' });
    await dialog.getByRole('button', { name: 'Install virtio-win 0.1.190' }).click();
    const progress = dialog.locator('.ad-progress');
    await progress.getByRole('progressbar').waitFor();
    await progress.getByText('Copy the driver files').waitFor();
    await progress.getByText(/is installed and the scenario is saved/).waitFor();
    expect((await stored()).guests[0]!.addons).toEqual(['virtio-win-0.1.190']);
    await dialog.locator('tr[data-addon="virtio-win-0.1.190"]').getByRole('button', { name: 'Remove virtio-win 0.1.190' }).waitFor();

    // Upgrade is offered for a newer version of the same product; the matrix shows the combinations
    await dialog.getByRole('button', { name: 'Compatibility matrix' }).click();
    await dialog.locator('.ad-cell-button').first().waitFor();
    await expect.poll(() => dialog.getByText(/^Checking \d+ of \d+ combinations/).count()).toBe(0);
    await dialog.getByRole('button', { name: /^virtio-win 0.1.96 with KVM with QEMU 8.2: blacklisted/ }).click();
    await dialog.locator('.ad-picked').getByText(/STOP 0x0000007E/).waitFor();
    await lab.shot('addons-matrix');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached' });

    const preview = page.locator('.sc-preview li[data-addon="virtio-win-0.1.190"]');
    await preview.getByText('current').waitFor();
    await preview.getByText('active', { exact: true }).waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('exports the scenario as a file and imports it back, replacing only when asked', async () => {
    const page = lab.page;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`${ID}.json`);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Scenario;
    expect(exported).toMatchObject({ id: ID, title: 'Class demo' });

    const file = (s: Scenario) => ({ name: 'copy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(s)) });
    await page.locator('input[type="file"]').setInputFiles(file({ ...exported, id: `${ID}-2`, title: 'Class demo 2' }));
    await expect.poll(() => page.url()).toMatch(new RegExp(`#/scenarios/${ID}-2$`));
    await page.getByRole('heading', { name: 'Class demo 2' }).waitFor();

    await page.locator('input[type="file"]').setInputFiles(file({ ...exported, id: `${ID}-2`, title: 'Class demo 2, again' }));
    await page.getByRole('alert').getByText(/already stored/).waitFor();
    expect((await lab.service.call('scenarios.get', { id: `${ID}-2` })).title).toBe('Class demo 2');
    await page.getByRole('button', { name: 'Replace the stored one' }).click();
    await expect.poll(async () => (await lab.service.call('scenarios.get', { id: `${ID}-2` })).title).toBe('Class demo 2, again');
    // The page opens the replaced scenario once the import is through; let it get there before the next test moves on
    await page.getByRole('heading', { name: 'Class demo 2, again' }).waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('runs the scenario and opens the run', async () => {
    const page = lab.page;
    await lab.goto(`scenarios/${ID}`);
    await page.getByRole('heading', { name: 'Class demo', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/#\/runs\/\d+$/);
    const runId = Number(/(\d+)$/.exec(page.url())![1]);
    expect((await lab.service.call('runs.get', { runId })).scenarioId).toBe(ID);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('has every text in Swedish', async () => {
    const sv = await openLab({ locale: 'sv-SE', route: 'start' });
    try {
      await sv.page.getByRole('heading', { name: 'Lektioner' }).waitFor();
      await sv.shot('start-sv');
      await sv.goto('scenarios/new');
      await sv.page.getByRole('button', { name: 'Ny gäst…' }).click();
      const wizard = sv.page.getByRole('dialog', { name: 'Ny gäst' });
      await wizard.getByRole('button', { name: 'Nästa' }).click();
      await wizard.getByText(/^Väg: /).first().waitFor();
      await sv.shot('wizard-sv');
      await wizard.getByRole('button', { name: 'Avbryt' }).click();
      await sv.goto('hardware/pentium4-630');
      await sv.page.getByRole('heading', { name: 'Funktionspass' }).waitFor();
      await sv.shot('hardware-sv');
      expect(sv.consoleErrors).toEqual([]);
    } finally {
      await sv.close();
    }
  });
});
