import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { setupScenario } from '../../core/engine/setup.ts';
import { idleTickRates } from '../../core/engine/timer-ticks.ts';
import { type GuestMetrics, type HvFlag, Scenario, type ScenarioInput } from '../../core/model/index.ts';

/**
 * Issue 9 §4, Windows timers and Hyper-V enlightenments. Windows XP ticks 64 times a second on
 * every processor; Windows 7 / Server 2008 R2 only on the boot processor while the others skip
 * ticks (intelligent timer tick distribution); Windows 8 and later skip ticks on every idle
 * processor (dynamic tick). timeBeginPeriod(1) raises the tick to 1 kHz, for every process before
 * Windows 10 2004 and only for the processes that asked after it (Microsoft Learn, timeBeginPeriod).
 * On KVM, QEMU's hv-* flags give Windows the enlightenments it uses on Hyper-V
 * (docs/system/i386/hyperv.rst): hv-time the exit-less reference TSC page, hv-stimer synthetic
 * timers instead of the emulated HPET, hv-vapic exit-less EOI.
 */

const catalog = builtInCatalog();
const MS = 1000;

interface GuestOpts {
  os: string;
  vcpus?: number;
  host?: string;
  params?: Record<string, number>;
  hvFlags?: HvFlag[];
  disabled?: ScenarioInput['guests'][number]['disabled'];
}

function scenario(guests: Record<string, GuestOpts>, profile = 'xeon-gold-6142'): Scenario {
  const hosts: ScenarioInput['hosts'] = [
    { id: 'kvm', profile, hypervisor: 'kvm-qemu', cores: 64 },
    { id: 'hyperv', profile, hypervisor: 'hyperv', cores: 64 },
  ];
  return Scenario.parse({
    schemaVersion: 1,
    id: 'windows-timers',
    title: 'windows-timers',
    durationMs: MS,
    hosts,
    guests: Object.entries(guests).map(([id, g]) => ({
      id,
      host: g.host ?? 'kvm',
      os: g.os,
      vcpus: g.vcpus ?? 1,
      memoryMiB: 2048,
      mode: 'hw-nested',
      workload: { id: 'idle-windows', params: g.params ?? {} },
      ...(g.hvFlags ? { hvFlags: g.hvFlags } : {}),
      ...(g.disabled ? { disabled: g.disabled } : {}),
    })),
  });
}

function run(guests: Record<string, GuestOpts>, profile?: string): (id: string) => GuestMetrics {
  const m = runScenario(scenario(guests, profile), catalog).metrics;
  return (id) => m.guests.find((x) => x.guest === id)!;
}

const exits = (g: GuestMetrics) => Object.values(g.exitsByReason).reduce((a, b) => a + b, 0);
const exitsOf = (g: GuestMetrics, reason: string) => g.exitsByReason[reason] ?? 0;
/** Host CPU the hypervisor spends on the guest: exit transitions and handlers, in ns. */
const hostCpu = (g: GuestMetrics) => g.cpu.exits + g.cpu.hypervisor;
/** Ticks handled per second (an idle unit is one tick). */
const ticks = (g: GuestMetrics) => g.unitsCompleted / (MS / 1000);

describe('Windows timers, as each version runs them', () => {
  it('each vCPU ticks as its OS does: XP on every vCPU, 2008 R2 on the boot vCPU only, 2022 skips ticks on all', () => {
    const os = (id: string) => catalog.oses.find((o) => o.id === id)!;
    expect(idleTickRates(os('windows-xp'), 2, {})).toEqual([64, 64]);
    expect(idleTickRates(os('windows-2008r2'), 2, {})).toEqual([64, 16]);
    expect(idleTickRates(os('windows-2022'), 2, {})).toEqual([16, 16]);
    // the Linux guests keep the rates they had
    expect(idleTickRates(os('linux-2.6.11'), 2, {})).toEqual([1000, 1000]);
    expect(idleTickRates(os('linux-6'), 2, {})).toEqual([10, 10]);
  });

  it('an idle Windows 7-era guest takes more timer interrupts and exits than Windows Server 2022 with its dynamic tick', () => {
    const g = run({ xp: { os: 'windows-xp', vcpus: 2 }, w7: { os: 'windows-2008r2', vcpus: 2 }, w2022: { os: 'windows-2022', vcpus: 2 } });
    // 64 + 64, 64 + 16 and 16 + 16 ticks a second
    expect(ticks(g('xp'))).toBeGreaterThan(120);
    expect(ticks(g('w7'))).toBeGreaterThan(75);
    expect(ticks(g('w7'))).toBeLessThan(85);
    expect(ticks(g('w2022'))).toBeLessThan(35);
    expect(exits(g('w7'))).toBeGreaterThan(2 * exits(g('w2022')));
    expect(hostCpu(g('w7'))).toBeGreaterThan(2 * hostCpu(g('w2022')));
    expect(exits(g('xp'))).toBeGreaterThan(exits(g('w7')));
  });

  it('timeBeginPeriod(1) raises an idle guest\'s timer interrupts ≈16× (15.625 ms → 1 ms), and its exits and host CPU with them', () => {
    const g = run({ slow: { os: 'windows-2008r2' }, fast: { os: 'windows-2008r2', params: { timerPeriodMs: 1 } } });
    const ratio = ticks(g('fast')) / ticks(g('slow'));
    expect(ratio).toBeGreaterThan(15);
    expect(ratio).toBeLessThan(16.5);
    expect(exits(g('fast'))).toBeGreaterThan(14 * exits(g('slow')));
    expect(hostCpu(g('fast'))).toBeGreaterThan(14 * hostCpu(g('slow')));
    // a request no finer than the default tick changes nothing
    const same = run({ a: { os: 'windows-2008r2' }, b: { os: 'windows-2008r2', params: { timerPeriodMs: 15.625 } } });
    expect(same('b').unitsCompleted).toBe(same('a').unitsCompleted);
  });

  it('before Windows 10 2004 the raised resolution reaches every vCPU; after it only the requesting process\'s vCPUs', () => {
    const p = { timerPeriodMs: 1, timerVcpus: 1 };
    const g = run({
      global: { os: 'windows-2008r2', vcpus: 4, params: p },
      'per-process': { os: 'windows-2022', vcpus: 4, params: p },
      'per-process-all': { os: 'windows-2022', vcpus: 4, params: { timerPeriodMs: 1, timerVcpus: 4 } },
    });
    // 4 × 1000 against 1000 + 3 × 16
    expect(ticks(g('global'))).toBeGreaterThan(3900);
    expect(ticks(g('per-process'))).toBeGreaterThan(1000);
    expect(ticks(g('per-process'))).toBeLessThan(1100);
    expect(ticks(g('per-process-all'))).toBeGreaterThan(3900);
    expect(hostCpu(g('global'))).toBeGreaterThan(3 * hostCpu(g('per-process')));
  });
});

describe('Hyper-V enlightenments on Hyper-V and on KVM through QEMU hv-* flags', () => {
  // a Sandy Bridge host without APIC virtualization, so the EOI exits unless PV EOI avoids it
  const PROFILE = 'xeon-e5-2450';
  const fast = { timerPeriodMs: 1 };
  const g = run(
    {
      none: { os: 'windows-2022', params: fast },
      time: { os: 'windows-2022', params: fast, hvFlags: ['hv-time'] },
      stimer: { os: 'windows-2022', params: fast, hvFlags: ['hv-time', 'hv-stimer'] },
      vapic: { os: 'windows-2022', params: fast, hvFlags: ['hv-time', 'hv-stimer', 'hv-vapic'] },
      relaxed: { os: 'windows-2022', params: fast, hvFlags: ['hv-relaxed'] },
      hyperv: { os: 'windows-2022', params: fast, host: 'hyperv' },
      'hyperv-off': { os: 'windows-2022', params: fast, host: 'hyperv', disabled: ['pv-clock', 'pv-timer', 'pv-eoi'] },
      linux: { os: 'linux-6', hvFlags: ['hv-time', 'hv-stimer', 'hv-vapic'] },
      'linux-plain': { os: 'linux-6' },
    },
    PROFILE,
  );

  it('without flags a Windows guest on KVM reads and programs the emulated HPET and exits for every EOI', () => {
    const none = g('none');
    const t = none.unitsCompleted;
    // per tick: one HPET counter read and one comparator write (MMIO), one EOI
    expect(exitsOf(none, 'MMIO')).toBeGreaterThanOrEqual(2 * t);
    expect(exitsOf(none, 'APIC_EOI')).toBeGreaterThanOrEqual(t);
    expect(none.activePv).not.toContain('pv-clock:hyperv-tsc-page');
  });

  it('hv-time removes the clock-read exits (reference TSC page)', () => {
    const none = g('none');
    const time = g('time');
    expect(time.activePv).toContain('pv-clock:hyperv-tsc-page');
    expect(time.unitsCompleted).toBe(none.unitsCompleted);
    // one MMIO exit per tick left: the HPET comparator Windows still programs without hv-stimer
    expect(exitsOf(time, 'MMIO')).toBeLessThanOrEqual(time.unitsCompleted + 1);
    expect(exitsOf(time, 'MMIO')).toBeGreaterThan(0.9 * time.unitsCompleted);
    expect(hostCpu(time)).toBeLessThan(0.8 * hostCpu(none));
  });

  it('hv-stimer replaces the emulated HPET comparator by a synthetic-timer MSR write, a cheaper exit', () => {
    const time = g('time');
    const stimer = g('stimer');
    expect(stimer.activePv).toContain('pv-timer');
    expect(exitsOf(stimer, 'MMIO')).toBe(0);
    expect(exitsOf(stimer, 'MSR_WRITE')).toBeGreaterThanOrEqual(stimer.unitsCompleted);
    expect(hostCpu(stimer)).toBeLessThan(0.8 * hostCpu(time));
  });

  it('hv-vapic removes the EOI exits (PV EOI through the VP assist page)', () => {
    const stimer = g('stimer');
    const vapic = g('vapic');
    expect(exitsOf(stimer, 'APIC_EOI')).toBeGreaterThanOrEqual(stimer.unitsCompleted);
    expect(exitsOf(vapic, 'APIC_EOI')).toBe(0);
    expect(vapic.activePv).toContain('pv-eoi');
    expect(hostCpu(vapic)).toBeLessThan(hostCpu(stimer));
  });

  it('hv-relaxed is a fact shown with the PV state, not a cost', () => {
    expect(g('relaxed').activePv).toContain('relaxed-timing');
    expect(g('relaxed').exitsByReason).toEqual(g('none').exitsByReason);
    expect(g('relaxed').cpu).toEqual(g('none').cpu);
  });

  it('on Hyper-V Windows has the enlightenments by default: the same exits as KVM with the flags', () => {
    const hv = g('hyperv');
    for (const c of ['pv-clock:hyperv-tsc-page', 'pv-timer', 'pv-eoi', 'relaxed-timing']) expect(hv.activePv).toContain(c);
    expect(exitsOf(hv, 'MMIO')).toBe(0);
    expect(exitsOf(hv, 'APIC_EOI')).toBe(0);
    expect(exitsOf(g('hyperv-off'), 'APIC_EOI')).toBeGreaterThanOrEqual(g('hyperv-off').unitsCompleted);
    expect(hostCpu(hv)).toBeLessThan(hostCpu(g('hyperv-off')));
  });

  it('a Linux guest on KVM keeps KVM\'s own PV interfaces: the flags change nothing, with a warning', () => {
    expect(g('linux').exitsByReason).toEqual(g('linux-plain').exitsByReason);
    expect(g('linux').activePv).toEqual(g('linux-plain').activePv);
    const setup = setupScenario(scenario({ l: { os: 'linux-6', hvFlags: ['hv-time'] } }), catalog);
    expect(setup.guests[0]!.warnings.join(' ')).toMatch(/Hyper-V enlightenments for Windows guests/);
  });

  it('hv-stimer without hv-time is refused, as QEMU does; hv-tlbflush, hv-ipi and hv-spinlocks drive the existing PV mechanisms', () => {
    const bad = setupScenario(scenario({ w: { os: 'windows-2022', hvFlags: ['hv-stimer'] } }), catalog);
    expect(bad.problems.map((p) => p.message).join(' ')).toMatch(/hv-stimer without hv-time/);
    const ok = setupScenario(scenario({ w: { os: 'windows-2022', hvFlags: ['hv-tlbflush', 'hv-ipi', 'hv-spinlocks'] } }), catalog);
    const active = ok.guests[0]!.pv.filter((c) => c.state === 'active').map((c) => c.component);
    expect(active).toEqual(expect.arrayContaining(['pv-tlb-flush', 'pv-ipi', 'pv-spinlock']));
    expect(active).not.toContain('pv-clock:hyperv-tsc-page');
    // Windows Server 2008 R2 predates the reference TSC page: hv-time offers it nothing
    const old = setupScenario(scenario({ w: { os: 'windows-2008r2', hvFlags: ['hv-time', 'hv-tlbflush'] } }), catalog);
    expect(old.guests[0]!.warnings.join(' ')).toMatch(/does not use what hv-time offers/);
    expect(old.guests[0]!.clock.model).toBe('hpet');
    const none = setupScenario(scenario({ w: { os: 'windows-2022' } }), catalog);
    expect(none.guests[0]!.pv.filter((c) => c.state === 'active')).toEqual([]);
  });
});
