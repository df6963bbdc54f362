// Every scenario that passes the check can run within bounded time and memory: the estimate made
// before a run is close to what the run does, long runs ask for confirmation and runs that would
// exhaust memory or plan billions of events are refused before they start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { type Scenario } from '../../core/model/index.ts';
import { inProcessClient } from '../../core/service/transport.ts';
import { estimateRun } from '../../core/trace/estimate.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';

const catalog = builtInCatalog();
const openLoad = (ratePerSec: number, durationMs: number): Scenario => {
  const s = builtIn('consolidation-8');
  return { ...s, durationMs, guests: [{ ...s.guests[0]!, workload: { id: 'specweb', params: {}, demand: { kind: 'open', ratePerSec } } }] };
};

describe('estimating a run before it starts', () => {
  // (a timeline that changes the load later, as lab-overload-knee's does, is beyond a probe of the start)
  it('comes within 25 % of the events a run really has', () => {
    for (const id of ['consolidation-8', 'io-emulated-vs-pv', 'lab-nested-paging']) {
      const s = builtIn(id);
      const e = estimateRun(s, catalog);
      const real = runScenario(s, catalog).metrics.eventCount;
      expect(Math.abs(e.events - real) / real, id).toBeLessThan(0.25);
      expect(e.verdict, id).toBe('ok');
    }
  });

  it('is exact for a scenario the probe runs to its end', () => {
    const s = builtIn('consolidation-8', 0.04);
    const e = estimateRun(s, catalog);
    expect(e.exact).toBe(true);
    expect(e.events).toBe(runScenario(s, catalog).metrics.eventCount);
  });

  it('asks for confirmation for a long run and refuses billions of events', () => {
    const long = estimateRun(builtIn('consolidation-8', 120_000), catalog);
    expect(long.verdict).toBe('confirm');
    expect(long.reasons[0]).toMatch(/million events/);
    const huge = estimateRun(builtIn('consolidation-8', 3_600_000), catalog);
    expect(huge.verdict).toBe('refuse');
    expect(huge.reasons.join()).toMatch(/billion events/);
  });

  it('refuses an open load that queues up faster than it is served until memory runs out', () => {
    const e = estimateRun(openLoad(1e7, 3_600_000), catalog);
    expect(e.verdict).toBe('refuse');
    expect(e.reasons.join()).toMatch(/memory/);
  });
});

describe('the service holds runs to the estimate', () => {
  let lab: ReturnType<typeof tempLab>;
  beforeAll(() => void (lab = tempLab({ inline: false })));
  afterAll(() => lab.done());

  it('refuses a run that is too large and one that needs confirmation, and writes nothing', async () => {
    const api = inProcessClient(lab.svc);
    await expect(api.call('runs.start', { scenario: openLoad(1e7, 3_600_000) })).rejects.toMatchObject({ code: 'too-large' });
    await expect(api.call('runs.start', { scenario: builtIn('consolidation-8', 120_000) })).rejects.toMatchObject({ code: 'needs-confirmation', hint: expect.stringContaining('--yes') });
    expect((await api.call('runs.list', {})).total).toBe(0);
    const check = await api.call('scenarios.check', { scenario: builtIn('consolidation-8', 120_000) });
    expect(check.estimate).toMatchObject({ verdict: 'confirm' });
    const { runId } = await api.call('runs.start', { scenario: builtIn('consolidation-8', 120_000), confirm: true, record: false });
    await api.call('runs.cancel', { runId });
    expect((await api.call('runs.wait', { runId })).status).toBe('cancelled');
  });

  it('rejects sizes no real machine has before anything runs', async () => {
    const api = inProcessClient(lab.svc);
    const s = builtIn('consolidation-8');
    const err = await api.call('runs.start', { scenario: { ...s, hosts: [{ ...s.hosts[0]!, cores: 2 ** 31 }] } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-input', fields: [expect.objectContaining({ path: 'scenario.hosts.0.cores' })] });
    await expect(api.call('runs.start', { scenario: { ...s, title: 'x'.repeat(10_000) } })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('refuses more guest threads than a run can hold, before building anything', async () => {
    // 256 guests with 100,000 threads each (the most either field takes) would be 25.6 million jobs:
    // about 3 GB of heap and a checkpoint too long for one string — once it exhausted the service's heap
    const api = inProcessClient(lab.svc);
    const s = builtIn('consolidation-8', 1);
    const g = s.guests[0]!;
    const threads = (guests: number, concurrency: number): Scenario => ({
      ...s, timeline: [],
      guests: Array.from({ length: guests }, (_, i) => ({ ...g, id: `g${i}`, vcpus: 2, workload: { ...g.workload, demand: { kind: 'closed' as const, concurrency } } })),
    });
    const check = await api.call('scenarios.check', { scenario: threads(256, 100_000) });
    expect(check.ok).toBe(false);
    expect(check.estimate).toBeNull();
    expect(check.problems).toEqual([expect.stringMatching(/^guests: 25\.6 million guest threads.*at most 1 million/)]);
    await expect(api.call('runs.start', { scenario: threads(256, 100_000), confirm: true })).rejects.toMatchObject({ code: 'incompatible' });
    // a load change on the timeline counts as well
    const later = threads(11, 10);
    later.timeline = later.guests.map((x) => ({ action: 'set-load' as const, atMs: 0.5, guest: x.id, demand: { kind: 'closed' as const, concurrency: 100_000 } }));
    expect((await api.call('scenarios.check', { scenario: later })).problems[0]).toMatch(/1\.1 million guest threads/);
    // at the bound it runs
    const most = await api.call('scenarios.check', { scenario: threads(10, 100_000) });
    expect(most.ok).toBe(true);
    expect(most.estimate?.peakMemoryMiB).toBeGreaterThan(250);
    expect((await api.call('runs.list', {})).total).toBe(1);
  });
});
