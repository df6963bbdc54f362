/**
 * Calibration against published measurements (shared/calibration/REFERENCES.md). Section A:
 * the Adams & Agesen nanobenchmarks on the Pentium 4 672, native vs binary translation vs
 * first-generation VT-x. Sections B and C: VM-exit costs as profile inputs, and KVM round trips
 * on the Sandy Bridge Xeon E5-2450 as the engine composes them.
 */
import type { GuestOs, HardwareProfile, HypervisorProfile, Operation, Scenario, Workload } from '../model/index.ts';
import { EventKindId, type Reason, ReasonId } from './events.ts';
import { PathBuilder } from './paths.ts';
import { NIC_ITR_NS } from './paths-io.ts';
import { type Path, StepKind } from './steps.ts';
import { type Catalog, lookup } from '../catalog/catalog.ts';
import { NANOBENCHMARKS, type Nanobenchmark } from '../catalog/scenarios.ts';
import { runScenario } from './engine.ts';

export interface CalibrationMeasurement {
  benchmark: string;
  mode: string;
  cyclesPerOp: number;
  ratioToNative: number | null;
  published: string;
}

export interface CalibrationCheck {
  section: 'A' | 'B' | 'C';
  name: string;
  value: number;
  min: number;
  max: number;
  target: string;
  ok: boolean;
}

export interface CalibrationReport {
  measurements: CalibrationMeasurement[];
  checks: CalibrationCheck[];
  ok: boolean;
}

const A_SOURCE = 'Adams & Agesen, ASPLOS 2006, §6.3';

/** Published cycles per operation (native, BT, VT-x) on the Pentium 4 672, as REFERENCES.md §A gives them. */
const PUBLISHED: Record<Nanobenchmark, [string, string, string]> = {
  syscall: ['—', 'native + ≈2000', '≈ native'],
  in: ['3209', '≈ native / 15', '15826'],
  cr8wr: ['≈ 4 × BT', '35', '≈ native'],
  callret: ['11', '51', '11'],
  pgfault: ['1093', '3927', '11242'],
  divzero: ['889', '3223', '1014'],
  ptemod: ['a single store', '391', '12733'],
};

function around(target: number, tol: number): [number, number] {
  return [target * (1 - tol), target * (1 + tol)];
}

/** Run one nanobenchmark scenario and return cycles per operation for native, BT and VT-x. */
export function measureNanobench(catalog: Catalog, name: Nanobenchmark): { native: number; bt: number; hw: number } {
  const scenario = lookup(catalog, 'scenarios', `nanobench-${name}`) as Scenario;
  const { metrics } = runScenario(scenario, catalog);
  const by = (mode: string) => {
    const g = metrics.guests.find((x) => x.mode === mode);
    if (!g || g.unitsCompleted === 0) throw new Error(`calibration: nanobench-${name} completed no ${mode} units`);
    return g.cyclesPerUnit;
  };
  return { native: by('native'), bt: by('bt'), hw: by('hw-shadow') };
}

/** Cycles per operation of a single-operation probe workload on one host and mode. */
function probe(catalog: Catalog, profile: string, hypervisor: string, op: Operation): number {
  const w: Workload = {
    id: `probe-${op.op}`.toLowerCase(),
    name: `probe ${op.op}`,
    description: 'calibration probe: one operation per unit',
    builtIn: false,
    unit: op.op,
    ops: [op],
    demand: { kind: 'closed', concurrency: 1 },
    units: 2000,
    params: {},
    memory: { hotSetMiB: 0, hotWriteMiBPerSec: 0, coldWriteMiBPerSec: 0 },
    sources: { ops: 'calibration probe' },
  };
  const scenario: Scenario = {
    schemaVersion: 1,
    id: `probe-${op.op}`.toLowerCase(),
    title: 'calibration probe',
    description: '',
    seed: 1,
    durationMs: 10_000,
    hosts: [{ id: 'h', profile, hypervisor }],
    guests: [{ id: 'g', host: 'h', os: 'testkernel', vcpus: 2, memoryMiB: 256, mode: 'hw-nested', devices: {}, addons: [], disabled: [], workload: { id: w.id, params: {} }, privileged: false }],
    timeline: [],
  };
  const cat: Catalog = { ...catalog, workloads: [...catalog.workloads, w] };
  const { metrics } = runScenario(scenario, cat);
  return metrics.guests[0]!.cyclesPerUnit;
}

export function calibrate(catalog: Catalog): CalibrationReport {
  const m = Object.fromEntries(NANOBENCHMARKS.map((n) => [n, measureNanobench(catalog, n)])) as Record<Nanobenchmark, { native: number; bt: number; hw: number }>;
  const measurements: CalibrationMeasurement[] = [];
  for (const n of NANOBENCHMARKS) {
    const r = m[n];
    (['native', 'bt', 'hw'] as const).forEach((mode, i) => {
      measurements.push({
        benchmark: n,
        mode: mode === 'hw' ? 'hw-shadow' : mode,
        cyclesPerOp: r[mode],
        ratioToNative: r.native > 0 ? r[mode] / r.native : null,
        published: PUBLISHED[n][i]!,
      });
    });
  }
  const checks: CalibrationCheck[] = [];
  const check = (section: CalibrationCheck['section'], name: string, value: number, [min, max]: [number, number], target: string) =>
    checks.push({ section, name, value, min, max, target, ok: value >= min && value <= max });
  const ratio = (a: number, b: number) => a / b;
  const order = (xs: number[]) => (xs.every((x, i) => i === 0 || x > xs[i - 1]!) ? 1 : 0);

  check('A', 'divzero HW/native', ratio(m.divzero.hw, m.divzero.native), [1.0, 1.3], `1.0–1.3 (${A_SOURCE})`);
  check('A', 'divzero SW/native', ratio(m.divzero.bt, m.divzero.native), around(3.6, 0.25), '3.6 ± 25 %');
  check('A', 'pgfault SW/native', ratio(m.pgfault.bt, m.pgfault.native), around(3.6, 0.3), '3.6 ± 30 %');
  check('A', 'pgfault HW/native', ratio(m.pgfault.hw, m.pgfault.native), around(10.3, 0.3), '10.3 ± 30 %');
  check('A', 'pgfault HW/SW', ratio(m.pgfault.hw, m.pgfault.bt), around(2.9, 0.3), '2.9 ± 30 %');
  check('A', 'pgfault ordering HW > SW > native', order([m.pgfault.native, m.pgfault.bt, m.pgfault.hw]), [1, 1], 'strict');
  check('A', 'ptemod HW/SW', ratio(m.ptemod.hw, m.ptemod.bt), [15, 60], '15× – 60×');
  check('A', 'in ordering SW < native < HW', order([m.in.bt, m.in.native, m.in.hw]), [1, 1], 'strict');
  check('A', 'in HW/native', ratio(m.in.hw, m.in.native), around(4.9, 0.4), '4.9 ± 40 %');
  check('A', 'syscall HW/native', ratio(m.syscall.hw, m.syscall.native), around(1, 0.05), 'within 5 %');
  check('A', 'call/ret HW/native', ratio(m.callret.hw, m.callret.native), around(1, 0.05), 'within 5 %');
  check('A', 'call/ret SW/native', ratio(m.callret.bt, m.callret.native), around(4.6, 0.3), '4.6 ± 30 %');

  // B: exit latency by generation, as profile inputs (Bugnion, Nieh & Tsafrir 2017, Tab. 4.3)
  const exitOf = (id: string) => (lookup(catalog, 'profiles', id) as { virt: { vmExitCycles: number } }).virt.vmExitCycles;
  check('B', 'Pentium 4 672 (Prescott) VM exit', exitOf('pentium4-672'), around(1926, 0.05), '1926 cycles (A&A Tab. 1: 1931)');
  check('B', 'Core 2 E6700 (Merom) VM exit', exitOf('core2-e6700'), around(1156, 0.05), '1156 cycles (A&A Tab. 1: 1186)');
  check('B', 'Xeon E5-2450 (Sandy Bridge) VM exit', exitOf('xeon-e5-2450'), around(507, 0.05), '507 cycles');

  // C: KVM round trips on the Xeon E5-2450 as the engine composes them (Dall et al.)
  const kvm = (op: Operation) => probe(catalog, 'xeon-e5-2450', 'kvm-qemu', op);
  check('C', 'KVM null hypercall', kvm({ op: 'hypercall', count: 1, privileged: false }), [1300 * 0.95, 1437 * 1.05], '1300–1437 cycles');
  check('C', 'KVM I/O exit handled in the kernel', kvm({ op: 'portIo', count: 1 }), around(2565, 0.1), '2565 cycles');
  const b = kvmBuilder(catalog);
  check('C', 'KVM virtual IPI (ICR write exit)', exitCycles(b.op({ op: 'ipi', count: 1, tlbShootdown: false }), 'APIC_ICR'), around(3102, 0.1), '3102 cycles');
  check('C', 'KVM virtual IRQ completion (EOI exit)', exitCycles(b.interrupt('timer', null), 'APIC_EOI'), around(1556, 0.1), '1556 cycles');
  const pm = kvmBuilder(catalog, 'acpi-pm');
  check('C', 'KVM I/O exit handled in QEMU (ACPI PM timer read)', exitCycles(pm.op({ op: 'clockRead', count: 1 }), 'IO_INSTRUCTION'), around(6732, 0.1), '6732 cycles');
  return { measurements, checks, ok: checks.every((c) => c.ok) };
}

/** The engine's path builder for a Linux-less test guest under KVM on the Xeon E5-2450. */
function kvmBuilder(catalog: Catalog, clockModel: 'tsc' | 'acpi-pm' = 'tsc'): PathBuilder {
  const profile = lookup(catalog, 'profiles', 'xeon-e5-2450') as HardwareProfile;
  const hv = lookup(catalog, 'hypervisors', 'kvm-qemu') as HypervisorProfile;
  const os = lookup(catalog, 'oses', 'testkernel') as GuestOs;
  const impl = clockModel === 'tsc' ? null : (hv.devices[clockModel] ?? null);
  const clock = { model: clockModel, impl, driver: null, fallback: null, home: impl ? impl.home : ('hardware' as const) };
  return new PathBuilder({
    profile, hv, os, mode: 'hw-nested', vcpus: 2, privileged: false, pv: [], nic: null, disk: null, clock,
    res: { backend: () => 0, nic: () => 0, disk: () => 0, mmuLock: () => 0 },
    params: {},
    nicInterruptIntervalNs: NIC_ITR_NS,
  });
}

/** Round-trip cycles of the first exit with `reason` on a path (searching IPI sub-paths too). */
function exitCycles(p: Path, reason: Reason): number {
  const id = ReasonId[reason];
  for (const s of p.steps) {
    if (s.reason === id && s.event === EventKindId.exit) return s.eventCycles;
    if (s.kind !== StepKind.Ipi) continue;
    for (const sub of s.detail.sendPerTarget) if (sub.reason === id && sub.event === EventKindId.exit) return sub.eventCycles;
  }
  return 0;
}
