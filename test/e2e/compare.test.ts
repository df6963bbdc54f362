/**
 * Compare in the browser: two runs side by side grouped, with ratios to the baseline and what
 * changed said in sentences; the baseline swapped; a sweep's runs as a chart; Swedish sentences.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../core/model/index.ts';
import { type Lab, openLab } from './harness.ts';

describe('comparing runs', () => {
  let lab: Lab;
  let emulated: number;
  let pv: number;
  beforeAll(async () => {
    lab = await openLab({ route: null });
    // the same guests, once with the e1000 guest on its emulated NIC and once on virtio-net with vhost
    const base: Scenario = await lab.service.call('scenarios.get', { id: 'io-emulated-vs-pv' });
    const variant: Scenario = { ...base, title: 'e1000 guest on vhost', guests: base.guests.map((g) => (g.id === 'e1000' ? { ...g, devices: { nic: 'virtio-net', nicBackend: 'vhost' } } : g)) };
    ({ runId: emulated } = await lab.service.call('runs.start', { scenarioId: 'io-emulated-vs-pv' }));
    ({ runId: pv } = await lab.service.call('runs.start', { scenario: variant }));
    await lab.service.call('runs.wait', { runId: emulated });
    await lab.service.call('runs.wait', { runId: pv });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('shows two runs side by side with ratios and says what changed', async () => {
    const page = lab.page;
    await lab.goto(`compare?runs=${emulated},${pv}`);
    await page.getByRole('heading', { name: 'What changed' }).waitFor();
    const said = await page.locator('.cmp-findings').textContent();
    expect(said).toMatch(/e1000 does more work per second: [\d,.]+\/s against [\d,.]+\/s in the baseline \(×[\d.]+\)\./);
    expect(said).toMatch(/e1000 makes fewer exits per unit of work/);
    const group = (name: string) => page.getByRole('rowheader', { name, exact: true }).count();
    for (const name of ['Work done', 'CPU time', 'Exits', 'Paths taken']) expect(await group(name), name).toBe(1);
    // both runs are fully available: the service rows show only when rows that do not differ do too
    expect(await group('Service')).toBe(0);
    await page.getByLabel('Only rows that differ').uncheck();
    expect(await group('Service')).toBe(1);
    await page.getByLabel('Only rows that differ').check();
    const throughput = page.getByRole('row', { name: /^e1000 throughput/ });
    expect(await throughput.textContent()).toMatch(/×\d/);
    expect(await throughput.locator('.cmp-better').count()).toBe(1);
    await lab.shot('compare');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('makes another run the baseline', async () => {
    const page = lab.page;
    await page.getByRole('button', { name: 'Make baseline' }).click();
    await page.waitForURL(new RegExp(`runs=${pv},${emulated}$`));
    await expect.poll(() => page.locator('.cmp-findings').textContent()).toMatch(/e1000 does less work per second/);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('charts a sweep’s runs', async () => {
    const page = lab.page;
    const sweep = await lab.service.call('runs.sweep', { scenarioId: 'io-emulated-vs-pv', vary: [{ path: 'guests.*.workload.params.mtu', values: [1500, 9000] }] });
    expect(sweep.rows).toHaveLength(2);
    await lab.goto(`compare?runs=${sweep.rows.map((r) => r.runId).join(',')}`);
    await page.getByRole('heading', { name: `Sweep ${sweep.tag}` }).waitFor();
    const chart = page.getByRole('figure', { name: /by guests\.\*\.workload\.params\.mtu$/ });
    await chart.waitFor();
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await chart.textContent()).toMatch(/sriov/);
    await lab.shot('compare-sweep');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('says it in Swedish', async () => {
    const sv = await openLab({ route: null, locale: 'sv-SE' });
    try {
      const base: Scenario = await sv.service.call('scenarios.get', { id: 'io-emulated-vs-pv' });
      const a = await sv.service.call('runs.start', { scenario: { ...base, durationMs: 50 } });
      const b = await sv.service.call('runs.start', { scenario: { ...base, durationMs: 50, guests: base.guests.map((g) => (g.id === 'e1000' ? { ...g, devices: { nic: 'virtio-net' } } : g)) } });
      await sv.service.call('runs.wait', { runId: a.runId });
      await sv.service.call('runs.wait', { runId: b.runId });
      await sv.goto(`compare?runs=${a.runId},${b.runId}`);
      await sv.page.getByRole('heading', { name: 'Vad som ändrades' }).waitFor();
      expect(await sv.page.locator('.cmp-findings').textContent()).toMatch(/e1000 utför mer arbete per sekund/);
      await sv.shot('compare-sv');
      expect(sv.consoleErrors).toEqual([]);
    } finally {
      await sv.close();
    }
  });
});
