/**
 * Figures derived from a run's metrics, defined once: exits per unit, CPU shares, PV share,
 * speed-ups. The CLI, sweeps, reports, the service, the renderer and the tests all use these, so
 * a figure means the same wherever it is shown. Plain functions over model types (the renderer
 * may import them).
 */
import type { CpuSplit, GuestMetrics } from './metrics.ts';

const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);

/** Every exit the guest took, whatever the reason. */
export function totalExits(g: GuestMetrics): number {
  return sum(g.exitsByReason);
}

/**
 * `count` per completed unit. A guest that completed no unit has no per-unit figure; it reports
 * the whole count (as if the run were one unit) rather than 0, so exits never seem to vanish.
 */
export function perUnit(g: GuestMetrics, count: number): number {
  return g.unitsCompleted > 0 ? count / g.unitsCompleted : count;
}

/** Exits per completed unit (all exits when nothing completed). */
export function exitsPerUnit(g: GuestMetrics): number {
  return perUnit(g, totalExits(g));
}

/** CPU time the guest used (guest user and kernel, exits, hypervisor and backend), in ns. */
export function busyNs(cpu: CpuSplit): number {
  return cpu.guestUser + cpu.guestKernel + cpu.exits + cpu.hypervisor + cpu.backend;
}

export const CPU_PARTS: readonly (keyof CpuSplit)[] = ['guestUser', 'guestKernel', 'exits', 'hypervisor', 'backend', 'steal', 'idle'];

/** Each part's share of all the CPU time the guest's vCPUs were given (idle and steal included). */
export function cpuShares(cpu: CpuSplit): { part: keyof CpuSplit; share: number }[] {
  const total = CPU_PARTS.reduce((a, p) => a + cpu[p], 0);
  return CPU_PARTS.map((part) => ({ part, share: total > 0 ? cpu[part] / total : 0 }));
}

/** A part's share of the guest's busy time (0 when it was never busy). */
export function shareOfBusy(cpu: CpuSplit, part: keyof CpuSplit): number {
  const busy = busyNs(cpu);
  return busy > 0 ? cpu[part] / busy : 0;
}

/** Time waiting for a pCPU relative to the time the guest ran. */
export function stealShare(g: GuestMetrics): number {
  return shareOfBusy(g.cpu, 'steal');
}

/** Share of a guest's operations that took a PV or passthrough path. */
export function pvShare(g: GuestMetrics): number {
  const total = sum(g.pathCounts);
  return total === 0 ? 0 : ((g.pathCounts.pv ?? 0) + (g.pathCounts.passthrough ?? 0)) / total;
}

/** The figures a sweep or a comparison shows for one guest of a run. */
export interface HeadlineFigures {
  guest: string;
  throughputPerSec: number;
  p99LatencyNs: number;
  exitsPerUnit: number;
  availability: number;
}

export function headlineFigures(g: GuestMetrics): HeadlineFigures {
  return { guest: g.guest, throughputPerSec: g.throughputPerSec, p99LatencyNs: g.latencyNs.p99, exitsPerUnit: exitsPerUnit(g), availability: g.service.availability };
}

/** How many times faster `g` got work done than `base` (throughput ratio); null when either did none. */
export function speedUp(base: GuestMetrics, g: GuestMetrics): number | null {
  return base.throughputPerSec > 0 && g.throughputPerSec > 0 ? g.throughputPerSec / base.throughputPerSec : null;
}
