/**
 * The one place an exit is priced: a transition from the guest into the hypervisor and back —
 * a VM exit and VM entry under hardware assistance, a trap and its return under binary
 * translation, trap-and-emulate and Xen PV — plus the hypervisor's dispatch and the handler's
 * own work. The transitions are booked as exit cycles, dispatch and handler as hypervisor
 * cycles. The path builder (paths.ts) turns a price into steps; the subsystems that exit outside
 * a path (a vCPU halting with nothing to do, a pause-loop exit, a PV spinlock waiter going to
 * sleep) take one here, so both are priced and booked alike and both count in the exit metrics.
 * Pause-loop exiting, whether a spin wait exits after a window and how long it is, is decided
 * here too.
 */
import type { HardwareProfile, HypervisorProfile, VirtMode } from '../model/index.ts';
import { EventKindId, NO_PATH, type Reason, ReasonId } from './events.ts';
import type { Sim } from './sim.ts';
import { CAT_EXIT, CAT_HYP } from './steps.ts';

/** Modes whose transitions into the hypervisor are VM exits (VT-x / AMD-V), not traps. */
export function hardwareAssisted(mode: VirtMode): boolean {
  return mode === 'hw-shadow' || mode === 'hw-nested' || mode === 'pvh';
}

/** An exit's cycles: into the hypervisor, its dispatch and handler, and back into the guest. */
export interface ExitPrice {
  enter: number;
  /** Dispatch and handler work in the hypervisor. */
  work: number;
  leave: number;
}

export function exitPrice(profile: HardwareProfile, hv: HypervisorProfile, mode: VirtMode, handler: number): ExitPrice {
  const hw = hardwareAssisted(mode);
  return {
    enter: hw ? profile.virt.vmExitCycles : profile.virt.trapCycles,
    work: hv.costs.exitDispatch + handler,
    leave: hw ? profile.virt.vmEntryCycles : profile.virt.trapCycles,
  };
}

/**
 * Spin cycles before a pause-loop exit for a guest in `mode` on this host, or 0 where the
 * hardware, the mode or the hypervisor has none (PAUSE does not exit under BT, Xen PV or on bare
 * metal; only VT-x/AMD-V with the feature and a window set exits).
 */
export function pleWindowCycles(profile: HardwareProfile, hv: HypervisorProfile | null, mode: VirtMode): number {
  if (!hv || !hardwareAssisted(mode) || !profile.virt.features.includes('pause-loop-exiting')) return 0;
  return hv.scheduler.pleWindow;
}

const EXIT = EventKindId.exit;
const HYPERCALL = EventKindId.hypercall;
const HLT = ReasonId.HLT;

/**
 * vCPU `vi` exits outside a path with `handler` cycles of work: the event (an exit, or a
 * hypercall when `kind` says so) and the charges. Returns the cycles the round trip takes.
 */
export function takeExit(sim: Sim, vi: number, reason: Reason, handler: number, kind: 'exit' | 'hypercall' = 'exit'): number {
  const v = sim.state.vcpus[vi]!;
  const hs = sim.hostSetup(v.host);
  const p = exitPrice(hs.profile, hs.hypervisor!, sim.guestSetup(v.guest).spec.mode, handler);
  const total = p.enter + p.work + p.leave;
  sim.emit(vi, kind === 'exit' ? EXIT : HYPERCALL, reason === 'HLT' ? HLT : ReasonId[reason], total, NO_PATH);
  sim.charge(vi, p.enter + p.leave, CAT_EXIT);
  sim.charge(vi, p.work, CAT_HYP);
  return total;
}

/**
 * vCPU `vi` gives its pCPU back to the hypervisor until something wakes it: a HLT exit under
 * hardware assistance, a `sched_op` block hypercall for a Xen PV guest. Bare metal and binary
 * translation pay nothing here (the halt is the guest kernel's own, or runs translated).
 */
export function blockInHypervisor(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const hv = sim.hostSetup(v.host).hypervisor;
  const mode = sim.guestSetup(v.guest).spec.mode;
  if (!hv) return;
  if (hardwareAssisted(mode)) takeExit(sim, vi, 'HLT', hv.costs.halt);
  else if (mode === 'xen-pv') takeExit(sim, vi, 'sched_op_block', hv.costs.hypercall, 'hypercall');
}
