/**
 * Runs in the browser: start a run from the Runs page and watch it — progress (simulated time of
 * the total, events, time left), then its headline figures and charts — cancel another, and find
 * both in the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, openLab } from './harness.ts';

describe('a run with progress (Runs page)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await openLab({ route: null });
    // a longer consolidation scenario, stored, so the run lasts long enough to watch
    const base = await lab.service.call('scenarios.get', { id: 'consolidation-8' });
    await lab.service.call('scenarios.create', { scenario: { ...base, id: 'e2e-watch', title: 'E2E: eight guests for 600 ms', durationMs: 600, lesson: undefined } });
    await lab.goto('runs');
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('starts a run from the page and shows its progress, then its figures', async () => {
    const page = lab.page;
    await page.getByLabel('New run of', { exact: true }).selectOption('e2e-watch');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/#\/runs\/\d+$/);
    const runId = Number(/#\/runs\/(\d+)$/.exec(page.url())![1]);
    await page.getByText(/of 600 ms simulated/).waitFor();
    expect(await page.getByRole('progressbar', { name: 'Share of the simulated time done' }).isVisible()).toBe(true);
    expect(await page.getByText(/\d[\d,]* events/).first().textContent()).toMatch(/events/);
    await lab.shot('run-progress');
    await page.getByRole('heading', { name: 'Headline figures per guest' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.rn-metrics tbody tr').count()).toBe(8);
    expect(await page.locator('.rn-metrics').getByRole('row', { name: /^web/ }).textContent()).toMatch(/\/s/);
    await page.getByText(/Throughput per guest/).waitFor();
    expect(await page.locator('.rn-chart canvas').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('link', { name: 'Replay' }).getAttribute('href')).toBe(`#/replay/${runId}`);
    const outcome = await lab.service.call('runs.wait', { runId });
    expect(outcome.status).toBe('completed');
    await lab.shot('run');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('cancels a running run', async () => {
    const page = lab.page;
    await lab.goto('runs');
    await page.getByLabel('New run of', { exact: true }).selectOption('e2e-watch');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/#\/runs\/\d+$/);
    const runId = Number(/#\/runs\/(\d+)$/.exec(page.url())![1]);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    const outcome = await lab.service.call('runs.wait', { runId });
    expect(outcome.status).toBe('cancelled');
    await page.getByText('cancelled', { exact: true }).first().waitFor();
    expect(lab.consoleErrors).toEqual([]);
  });

  it('lists the runs with status, scenario and events, and picks two to compare', async () => {
    const page = lab.page;
    await lab.goto('runs');
    await page.locator('.rn-table tbody tr').nth(1).waitFor();
    expect(await page.locator('.rn-table tbody tr').count()).toBe(2);
    expect(await page.locator('.rn-table tbody').textContent()).toMatch(/completed[\s\S]*|interrupted/);
    expect(await page.locator('.rn-table tbody').textContent()).toContain('e2e-watch');
    const compare = page.getByRole('button', { name: /^Compare/ });
    expect(await compare.isDisabled()).toBe(true);
    for (const box of await page.getByRole('checkbox', { name: /^Pick run/ }).all()) await box.check();
    expect(await compare.isDisabled()).toBe(false);
    await lab.shot('runs');
    await compare.click();
    await page.waitForURL(/#\/compare\?runs=\d+,\d+$/);
    expect(lab.consoleErrors).toEqual([]);
  });
});
