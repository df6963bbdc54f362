// What the fuzz suite found, pinned as small deterministic cases. Each is marked `it.fails` while the
// bug is open: when a fix lands the case starts to pass, vitest reports it, and the marker comes off
// (and the guard in the fuzz property that steers around the bug with it). The slow cases run with
// `npm run fuzz` only; `npm run faults` reports the process-level ones (a full disk at the end of a
// run, damage SQLite finds only after opening).
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuestOs } from '../../core/model/index.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';
import { FUZZ_RUNS, callVia, within } from './harness.ts';
import { catalog } from './lab-fixture.ts';

let lab: ReturnType<typeof tempLab>;
beforeAll(() => void (lab = tempLab({ inline: false })));
afterAll(() => lab.done());

describe('found by fuzzing', () => {
  it('catalog numbers are bounded by the domain: an operation of Number.MAX_VALUE cycles or a time slice of Number.MIN_VALUE µs is bad input (they once overflowed a run\'s figures and spun the engine)', async () => {
    const api = lab.svc;
    const windows = catalog.oses.find((o) => o.id === 'windows-2022')!;
    const huge: GuestOs = { ...windows, id: 'huge-syscall', builtIn: false, kernel: { ...windows.kernel, syscallExtra: Number.MAX_VALUE } };
    expect(await callVia(api, 'clone', 'catalog.create', { kind: 'oses', entry: huge })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const kvm = catalog.hypervisors.find((h) => h.id === 'kvm-qemu')!;
    const tiny = { ...kvm, id: 'tiny-slice', builtIn: false, scheduler: { ...kvm.scheduler, timesliceUs: Number.MIN_VALUE } };
    expect(await callVia(api, 'clone', 'catalog.create', { kind: 'hypervisors', entry: tiny })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await api.call('catalog.list', { kind: 'oses', search: 'huge' })).items).toEqual([]);
  });

  it('a run at the bounds (every system call a billion cycles) ends within seconds with a result or the reason it failed', async () => {
    const api = lab.svc;
    const windows = catalog.oses.find((o) => o.id === 'windows-2022')!;
    const os: GuestOs = { ...windows, id: 'slow-syscall', builtIn: false, kernel: { ...windows.kernel, syscallExtra: 1e9 } };
    await api.call('catalog.create', { kind: 'oses', entry: os });
    const s = builtIn('consolidation-8', 2);
    const scenario = { ...s, guests: [{ ...s.guests[0]!, os: os.id }, ...s.guests.slice(1)] };
    const { runId } = await api.call('runs.start', { scenario, record: false });
    const out = await within(`run #${runId}`, 5000, api.call('runs.wait', { runId }));
    expect(out.status === 'completed' || (out.status === 'failed' && typeof out.error === 'string'), JSON.stringify(out).slice(0, 300)).toBe(true);
  });

  it('a replay timeline over a window ending near Number.MAX_VALUE is refused as bad input (its end once rounded up to Infinity: an internal error)', async () => {
    const api = lab.svc;
    const { runId } = await api.call('runs.start', { scenario: builtIn('consolidation-8', 2) });
    await api.call('runs.wait', { runId });
    const out = await callVia(api, 'raw', 'replay.timeline', { runId, t0: 0, t1: 1.7976931348623121e308, buckets: 9711 });
    expect(out.ok ? 'answered' : out.error.code).toBe('invalid-input');
  });

  // the slow ones run with `npm run fuzz` only
  const slow = FUZZ_RUNS > 0 ? it : it.skip;

  slow('a sweep of many variants answers a cancel within a second (every variant was once checked and estimated on the service thread before anything else could run)', async () => {
    const api = lab.svc;
    const seeds = Array.from({ length: 64 }, (_, i) => i + 1);
    const t0 = performance.now();
    let answeredAt = 0;
    const sweep = api.call('runs.sweep', { scenario: builtIn('consolidation-8'), vary: [{ path: 'seed', values: seeds }, { path: 'guests.web.vcpus', values: [1, 2] }], record: false, jobId: 'many' });
    setTimeout(() => void api.call('jobs.cancel', { jobId: 'many' }).then(() => (answeredAt = performance.now() - t0)), 100);
    const out = await sweep;
    expect(out.cancelled).toBe(true);
    expect(answeredAt).toBeLessThan(1100);
  }, 120_000);

  slow('a run of 256 guests × 512 vCPUs takes about what its estimate says, and its replay lanes come back or are refused (a 10 µs run was once estimated at under a millisecond and took 15 s, and 1000-bucket lanes exhausted the heap)', async () => {
    const child = spawnSync(process.execPath, ['--max-old-space-size=2048', new URL('./wide-run.ts', import.meta.url).pathname, '1000'], { encoding: 'utf8', timeout: 170_000 });
    expect(child.status, `the process ended with ${child.status ?? child.signal}: ${child.stderr.split('\n').find((l) => /error/i.test(l)) ?? ''}`).toBe(0);
    const r = JSON.parse(child.stdout) as { estimate: { wallSeconds: number }; run: { ms: number }; lanes: { lanes?: number; error?: string } };
    expect(r.run.ms / 1000).toBeLessThan(10 * r.estimate.wallSeconds + 2);
    expect(r.lanes.lanes ?? r.lanes.error, 'lanes: an answer or a typed refusal').toBeDefined();
  }, 180_000);

  slow('the check of a scenario with a heavy open load answers within seconds with an estimate (the probe once ran to a time, not a budget: 64 guests at 1e7/s took about 20 s, 128 ended in "RangeError: Invalid string length")', async () => {
    const s = builtIn('consolidation-8', 200);
    const open = { ...s.guests[0]!.workload, demand: { kind: 'open' as const, ratePerSec: 1e7 } };
    const scenario = { ...s, guests: Array.from({ length: 128 }, (_, i) => ({ ...s.guests[0]!, id: `g${i}`, workload: open })) };
    const t0 = performance.now();
    const out = await callVia(lab.svc, 'clone', 'scenarios.check', { scenario });
    expect(out.ok ? 'estimated' : `${out.error.code}: ${out.error.message}`).toBe('estimated');
    expect(performance.now() - t0).toBeLessThan(5000);
  }, 180_000);
});
