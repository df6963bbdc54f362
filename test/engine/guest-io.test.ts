import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { splitPageCacheReads } from '../../core/engine/guest-io.ts';
import { type GuestMetrics, type RunMetrics, Scenario, type ScenarioInput, Workload, exitsPerUnit } from '../../core/model/index.ts';

/**
 * Issue 9 §4: the guest's page cache and asynchronous I/O. A read that hits the page cache costs
 * a copy in the guest kernel and no device request; an application that keeps several requests
 * in flight (libaio, io_uring) overlaps them until the device is saturated.
 */

const base = builtInCatalog();

/** A 4 KiB random-read loop (fio-like) with the given page-cache hit share and queue depth. */
function readLoop(id: string, hitRate: number, ioDepth: number): Workload {
  return Workload.parse({
    id,
    name: id,
    description: 'test: 4 KiB reads',
    unit: 'ten 4 KiB reads',
    ops: [
      { op: 'compute', cycles: 2000 },
      { op: 'diskRead', count: 10, bytes: 4096, pageCacheHitRate: hitRate, ioDepth },
    ],
    demand: { kind: 'closed', concurrency: 1 },
    memory: { hotSetMiB: 1, hotWriteMiBPerSec: 1, coldWriteMiBPerSec: 0 },
    sources: { ops: 'test workload', memory: 'test workload', demand: 'test workload' },
  });
}

function catalogWith(workloads: Workload[]): Catalog {
  return { ...base, workloads: [...base.workloads, ...workloads] };
}

type GuestInput = ScenarioInput['guests'][number];

/** One Sandy Bridge KVM host (SATA SSD: 75 k IOPS at 50 µs, 4 requests in parallel) per guest. */
function run(cat: Catalog, guests: GuestInput[], durationMs = 40): { m: RunMetrics; g: (id: string) => GuestMetrics; diskServed: (id: string) => number } {
  const hosts = guests.map((x) => ({ id: x.host, profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }));
  const m = runScenario(Scenario.parse({ schemaVersion: 1, id: 'guest-io', title: 'guest-io', durationMs, hosts, guests }), cat).metrics;
  return {
    m,
    g: (id) => m.guests.find((x) => x.guest === id)!,
    // no disk resource is made when no request ever reaches the device
    diskServed: (host) => m.resources.find((r) => r.kind === 'disk' && r.host === host)?.served ?? 0,
  };
}

const guest = (id: string, workload: string, disk: 'ide' | 'virtio-blk'): GuestInput => ({
  id, host: id, os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', devices: { disk }, workload: { id: workload },
});

describe('page cache: reads that hit it never reach the device', () => {
  it('splits a unit\'s reads into whole hits and misses, and splitting again changes nothing', () => {
    const ops = splitPageCacheReads(readLoop('w', 0.7, 1).ops);
    expect(ops.map((o) => (o.op === 'diskRead' ? [o.count, o.pageCacheHitRate] : o.op))).toEqual(['compute', [7, 1], [3, 0]]);
    expect(splitPageCacheReads(ops)).toEqual(ops);
  });

  it('the higher the hit rate, the fewer device requests and exits per unit (emulated IDE under KVM)', () => {
    const rates = [0, 0.5, 0.9];
    const cat = catalogWith(rates.map((r) => readLoop(`pc-${r}`, r, 1)));
    const { g, diskServed } = run(cat, rates.map((r) => guest(`h${r * 10}`, `pc-${r}`, 'ide')));
    const perUnit = rates.map((r) => {
      const id = `h${r * 10}`;
      return { requests: diskServed(id) / g(id).unitsCompleted, exits: exitsPerUnit(g(id)), throughput: g(id).throughputPerSec };
    });
    // 10, 5 and 1 device reads per unit (those still in flight at the end aside)
    expect(perUnit[0]!.requests).toBeCloseTo(10, 0);
    expect(perUnit[1]!.requests).toBeCloseTo(5, 0);
    expect(perUnit[2]!.requests).toBeCloseTo(1, 0);
    expect(perUnit[1]!.exits).toBeLessThan(perUnit[0]!.exits * 0.6);
    expect(perUnit[2]!.exits).toBeLessThan(perUnit[1]!.exits * 0.3);
    expect(perUnit[2]!.throughput).toBeGreaterThan(perUnit[0]!.throughput * 5);
  });

  it('an all-hit read costs no exit at all', () => {
    const cat = catalogWith([readLoop('pc-1', 1, 1)]);
    const { g, diskServed } = run(cat, [guest('all', 'pc-1', 'ide')], 5);
    expect(diskServed('all')).toBe(0);
    expect(exitsPerUnit(g('all'))).toBe(0);
  });
});

describe('asynchronous I/O: more requests in flight raise an I/O-bound workload\'s throughput until the device saturates', () => {
  it('virtio-blk on a SATA SSD (4 requests in parallel, 75 k IOPS): depth 4 beats depth 1 several times over; depth 32 is capped by the device', () => {
    const depths = [1, 2, 4, 32];
    const cat = catalogWith(depths.map((d) => readLoop(`qd-${d}`, 0, d)));
    const { g, diskServed, m } = run(cat, depths.map((d) => guest(`q${d}`, `qd-${d}`, 'virtio-blk')));
    const iops = depths.map((d) => diskServed(`q${d}`) / (m.simulatedNs / 1e9));
    expect(iops[1]!).toBeGreaterThan(iops[0]! * 1.5);
    expect(iops[2]!).toBeGreaterThan(iops[0]! * 2.5);
    expect(iops[3]!).toBeGreaterThanOrEqual(iops[2]! * 0.95);
    // the SSD's 75,000 IOPS is the ceiling
    expect(iops[3]!).toBeLessThanOrEqual(75_000 * 1.02);
    expect(iops[3]!).toBeGreaterThan(75_000 * 0.8);
    expect(g('q32').throughputPerSec).toBeGreaterThan(g('q1').throughputPerSec * 2.5);
  });

  it('an emulated IDE disk takes one command at a time, so depth gains nothing there', () => {
    const cat = catalogWith([readLoop('qd-1', 0, 1), readLoop('qd-32', 0, 32)]);
    const { g } = run(cat, [guest('i1', 'qd-1', 'ide'), guest('i32', 'qd-32', 'ide')]);
    expect(g('i32').throughputPerSec).toBeLessThan(g('i1').throughputPerSec * 1.1);
  });
});
