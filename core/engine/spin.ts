/**
 * Spinning: a vCPU waiting for a guest spinlock or for TLB-flush acknowledgements spins on its
 * pCPU, burning guest-kernel cycles. Under overcommit the lock holder may be preempted. With
 * pause-loop exiting the waiter exits after the PLE window and yields to another vCPU of its
 * guest (the window doubles per exit, as KVM's does); with PV spinlocks it sleeps in the
 * hypervisor after Linux's spin threshold and the holder kicks it awake.
 */
import type { EventTable } from './dispatch.ts';
import { EventKindId, type Reason, ReasonId } from './events.ts';
import { serveIrq, ack } from './interrupts.ts';
import { CAT_HYP, CAT_KERNEL, type LockAcquireStep, type Path, type Step, StepKind } from './steps.ts';
import { makeReady, release, sliceExpired, yieldTarget } from './scheduler.ts';
import type { Sim } from './sim.ts';
import { S_BLOCKED, S_READY, S_RUN, S_SPIN } from './state.ts';
import { scheduleRun } from './vcpu.ts';

/** Kernel event: look at spinning vCPU `a` (slice end, pause-loop exit, PV threshold, an interrupt); `b` is its generation. */
export const EV_SPIN = 1;

/** Linux pv qspinlock spins SPIN_THRESHOLD = 1 << 15 times before halting (kernel/locking/qspinlock_paravirt.h); ~40 cycles per cpu_relax loop. */
const PV_SPIN_THRESHOLD_CYCLES = (1 << 15) * 40;
/** KVM doubles the PLE window on each pause-loop exit (ple_window_grow = 2) up to ple_window_max (arch/x86/kvm/vmx/vmx.c). */
const PLE_WINDOW_GROW = 2;
const PLE_WINDOW_MAX = 1 << 30;

export function registerSpinEvents(table: EventTable): void {
  table.register(EV_SPIN, 'spin-check', (sim, vi, gen) => {
    const v = sim.state.vcpus[vi]!;
    if (v.gen === gen && v.status === S_SPIN) spinCheck(sim, vi);
  });
}

/** Start a spin wait on the pCPU the vCPU holds. */
export function beginSpin(sim: Sim, vi: number, what: number, at: number): void {
  const v = sim.state.vcpus[vi]!;
  v.spinWhat = what;
  v.spinning = true;
  v.spinBegan = at;
  v.spinStart = at;
  v.pleWindow = pleCycles(sim, vi);
  v.spunCycles = 0;
  v.status = S_SPIN;
  v.gen++;
  startSpin(sim, vi);
}

/** Spin cycles before a pause-loop exit, or 0 where the hardware or mode has none. */
function pleCycles(sim: Sim, vi: number): number {
  const v = sim.state.vcpus[vi]!;
  const mode = sim.guestSetup(v.g).spec.mode;
  const hs = sim.hostSetup(v.h);
  if (!hs.hypervisor || (mode !== 'hw-shadow' && mode !== 'hw-nested' && mode !== 'pvh')) return 0;
  return hs.profile.virt.features.includes('pause-loop-exiting') ? hs.hypervisor.scheduler.pleWindow : 0;
}

/** Whether the lock the vCPU waits for is a PV spinlock (its waiters sleep after a while). */
function pvSpin(sim: Sim, vi: number): boolean {
  const s = sim.state.vcpus[vi]!.spinWhat === 0 ? currentStep(sim, vi) : undefined;
  return s !== undefined && s.kind === StepKind.LockAcquire && s.detail.pvSpinlock;
}

/** Schedule the next look at a spinning vCPU: slice end, a pause-loop exit, or the PV spin threshold. */
export function startSpin(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const ghz = sim.ghz(vi);
  const now = sim.kernel.now;
  let at = v.sliceEnd;
  if (v.pleWindow > 0) at = Math.min(at, v.spinStart + Math.ceil(v.pleWindow / ghz));
  if (pvSpin(sim, vi)) at = Math.min(at, v.spinStart + Math.ceil(Math.max(0, PV_SPIN_THRESHOLD_CYCLES - v.spunCycles) / ghz));
  if (v.irq.length > 0) at = now;
  // a wait with no timeout inside the run ends by an ack or a grant; the end of the run accounts for the rest
  if (at >= sim.durationNs) return;
  sim.kernel.at(Math.max(now, at), EV_SPIN, vi, v.gen);
}

function currentStep(sim: Sim, vi: number): Step | undefined {
  const v = sim.state.vcpus[vi]!;
  if (!v.inUnit) return undefined;
  return sim.paths.byId[sim.paths.tables[v.g]![v.table]![v.opIdx]!]!.steps[v.stepIdx];
}

/** Exit, handler and entry cycles of an exit with `handler` work, charged to the vCPU. */
function exitInline(sim: Sim, vi: number, reason: Reason, handler: number): void {
  const hs = sim.hostSetup(sim.state.vcpus[vi]!.h);
  const hv = hs.hypervisor!;
  const c = hs.profile.virt.vmExitCycles + hv.costs.exitDispatch + handler + hs.profile.virt.vmEntryCycles;
  sim.emit(vi, EventKindId.exit, ReasonId[reason], c, -1);
  sim.charge(vi, c, CAT_HYP);
}

function spinCheck(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const now = sim.kernel.now;
  const ghz = sim.ghz(vi);
  // spinning burns guest-kernel cycles until now
  const spun = Math.max(0, now - v.spinStart) * ghz;
  sim.charge(vi, spun, CAT_KERNEL);
  v.spunCycles += spun;
  v.spinStart = now;
  // interrupts (IPIs) are served while spinning
  if (v.irq.length > 0) {
    let c = 0;
    while (v.irq.length > 0) {
      c += serveIrq(sim, vi, v.irq[0]!);
      const ackTo = v.irq[1]!;
      v.irq.splice(0, 2);
      if (ackTo >= 0) ack(sim, ackTo);
    }
    v.spinStart = now + Math.floor(c / ghz);
    if (v.status !== S_SPIN) return; // the interrupt ended the wait (a self-ack cannot happen, but a grant can)
  }
  const host = sim.state.hosts[v.h]!;
  if (pvSpin(sim, vi) && v.spunCycles >= PV_SPIN_THRESHOLD_CYCLES - ghz) {
    // PV spinlock: stop spinning and sleep in the hypervisor until the holder kicks
    exitInline(sim, vi, 'HLT', sim.hostSetup(v.h).hypervisor!.costs.halt);
    release(sim, vi, S_BLOCKED, 'block');
    return;
  }
  if (v.pleWindow > 0) {
    // pause-loop exit: the hypervisor sees the spin, doubles the window (KVM grow_ple_window)
    // and yields to another preempted vCPU of the same guest, hoping it is the lock holder
    exitInline(sim, vi, 'PAUSE', sim.hostSetup(v.h).hypervisor!.costs.vcpuSwitch);
    v.pleWindow = Math.min(v.pleWindow * PLE_WINDOW_GROW, PLE_WINDOW_MAX);
    const target = yieldTarget(sim, vi);
    if (target >= 0) {
      host.ready.splice(host.ready.indexOf(target), 1);
      release(sim, vi, S_READY, 'yield', target);
      return;
    }
    v.spinStart = sim.kernel.now;
  }
  if (sliceExpired(sim, vi, now)) return;
  v.gen++;
  startSpin(sim, vi);
}

/** The holder hands the lock to the next waiter; returns cycles the holder spends (a PV kick). */
export function grantLock(sim: Sim, holder: number, next: number, path: Path, pathName: number): number {
  const w = sim.state.vcpus[next]!;
  if (w.status === S_SPIN) {
    endSpin(sim, next);
    w.status = S_RUN;
    w.gen++;
    scheduleRun(sim, next, sim.kernel.now);
    return 0;
  }
  if (w.status === S_BLOCKED) {
    // asleep in the hypervisor (PV spinlock): the holder kicks it
    const acq = path.steps.find((s): s is LockAcquireStep => s.kind === StepKind.LockAcquire);
    let c = 0;
    for (const s of acq?.detail.kickSteps ?? []) {
      if (s.ev >= 0 && c === 0) sim.emit(holder, s.ev, s.reason, s.evCycles, pathName);
      sim.charge(holder, s.cycles, s.cat);
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

/** End a spin wait: charge the spin so far and move past the waiting step. */
export function endSpin(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  if (v.status === S_SPIN) sim.charge(vi, Math.max(0, sim.kernel.now - v.spinStart) * sim.ghz(vi), CAT_KERNEL);
  v.spunCycles = 0;
  v.spinning = false;
  if (v.spinWhat === 0) v.stepIdx++;
  v.spinWhat = -1;
}

/** At the end of the run: spinning burns cycles up to the end. */
export function chargeSpinsToNow(sim: Sim): void {
  const now = sim.kernel.now;
  const vcpus = sim.state.vcpus;
  for (let vi = 0; vi < vcpus.length; vi++) {
    const v = vcpus[vi]!;
    if (v.status === S_SPIN) {
      sim.charge(vi, Math.max(0, now - v.spinStart) * sim.ghz(vi), CAT_KERNEL);
      v.spinStart = now;
    }
  }
}
