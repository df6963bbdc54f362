/**
 * Spinning: a vCPU waiting for a guest spinlock or for TLB-flush acknowledgements spins on its
 * pCPU, burning guest-kernel cycles. Under overcommit the lock holder may be preempted. With
 * pause-loop exiting the waiter exits after the PLE window and yields to another vCPU of its
 * guest (the window doubles per exit, as KVM's does); with PV spinlocks it sleeps in the
 * hypervisor after Linux's spin threshold and the holder kicks it awake.
 */
import { ReasonId } from './events.ts';
import type { EventTable } from './dispatch.ts';
import { blockInHypervisor, takeExit } from './exits.ts';
import { serveIrq, ack, takeServedIrq } from './interrupts.ts';
import { CAT_KERNEL, type LockAcquireStep, NO_EVENT, type Path, type Step, StepKind } from './steps.ts';
import { makeReady, release, sliceExpired, yieldTarget } from './scheduler.ts';
import type { Sim } from './sim.ts';
import type { SpinTarget } from './state.ts';
import { scheduleRun } from './vcpu.ts';

/** Kernel event: look at spinning vCPU `a` (slice end, pause-loop exit, PV threshold, an interrupt); `b` is its generation. */
export const EV_SPIN = 1;

/** Linux pv qspinlock spins SPIN_THRESHOLD = 1 << 15 times before halting (kernel/locking/qspinlock_paravirt.host); ~40 cycles per cpu_relax loop. */
const PV_SPIN_THRESHOLD_CYCLES = (1 << 15) * 40;
/** KVM doubles the PLE window on each pause-loop exit (ple_window_grow = 2) up to ple_window_max (arch/x86/kvm/vmx/vmx.c). */
const PLE_WINDOW_GROW = 2;
const PLE_WINDOW_MAX = 1 << 30;

export function registerSpinEvents(table: EventTable): void {
  table.register(EV_SPIN, 'spin-check', (sim, vi, gen) => {
    const v = sim.state.vcpus[vi]!;
    if (v.generation === gen && v.status === 'spinning') spinCheck(sim, vi);
  });
}

/**
 * Start a spin wait on the pCPU the vCPU holds; `pleWindow` is the path's pause-loop window in
 * cycles (0: PAUSE does not exit), decided in exits.ts.
 */
export function beginSpin(sim: Sim, vi: number, on: SpinTarget, at: number, pleWindow: number): void {
  const v = sim.state.vcpus[vi]!;
  v.spinningOn = on;
  v.spinChargedToNs = at;
  v.pleWindowCycles = pleWindow;
  v.spunCycles = 0;
  v.status = 'spinning';
  v.generation++;
  startSpin(sim, vi);
}

/** Whether the lock the vCPU waits for is a PV spinlock (its waiters sleep after a while). */
function pvSpin(sim: Sim, vi: number): boolean {
  const s = sim.state.vcpus[vi]!.spinningOn === 'lock' ? currentStep(sim, vi) : undefined;
  return s !== undefined && s.kind === StepKind.LockAcquire && s.detail.pvSpinlock;
}

/** Schedule the next look at a spinning vCPU: slice end, a pause-loop exit, or the PV spin threshold. */
export function startSpin(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const ghz = sim.ghz(vi);
  const now = sim.kernel.now;
  let at = v.sliceEndNs;
  if (v.pleWindowCycles > 0) at = Math.min(at, v.spinChargedToNs + Math.ceil(v.pleWindowCycles / ghz));
  if (pvSpin(sim, vi)) at = Math.min(at, v.spinChargedToNs + Math.ceil(Math.max(0, PV_SPIN_THRESHOLD_CYCLES - v.spunCycles) / ghz));
  if (v.pendingIrqs.length > 0) at = now;
  // a wait with no timeout inside the run ends by an ack or a grant; the end of the run accounts for the rest
  if (at >= sim.durationNs) return;
  sim.kernel.at(Math.max(now, at), EV_SPIN, vi, v.generation);
}

/** The step vCPU `vi` is at in its current unit (undefined between units). */
export function currentStep(sim: Sim, vi: number): Step | undefined {
  const v = sim.state.vcpus[vi]!;
  if (!v.inUnit) return undefined;
  return sim.paths.byId[sim.paths.tables[v.guest]![v.tableVersion]![v.opIndex]!]!.steps[v.stepIndex];
}

function spinCheck(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const now = sim.kernel.now;
  const ghz = sim.ghz(vi);
  // spinning burns guest-kernel cycles until now
  const spun = Math.max(0, now - v.spinChargedToNs) * ghz;
  sim.charge(vi, spun, CAT_KERNEL);
  v.spunCycles += spun;
  v.spinChargedToNs = now;
  // interrupts (IPIs) are served while spinning
  if (v.pendingIrqs.length > 0) {
    let c = 0;
    while (v.pendingIrqs.length > 0) {
      c += serveIrq(sim, vi, v.pendingIrqs[0]!);
      const ackTo = takeServedIrq(v);
      if (ackTo >= 0) ack(sim, ackTo);
    }
    v.spinChargedToNs = now + Math.floor(c / ghz);
    if (v.status !== 'spinning') return; // the interrupt ended the wait (a self-ack cannot happen, but a grant can)
  }
  if (pvSpin(sim, vi) && v.spunCycles >= PV_SPIN_THRESHOLD_CYCLES - ghz) {
    // PV spinlock: stop spinning and sleep in the hypervisor until the holder kicks
    blockInHypervisor(sim, vi);
    release(sim, vi, 'blocked', ReasonId.block);
    return;
  }
  if (sliceExpired(sim, vi, now)) return;
  if (v.pleWindowCycles > 0 && spun >= v.pleWindowCycles - ghz) {
    // pause-loop exit, once a whole window was spun: the hypervisor sees the spin, doubles the
    // window (KVM grow_ple_window) and yields the rest of the slice to another preempted vCPU of
    // the same guest, hoping it is the lock holder
    takeExit(sim, vi, 'PAUSE', sim.hostSetup(v.host).hypervisor!.costs.vcpuSwitch);
    v.pleWindowCycles = Math.min(v.pleWindowCycles * PLE_WINDOW_GROW, PLE_WINDOW_MAX);
    const target = yieldTarget(sim, vi);
    if (target >= 0) {
      release(sim, vi, 'ready', ReasonId.yield, target);
      return;
    }
    v.spinChargedToNs = sim.kernel.now;
  }
  v.generation++;
  startSpin(sim, vi);
}

/** The holder hands the lock to the next waiter; returns cycles the holder spends (a PV kick). */
export function grantLock(sim: Sim, holder: number, next: number, path: Path, pathName: number): number {
  const w = sim.state.vcpus[next]!;
  if (w.status === 'spinning') {
    endSpin(sim, next);
    w.status = 'running';
    w.generation++;
    scheduleRun(sim, next, sim.kernel.now);
    return 0;
  }
  if (w.status === 'blocked') {
    // asleep in the hypervisor (PV spinlock): the holder kicks it
    const acq = path.steps.find(isLockAcquire);
    let c = 0;
    for (const s of acq?.detail.kickSteps ?? []) {
      if (s.event !== NO_EVENT && c === 0) sim.emit(holder, s.event, s.reason, s.eventCycles, pathName);
      sim.charge(holder, s.cycles, s.category);
      c += s.cycles;
    }
    endSpin(sim, next);
    makeReady(sim, next);
    return c;
  }
  // preempted while spinning: it owns the lock when it runs again
  endSpin(sim, next);
  return 0;
}

function isLockAcquire(s: Step): s is LockAcquireStep {
  return s.kind === StepKind.LockAcquire;
}

/** End a spin wait: charge the spin so far and move past the waiting step. */
export function endSpin(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  if (v.status === 'spinning') sim.charge(vi, Math.max(0, sim.kernel.now - v.spinChargedToNs) * sim.ghz(vi), CAT_KERNEL);
  v.spunCycles = 0;
  if (v.spinningOn === 'lock') v.stepIndex++;
  v.spinningOn = 'nothing';
}

/** At the end of the run: spinning burns cycles up to the end. */
export function chargeSpinsToNow(sim: Sim): void {
  const now = sim.kernel.now;
  const vcpus = sim.state.vcpus;
  for (let vi = 0; vi < vcpus.length; vi++) {
    const v = vcpus[vi]!;
    if (v.status === 'spinning') {
      sim.charge(vi, Math.max(0, now - v.spinChargedToNs) * sim.ghz(vi), CAT_KERNEL);
      v.spinChargedToNs = now;
    }
  }
}
