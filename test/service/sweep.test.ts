import { describe, expect, it } from 'vitest';
import { parseAxis } from '../../core/cli/lab.ts';
import { MAX_VARIANTS, expandSweep } from '../../core/service/sweep.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';
import { caught } from '../helpers/errors.ts';

const base = builtIn('io-emulated-vs-pv', 20);

describe('sweep variants', () => {
  it('are every combination, with fields named by id or index', () => {
    const v = expandSweep(base, [
      { path: 'guests.e1000.devices.nic', values: ['e1000', 'rtl8139'] },
      { path: 'hosts.0.cores', values: [1, 2, 4] },
    ]);
    expect(v).toHaveLength(6);
    expect(v.map((x) => [x.scenario.guests[0]!.devices.nic, x.scenario.hosts[0]!.cores])).toEqual([
      ['e1000', 1], ['e1000', 2], ['e1000', 4], ['rtl8139', 1], ['rtl8139', 2], ['rtl8139', 4],
    ]);
    expect(base.guests[0]!.devices.nic).toBe('e1000'); // the base is not changed
    const all = expandSweep(base, [{ path: 'guests.*.workload.params.mtu', values: [576, 9000] }]);
    expect(all.map((x) => x.scenario.guests.map((g) => g.workload.params.mtu))).toEqual([[576, 576, 576, 576], [9000, 9000, 9000, 9000]]);
  });

  it('name what is wrong: an unknown element, a bad value, too many combinations', () => {
    const e = caught(() => expandSweep(base, [{ path: 'guests.web.vcpus', values: [2] }]));
    expect(e.message).toMatch(/no "web"/);
    expect(e.hint).toMatch(/e1000, virtio, vhost, sriov/);
    const bad = caught(() => expandSweep(base, [{ path: 'guests.e1000.vcpus', values: [2, -1] }]));
    expect(bad.message).toMatch(/guests.e1000.vcpus=-1 is not a valid scenario/);
    const many = caught(() => expandSweep(base, [{ path: 'seed', values: Array.from({ length: 100 }, (_, i) => i) }, { path: 'durationMs', values: [1, 2, 3] }]));
    expect(many.message).toMatch(new RegExp(`limit is ${MAX_VARIANTS}`));
  });

  it('parse from the command line with numbers and booleans typed', () => {
    expect(parseAxis('hosts.0.cores=1,2')).toEqual({ path: 'hosts.0.cores', values: [1, 2] });
    expect(parseAxis('guests.g.privileged=true,false')).toEqual({ path: 'guests.g.privileged', values: [true, false] });
    expect(parseAxis('guests.g.devices.nic=e1000,virtio-net').values).toEqual(['e1000', 'virtio-net']);
    expect(() => parseAxis('nothing')).toThrow(/PATH=VALUES/);
  });
});

describe('runs.sweep', () => {
  it('runs every variant, records and tags them, and reports each in order', async () => {
    const lab = tempLab();
    try {
      const r = await lab.svc.call('runs.sweep', { scenario: base, vary: [{ path: 'guests.e1000.devices.nic', values: ['e1000', 'rtl8139'] }], concurrency: 2 });
      expect(r.rows.map((x) => x.assignments[0]!.value)).toEqual(['e1000', 'rtl8139']);
      expect(r.rows.every((x) => x.status === 'completed')).toBe(true);
      const tagged = await lab.svc.call('runs.list', { tag: r.tag });
      expect(tagged.items.map((x) => x.id).sort()).toEqual(r.rows.map((x) => x.runId).sort());
      expect(tagged.items.every((x) => x.recorded)).toBe(true);
      // the emulated RTL8139 takes more exits per unit than the e1000 in the same guest
      const e1000 = r.rows[0]!.guests.find((g) => g.guest === 'e1000')!;
      const rtl = r.rows[1]!.guests.find((g) => g.guest === 'e1000')!;
      expect(rtl.exitsPerUnit).toBeGreaterThan(e1000.exitsPerUnit);
      // a variant that cannot run stops the sweep before anything runs
      await expect(lab.svc.call('runs.sweep', { scenario: base, vary: [{ path: 'guests.e1000.devices.nic', values: ['netvsc'] }] })).rejects.toMatchObject({ code: 'incompatible' });
      expect((await lab.svc.call('runs.list', {})).total).toBe(2);
    } finally {
      lab.done();
    }
  });
});
