import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { MigrationSettings, dirtiedInRound, distinctPagesMiB, planPrecopy } from '../../core/engine/migration.ts';
import { Scenario, StoredWorkload, Workload, type WorkloadMemory } from '../../core/model/index.ts';

/**
 * Live migration with a hot writable set (Clark et al., NSDI 2005): a round resends the distinct
 * pages dirtied during the previous one, as Xen's and QEMU's dirty bitmaps count them, so the
 * size of the hot set — not the write bandwidth alone — decides whether pre-copy converges.
 */

const cat = builtInCatalog();
const qemu = MigrationSettings.parse({});
const hot = (hotSetMiB: number, hotWriteMiBPerSec: number, coldWriteMiBPerSec = 0): WorkloadMemory => ({ hotSetMiB, hotWriteMiBPerSec, coldWriteMiBPerSec });
const plan = (memory: WorkloadMemory, memoryMiB = 2048) => planPrecopy({ memoryMiB, memory, linkGbps: 10, settings: qemu });

describe('distinct pages in a round', () => {
  it('count a page once however often it is written: never more than the set, nearly every write while the set is large', () => {
    expect(distinctPagesMiB(16, 1e6)).toBeCloseTo(16, 9); // a million MiB of writes into 16 MiB dirty 16 MiB
    expect(distinctPagesMiB(16, 16)).toBeCloseTo(16 * (1 - Math.exp(-1)), 9);
    expect(distinctPagesMiB(1e6, 1) / 1).toBeGreaterThan(0.999999); // sparse writes hit fresh pages
    expect(distinctPagesMiB(0, 100)).toBe(0);
    let last = 0;
    for (const w of [0.001, 0.1, 1, 10, 100, 1000]) {
      const d = distinctPagesMiB(64, w);
      expect(d).toBeGreaterThan(last);
      expect(d).toBeLessThanOrEqual(Math.min(64, w));
      last = d;
    }
  });

  it('a hot set written ten times faster dirties no more once the round is long enough to cover it', () => {
    const slow = dirtiedInRound(2048, hot(1, 100), 1);
    const fast = dirtiedInRound(2048, hot(1, 1000), 1);
    expect(fast).toBeCloseTo(1, 6);
    expect(fast - slow).toBeLessThan(1e-6);
  });

  it('cold writes spread over the rest of memory and add their distinct pages; throttling slows both', () => {
    const m = hot(16, 100, 10);
    expect(dirtiedInRound(2048, m, 4)).toBeCloseTo(16 * (1 - Math.exp(-400 / 16)) + 2032 * (1 - Math.exp(-40 / 2032)), 6);
    expect(dirtiedInRound(2048, m, 4, 0.5)).toBeCloseTo(dirtiedInRound(2048, m, 2), 9);
  });
});

describe('pre-copy with a hot set', () => {
  it('at the same write bandwidth, a small hot set migrates with less downtime and fewer rounds than a large one', () => {
    // 200 MiB/s of page writes, faster than QEMU's 128 MiB/s cap: only the hot set's size differs
    const small = plan(hot(16, 200));
    const large = plan(hot(512, 200));
    expect(small.stopReason).toBe('downtime-met');
    expect(small.rounds).toHaveLength(1);
    expect(small.downtimeMs).toBeCloseTo((16 / 128) * 1000, 0); // the whole hot set, ≈125 ms
    expect(large.stopReason).toBe('data-limit');
    expect(large.rounds.length).toBeGreaterThan(5);
    expect(large.downtimeMs).toBeGreaterThan(10 * small.downtimeMs);
    // the figures the closing note quotes
    expect({ small: [small.rounds.length, Math.round(small.downtimeMs)], large: [large.rounds.length, Math.round(large.downtimeMs)] }).toEqual({ small: [1, 125], large: [12, 2487] });
  });

  it('the larger the hot set at one write rate, the more rounds and data the copy takes', () => {
    const sets = [4, 16, 64, 256, 1024].map((h) => plan(hot(h, 100)));
    for (let i = 1; i < sets.length; i++) {
      expect(sets[i]!.rounds.length).toBeGreaterThanOrEqual(sets[i - 1]!.rounds.length);
      expect(sets[i]!.totalMiB).toBeGreaterThan(sets[i - 1]!.totalMiB);
    }
    expect(sets[0]!.downtimeMs).toBeLessThan(sets[2]!.downtimeMs); // sets copied whole in one round
    expect(sets.map((p) => p.rounds.length)).toEqual([1, 1, 2, 6, 10]);
  });
});

describe('the built-in workloads', () => {
  const memory = (id: string) => cat.workloads.find((w) => w.id === id)!.memory;

  it('the game server and the web server have small sourced hot sets; the game server\'s is far the smaller', () => {
    expect(memory('game-server').hotSetMiB).toBeLessThan(1);
    expect(memory('specweb').hotSetMiB).toBeGreaterThan(10 * memory('game-server').hotSetMiB);
    for (const id of ['game-server', 'specweb']) {
      const p = plan(memory(id), 1024);
      expect(p.stopReason, id).toBe('downtime-met');
      expect(p.downtimeMs, id).toBeLessThan(300);
    }
    // Clark et al.: the game server paused for less than the web server
    expect(plan(memory('game-server'), 1024).downtimeMs).toBeLessThan(plan(memory('specweb'), 1024).downtimeMs);
  });

  it('a game server\'s live migration converges at QEMU\'s default bandwidth, loses no request and pauses for milliseconds', () => {
    const s = Scenario.parse({
      schemaVersion: 1, id: 'game-move', title: 'game-move', durationMs: 6000,
      hosts: [{ id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 }, { id: 'b', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 }],
      guests: [{ id: 'game', host: 'a', os: 'linux-6', vcpus: 2, memoryMiB: 512, mode: 'hw-nested', workload: { id: 'game-server' } }],
      timeline: [{ action: 'migrate', atMs: 10, guest: 'game', to: 'b' }],
    });
    const g = runScenario(s, cat).metrics.guests[0]!;
    expect(g.host).toBe('b');
    const [m] = g.service.migrations;
    expect(m).toMatchObject({ stopReason: 'downtime-met', rounds: 1 });
    expect(m!.downtimeMs).toBeLessThan(10); // ≈0.4 MiB of hot set and a little cold at 128 MiB/s
    expect(g.service.requestsLost).toBe(0);
  });
});

describe('workloads stored before the hot set', () => {
  it('load with their writable working set as the hot set and their dirty rate as its write rate', () => {
    const w = cat.workloads.find((x) => x.id === 'batch-cpu')!;
    const old = { ...w, memory: { writableWorkingSetMiB: 64, dirtyMiBPerSec: 128 } };
    expect(Workload.safeParse(old).success).toBe(false);
    expect(StoredWorkload.parse(old).memory).toEqual({ hotSetMiB: 64, hotWriteMiBPerSec: 128, coldWriteMiBPerSec: 0 });
    expect(StoredWorkload.parse(w)).toEqual(w);
  });
});
