/**
 * Replay in the browser: a recorded run's timeline, event list, path and state; stepping, a
 * breakpoint run to and played to, the next match of a filter, verification, and a branch that
 * opens as a new run — in English, and the page in Swedish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, openLab } from './harness.ts';

describe('replay of a recorded run', () => {
  let lab: Lab;
  let runId: number;
  /** The run's event count as the page writes it ("379,123"): it changes with the engine's model. */
  let total: string;
  beforeAll(async () => {
    lab = await openLab({ route: null });
    ({ runId } = await lab.service.call('runs.start', { scenarioId: 'io-emulated-vs-pv' }));
    const out = await lab.service.call('runs.wait', { runId });
    expect(out.status).toBe('completed');
    total = out.eventCount.toLocaleString('en-US');
    await lab.goto(`replay/${runId}`);
    await lab.page.getByText(`Event 0 of ${total}`, { exact: false }).first().waitFor();
  });
  afterAll(async () => {
    await lab?.close();
  });
  const at = () => lab.page.locator('.rp-at').textContent();
  const status = () => lab.page.locator('.rp-message').textContent();

  it('shows the timeline, the events, the selected event’s path and the guests’ state', async () => {
    const page = lab.page;
    expect(await page.getByRole('img', { name: /^Timeline of events/ }).isVisible()).toBe(true);
    expect(await page.getByRole('listbox', { name: /^Events/ }).getByRole('option').count()).toBeGreaterThan(5);
    await page.getByRole('heading', { name: 'Path of the selected event' }).waitFor();
    // event 0 is the e1000 guest's MMIO exit: an emulated path through hypervisor and device model
    expect(await page.locator('.rp-path').textContent()).toMatch(/emulated.*net-tx 1500 B via Intel e1000/);
    expect(await page.getByRole('img', { name: /^The operation's route/ }).getAttribute('aria-label')).toContain('Hypervisor: VM exit');
    await page.getByRole('heading', { name: 'Live in the engine' }).waitFor();
    await lab.shot('replay');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('steps with the arrow keys and draws PV skipping the hypervisor', async () => {
    const page = lab.page;
    await page.locator('body').press('ArrowRight');
    await page.locator('body').press('ArrowRight');
    await expect.poll(at).toMatch(/^Event 2 of/);
    await page.locator('body').press('ArrowLeft');
    await expect.poll(at).toMatch(/^Event 1 of/);
    await page.getByRole('textbox', { name: 'Go to event' }).fill('5');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect.poll(at).toMatch(/^Event 5 of/);
    // event 5 is the SR-IOV guest's doorbell: straight to the VF, around hypervisor and backend
    await expect.poll(() => page.locator('.rp-path').textContent()).toMatch(/passthrough/);
    expect(await page.locator('.rp-skipped').count()).toBe(2);
  });

  it('sets a breakpoint, runs to it, and stops at it when playing', async () => {
    const page = lab.page;
    const bps = page.locator('.rp-bps');
    await bps.getByLabel('Kind', { exact: true }).selectOption('fallback');
    await bps.getByLabel('Kind', { exact: true }).selectOption('io');
    await bps.getByLabel('Guest', { exact: true }).selectOption({ label: 'e1000' });
    await bps.getByRole('button', { name: 'Add breakpoint' }).click();
    expect(await bps.getByRole('checkbox').count()).toBe(1);
    await page.getByRole('button', { name: 'Run to next breakpoint' }).click();
    await expect.poll(status).toMatch(/^Stopped at event (\d[\d,]*): I\/O net_tx \(a breakpoint\)\.$/);
    const first = Number((await status())!.replace(/,/g, '').match(/event (\d+)/)![1]);
    const row = page.getByRole('listbox', { name: /^Events/ }).getByRole('option', { selected: true });
    expect(await row.textContent()).toMatch(/e1000 · 0.*I\/O.*net_tx/);
    await page.getByLabel('Speed', { exact: true }).selectOption('1000');
    await page.getByRole('button', { name: '▶ Play' }).click();
    await expect.poll(status, { timeout: 15_000 }).toMatch(new RegExp(`^Stopped at event (?!${first.toLocaleString('en-US')}:)`));
    const second = Number((await status())!.replace(/,/g, '').match(/event (\d+)/)![1]);
    expect(second).toBeGreaterThan(first);
    expect(await page.getByRole('button', { name: '▶ Play' }).isVisible()).toBe(true);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('finds the next event that matches the list filter with n', async () => {
    const page = lab.page;
    await page.locator('.rp-filter').getByLabel('Reason', { exact: true }).selectOption('doorbell');
    await page.locator('.rp-scroll').getByRole('option').first().waitFor();
    expect(await page.locator('.rp-scroll').textContent()).toMatch(/doorbell/);
    await page.locator('body').press('n');
    await expect.poll(() => page.getByRole('listbox', { name: /^Events/ }).getByRole('option', { selected: true }).textContent()).toMatch(/sriov.*doorbell/);
    await page.locator('.rp-filter').getByRole('button', { name: 'Clear filter' }).click();
  });

  it('shows the shortcuts in a help popover', async () => {
    const page = lab.page;
    await page.locator('body').press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toMatch(/Space.*play or pause/);
    await page.locator('body').press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('verifies the recording: every chunk matches', async () => {
    const page = lab.page;
    await page.getByRole('button', { name: 'Verify recording' }).click();
    const { chunks } = await lab.service.call('replay.open', { runId });
    await page.getByText(`✓ Every chunk matches: ${chunks} chunks, ${total} events.`, { exact: true }).waitFor({ timeout: 60_000 });
    expect(lab.consoleErrors).toEqual([]);
  });

  it('branches from the selected event and opens the new run', async () => {
    const page = lab.page;
    await page.getByRole('textbox', { name: 'Go to event' }).fill('150000');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect.poll(at).toMatch(/^Event 150,000 of/);
    const branch = page.locator('.rp-branch');
    await branch.getByLabel('Change', { exact: true }).selectOption('host-failure');
    await branch.getByLabel('Host', { exact: true }).selectOption('host-e1000');
    await branch.getByRole('button', { name: 'Start branch' }).click();
    await page.waitForURL(/#\/runs\/\d+$/, { timeout: 30_000 });
    const child = Number(/#\/runs\/(\d+)$/.exec(page.url())![1]);
    expect(child).not.toBe(runId);
    const out = await lab.service.call('runs.wait', { runId: child });
    expect(out.status).toBe('completed');
    const detail = await lab.service.call('runs.get', { runId: child });
    expect(detail.branch).toMatchObject({ parentId: runId, change: { change: 'host-failure', host: 'host-e1000' } });
    await page.getByRole('link', { name: `branch of #${runId}` }).waitFor();
    await page.getByRole('heading', { name: 'Headline figures per guest' }).waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('reads in Swedish', async () => {
    const sv = await openLab({ route: null, locale: 'sv-SE' });
    try {
      const { runId: id } = await sv.service.call('runs.start', { scenarioId: 'nanobench-in' });
      await sv.service.call('runs.wait', { runId: id });
      await sv.goto(`replay/${id}?event=2`);
      await sv.page.getByRole('heading', { name: /^Uppspelning av körning/ }).waitFor();
      await sv.page.getByText(/^Händelse 2 av 100\s003/).waitFor();
      await sv.page.getByRole('heading', { name: 'Den valda händelsens väg' }).waitFor();
      await sv.page.getByRole('heading', { name: 'Just nu i motorn' }).waitFor();
      await sv.shot('replay-sv');
      expect(sv.consoleErrors).toEqual([]);
    } finally {
      await sv.close();
    }
  });
});
