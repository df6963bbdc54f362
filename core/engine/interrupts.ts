/**
 * Interrupts, IPIs and timers. Interrupts wait on a vCPU's pending list and run at its next step
 * boundary (a vCPU in the middle of a batch takes a plain one at once). IPIs go to every other
 * vCPU of the guest; a TLB shootdown waits for their acknowledgements, and with PV TLB flush a
 * preempted vCPU is flushed on its next entry instead. An idle vCPU halts until its OS's next
 * timer tick, at its own rate (timer-ticks.ts; hypervisors with halt polling poll first).
 */
import { ReasonId } from './events.ts';
import type { EventTable } from './dispatch.ts';
import { irqSlot } from './path-tables.ts';
import { CAT_HYP, type HaltSpec, type IpiSpec, NO_EVENT, StepKind } from './steps.ts';
import { makeReady, release } from './scheduler.ts';
import type { Sim } from './sim.ts';
import { NO_VCPU, type VcpuState } from './state.ts';
import { beginSpin, endSpin } from './spin.ts';
import { countPath, scheduleRun } from './vcpu.ts';
import { EV_SPIN } from './spin.ts';

/** Kernel event: halted vCPU `a` wakes for its timer tick; `b` is its generation. */
export const EV_TICK = 2;
/** Kernel event: vCPU `a` receives one TLB-flush acknowledgement; `b` is its guest's epoch (acks of an earlier boot are dropped). */
export const EV_ACK = 7;

export function registerInterruptEvents(table: EventTable): void {
  table.register(EV_TICK, 'timer-tick', (sim, vi, gen) => {
    const v = sim.state.vcpus[vi]!;
    if (v.generation === gen && v.status === 'halted') {
      v.stepIndex++;
      queueIrqTick(sim, vi);
      makeReady(sim, vi);
    }
  });
  table.register(EV_ACK, 'flush-ack', (sim, vi, epoch) => {
    if (sim.state.guests[sim.state.vcpus[vi]!.guest]!.epoch === epoch) ack(sim, vi);
  });
}

/** Send IPIs to the guest's other vCPUs; returns the sender's cycles. A shootdown then waits for acks. */
export function sendIpis(sim: Sim, vi: number, ipi: IpiSpec, pathName: number): number {
  const state = sim.state;
  const v = state.vcpus[vi]!;
  let c = 0;
  let acks = 0;
  const base = vi - v.index;
  const n = sim.guestVcpuCount[v.guest]!;
  const slot = irqSlot(sim, ipi.irqPath);
  for (let i = 0; i < n; i++) {
    const ti = base + i;
    if (ti === vi) continue;
    const t = state.vcpus[ti]!;
    if (t.status === 'done' || t.status === 'down') continue;
    for (const ps of ipi.sendPerTarget) {
      if (ps.event !== NO_EVENT) sim.emit(vi, ps.event, ps.reason, ps.eventCycles, pathName);
      sim.charge(vi, ps.cycles, ps.category);
      c += ps.cycles;
    }
    const running = t.status === 'running' || t.status === 'spinning';
    if (ipi.shootdown && ipi.pvTlbFlush && !running) continue; // flushed on its next entry
    const needAck = ipi.shootdown;
    if (needAck) acks++;
    queueIrq(sim, ti, slot, needAck ? vi : NO_VCPU);
  }
  if (acks > 0) {
    // the sent work is charged; the wait for acks starts after it
    v.acksAwaited += acks;
    beginSpin(sim, vi, 'flush-acks', sim.kernel.now + Math.floor(c / sim.ghz(vi)), ipi.pleWindowCycles);
  }
  return c;
}

/** Queue interrupt path `slot` on vCPU `ti` (acknowledged to `ackTo` when done, NO_VCPU for none) and wake it as its state requires. */
function queueIrq(sim: Sim, ti: number, slot: number, ackTo: number): void {
  const t = sim.state.vcpus[ti]!;
  t.pendingIrqs.push(slot, ackTo);
  if (t.status === 'halted') {
    makeReady(sim, ti);
  } else if (t.status === 'running' && t.runAtNs > sim.kernel.now && t.pendingIrqs.length === 2) {
    takeIrqNow(sim, ti);
  } else if (t.status === 'spinning') {
    t.generation++;
    sim.kernel.at(sim.kernel.now, EV_SPIN, ti, t.generation);
  }
}

/** Run a whole interrupt path on a vCPU now: its events, its charges, its count. Returns its cycles. */
export function serveIrq(sim: Sim, vi: number, slot: number): number {
  const path = sim.paths.byId[slot]!;
  const name = sim.paths.slotName[slot]!;
  let c = 0;
  for (const s of path.steps) {
    if (s.event !== NO_EVENT) sim.emit(vi, s.event, s.reason, s.eventCycles, name);
    sim.charge(vi, s.cycles, s.category);
    c += s.cycles;
  }
  countPath(sim, sim.state.vcpus[vi]!.guest, path);
  return c;
}

/**
 * A vCPU in the middle of a batch takes an interrupt at once, as hardware would: the handler
 * runs now, the rest of the batch moves later by the handler's time, and an acknowledgement
 * reaches the sender when the handler is done.
 */
function takeIrqNow(sim: Sim, ti: number): void {
  const t = sim.state.vcpus[ti]!;
  const slot = t.pendingIrqs[0]!;
  const ackTo = t.pendingIrqs[1]!;
  if (!sim.paths.byId[slot]!.plain) return;
  const c = serveIrq(sim, ti, slot);
  t.pendingIrqs.length = 0;
  t.irqStepIndex = 0;
  const dt = Math.ceil(c / sim.ghz(ti));
  t.generation++;
  scheduleRun(sim, ti, t.runAtNs + dt);
  if (ackTo >= 0) sim.kernel.at(sim.kernel.now + dt, EV_ACK, ackTo, sim.state.guests[sim.state.vcpus[ackTo]!.guest]!.epoch);
}

/**
 * Take the served interrupt at the head of vCPU `v`'s pending list off it; returns the vCPU to
 * acknowledge (a shootdown's sender, or NO_VCPU for none). Two shifts: splice would
 * allocate the array it removes.
 */
export function takeServedIrq(v: VcpuState): number {
  const ackTo = v.pendingIrqs[1]!;
  v.pendingIrqs.shift();
  v.pendingIrqs.shift();
  return ackTo;
}

/** One acknowledgement reaches shootdown sender `senderVi`; the last one ends its wait. */
export function ack(sim: Sim, senderVi: number): void {
  const s = sim.state.vcpus[senderVi]!;
  s.acksAwaited--;
  if (s.acksAwaited <= 0 && s.spinningOn === 'flush-acks') {
    s.acksAwaited = 0;
    if (s.status === 'spinning') {
      endSpin(sim, senderVi);
      s.status = 'running';
      s.generation++;
      scheduleRun(sim, senderVi, sim.kernel.now);
    } else {
      endSpin(sim, senderVi);
    }
  }
}

/** Halt: sleep until the OS's next timer tick (each vCPU's ticks are phase-shifted), or poll up to it. */
export function halt(sim: Sim, vi: number, spec: HaltSpec): void {
  const v = sim.state.vcpus[vi]!;
  const guestSetup = sim.guestSetup(v.guest);
  const hz = guestSetup.idleTickHz[v.index] ?? guestSetup.os.timer.idleTickHz;
  const now = sim.kernel.now;
  if (hz <= 0) {
    release(sim, vi, 'halted', ReasonId.block);
    return;
  }
  const period = Math.round(1e9 / hz);
  const phase = Math.floor((period * v.index) / guestSetup.spec.vcpus);
  const next = Math.floor((now - phase) / period) * period + period + phase;
  const poll = spec.haltPollNs;
  if (poll > 0 && next - now <= poll) {
    // halt polling catches the wake-up: the pCPU spins in the hypervisor meanwhile
    sim.charge(vi, (next - now) * sim.ghz(vi), CAT_HYP);
    v.stepIndex++;
    queueIrqTick(sim, vi);
    v.generation++;
    scheduleRun(sim, vi, next);
    return;
  }
  release(sim, vi, 'halted', ReasonId.block);
  sim.kernel.at(next, EV_TICK, vi, v.generation);
}

/** Queue the timer-tick path of the halt step the vCPU has just passed. */
function queueIrqTick(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const step = sim.paths.byId[sim.paths.tables[v.guest]![v.tableVersion]![v.opIndex]!]!.steps[v.stepIndex - 1];
  if (step?.kind === StepKind.Halt) v.pendingIrqs.push(irqSlot(sim, step.detail.tickPath), NO_VCPU);
}
