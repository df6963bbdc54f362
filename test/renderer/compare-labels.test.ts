/** Compare rows and findings read back for the UI's own sentences; run ids and sweep values from the route and titles. */
import { describe, expect, it } from 'vitest';
import type { CompareRow, Finding } from '../../core/contract/index.ts';
import { assignmentsOf, findingFigures, findingResource, parseRunIds, parseValue, ratio, rowLabel, verdict } from '../../renderer/src/pages/compare/labels.ts';

const guests = ['web', 'db:primary'];
const row = (name: string, values: (number | null)[], group: CompareRow['group'] = 'work', unit = ''): CompareRow => ({ group, name, unit, values });

describe('compare rows in the UI language', () => {
  it('reads per-guest figures back into catalog keys, guest ids with colons included', () => {
    expect(rowLabel(row('web: latency p99', []), guests)).toEqual({ guest: 'web', key: 'latencyP99', params: {}, better: 'down' });
    expect(rowLabel(row('db:primary: exits IO_INSTRUCTION', []), ['db:primary'])).toMatchObject({ guest: 'db:primary', key: 'exitsReason', params: { reason: 'IO_INSTRUCTION' } });
    expect(rowLabel(row('web: CPU steal', []), guests)).toMatchObject({ key: 'cpu', params: { part: 'steal' }, better: null });
    expect(rowLabel(row('web: pv paths', []), guests)).toMatchObject({ key: 'paths', params: { cls: 'pv' } });
    expect(rowLabel(row('host-a/nic utilization', [], 'resources'), guests)).toMatchObject({ guest: null, key: 'utilization', params: { resource: 'host-a/nic' } });
    expect(rowLabel(row('something new', []), guests)).toMatchObject({ key: 'raw', params: { name: 'something new' } });
  });
  it('marks a change better or worse only where a direction is known and it is over 2 %', () => {
    const thr = rowLabel(row('web: throughput', []), guests);
    expect(verdict(thr, ratio([100, 150], 1))).toBe('better');
    expect(verdict(thr, ratio([100, 101], 1))).toBeNull();
    expect(verdict(rowLabel(row('web: latency p50', []), guests), 1.5)).toBe('worse');
    expect(verdict(rowLabel(row('web: CPU exits', []), guests), 0.1)).toBeNull();
    expect(ratio([0, 5], 1)).toBeNull();
    expect(ratio([4, null], 1)).toBeNull();
  });
  it('gathers a finding’s figures from the rows, in the run and in the baseline', () => {
    const rows = [
      row('web: throughput', [100, 250], 'work', '/s'),
      row('web: exits per unit', [3, 1], 'exits'),
      ...['native', 'bt', 'hw', 'emulated', 'pv', 'passthrough'].map((c) => row(`web: ${c} paths`, c === 'pv' ? [0, 75] : c === 'emulated' ? [100, 25] : [0, 0], 'paths', 'ops')),
      row('web: availability', [100, 40], 'service', '%'),
    ];
    const f = (id: Finding['id']): Finding => ({ id, run: 1, guest: 'web', figure: 2.5, detail: '' });
    expect(findingFigures(f('faster'), rows)).toEqual({ a: 250, b: 100, unit: 'perSec' });
    expect(findingFigures(f('fewer-exits'), rows)).toEqual({ a: 1, b: 3, unit: 'perUnit' });
    expect(findingFigures(f('more-pv'), rows)).toEqual({ a: 0.75, b: 0, unit: 'share' });
    expect(findingFigures(f('less-available'), rows)).toEqual({ a: 0.4, b: 1, unit: 'share' });
    expect(findingResource({ id: 'busier-resource', run: 1, guest: null, figure: 0.93, detail: 'host-a/nic 93 % busy' })).toBe('host-a/nic');
  });
});

describe('route and title values', () => {
  it('takes each positive run id once, in order', () => {
    expect(parseRunIds('3,1,x,3,-2,2.5, 7')).toEqual([3, 1, 7]);
    expect(parseRunIds(null)).toEqual([]);
  });
  it('reads a sweep run’s varied values from its title', () => {
    expect(assignmentsOf('Bulk TCP [guests.*.workload.params.mtu=9000, guests.web.devices.nic=virtio-net, ha.enabled=false]')).toEqual([
      { path: 'guests.*.workload.params.mtu', value: 9000 },
      { path: 'guests.web.devices.nic', value: 'virtio-net' },
      { path: 'ha.enabled', value: false },
    ]);
    expect(assignmentsOf('No sweep here')).toEqual([]);
    expect(parseValue(' 1e3 ')).toBe(1000);
    expect(parseValue('')).toBe('');
  });
});
