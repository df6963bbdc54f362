/**
 * The vCPU step loop: a vCPU on a pCPU runs its pending interrupts, then its current unit of work
 * operation by operation, each operation's path step by step. Work without events is accumulated
 * and charged in one go (`acc` cycles), so the loop schedules one kernel event per stretch of
 * quiet work rather than one per step; a step with an event, or a step that needs a resource,
 * first lets the time of the work before it pass. `runVcpu` is the engine's hot loop and is
 * kept as one function on purpose.
 */
import { ReasonId } from './events.ts';
import type { EventTable } from './dispatch.ts';
import { record } from './histogram.ts';
import { ack, halt, sendIpis, takeServedIrq } from './interrupts.ts';
import { submitIo } from './io.ts';
import { crashGuest, finishGuestIfDone } from './lifecycle.ts';
import { takesUnits, unitLimit } from './demand.ts';
import { parkedUnits, takeJob } from './jobs.ts';
import { CAT_HYP, NO_EVENT, NO_RESOURCE, type Path, type Step, StepKind } from './steps.ts';
import { EV_BACKEND_CPU } from './resources.ts';
import { balanceBackends, release, sliceExpired } from './scheduler.ts';
import type { Sim } from './sim.ts';
import { NOT_STARTED, NO_VCPU } from './state.ts';
import { beginSpin, grantLock } from './spin.ts';
import { blockInHypervisor } from './exits.ts';

/** Kernel event: vCPU `a` continues its step loop; `b` is its generation (a stale event is dropped). */
export const EV_RUN = 0;

/** Longest stretch a vCPU of a multi-vCPU guest runs before it looks at pending interrupts. */
const MAX_BATCH_NS = 100_000;

export function registerVcpuEvents(table: EventTable): void {
  table.register(EV_RUN, 'vcpu-run', (sim, vi, gen) => {
    const v = sim.state.vcpus[vi]!;
    if (v.generation === gen && v.status === 'running') runVcpu(sim, vi);
  });
  table.register(EV_BACKEND_CPU, 'backend-cpu', (sim, h) => balanceBackends(sim, h));
}

/**
 * Continue vCPU `vi` after `cycles` of work already charged, and `leftNs` of a stretch of work a
 * backend thread interrupted (scheduler.ts).
 */
export function resumeAfter(sim: Sim, vi: number, cycles: number, leftNs = 0): void {
  const v = sim.state.vcpus[vi]!;
  // during a live migration's pre-copy: dirty tracking (the first write to each page per round
  // faults) and, with auto-converge, throttling
  const m = sim.state.guests[v.guest]!.activeMigration;
  const tax = m ? (m.roundTax[m.round] ?? 0) : 0;
  const throttle = m ? (m.roundThrottle[m.round] ?? 0) : 0;
  if (tax > 0 && cycles > 0) {
    const extra = cycles * tax;
    sim.charge(vi, extra, CAT_HYP);
    cycles += extra;
  }
  const total = cycles + v.cycleRemainder;
  const ghz = sim.ghz(vi);
  let dt = Math.floor(total / ghz);
  v.cycleRemainder = total - dt * ghz;
  // auto-converge: the vCPU thread sleeps for the throttled share of its time (steal to the guest)
  if (throttle > 0 && dt > 0) {
    const pause = Math.floor((dt * throttle) / (1 - throttle));
    v.stealNs += pause;
    dt += pause;
  }
  scheduleRun(sim, vi, sim.kernel.now + dt + leftNs);
}

/** The vCPU's step loop continues at `at`. */
export function scheduleRun(sim: Sim, vi: number, at: number): void {
  const v = sim.state.vcpus[vi]!;
  v.runAtNs = at;
  sim.kernel.at(at, EV_RUN, vi, v.generation);
}

export function runVcpu(sim: Sim, vi: number): void {
  const state = sim.state;
  const v = state.vcpus[vi]!;
  const guestState = state.guests[v.guest]!;
  const now = sim.kernel.now;
  if (sliceExpired(sim, vi, now)) return;
  const ghz = sim.ghz(vi);
  const multi = sim.guestVcpuCount[v.guest]! > 1;
  const limitNs = Math.min(v.sliceEndNs, multi ? now + MAX_BATCH_NS : Infinity, sim.durationNs);
  const budget = (limitNs - now) * ghz - v.cycleRemainder;
  const paths = sim.paths;
  // the guest's CPU accounts, charged here directly (sim.charge, without its lookups per step)
  const booked = guestState.cyclesByCategory;
  let acc = 0;

  for (;;) {
    if (guestState.status !== 'running') return;
    if (acc > 0 && acc >= budget) return resumeAfter(sim, vi, acc);
    // 1. pending interrupts run first
    if (v.pendingIrqs.length > 0) {
      const path = paths.byId[v.pendingIrqs[0]!]!;
      const s = path.steps[v.irqStepIndex];
      if (s === undefined) {
        const ackTo = takeServedIrq(v);
        v.irqStepIndex = 0;
        countPath(sim, v.guest, path);
        if (ackTo >= 0) ack(sim, ackTo);
        continue;
      }
      if (s.event !== NO_EVENT && acc > 0) return resumeAfter(sim, vi, acc);
      if (s.event !== NO_EVENT) sim.emit(vi, s.event, s.reason, s.eventCycles, paths.slotName[v.pendingIrqs[0]!]!);
      booked[s.category]! += s.cycles;
      acc += s.cycles;
      v.irqStepIndex++;
      continue;
    }
    // 2. the next unit
    if (!v.inUnit) {
      if (!startUnit(sim, vi, now + acc / ghz)) {
        if (acc > 0) return resumeAfter(sim, vi, acc);
        return idleOut(sim, vi);
      }
      if (v.pendingIrqs.length > 0) continue; // a job switch (jobs.ts) runs before the job's steps
      const uq = paths.unitQuiet[v.guest]![v.tableVersion]!;
      if (uq.quiet && v.opIndex === 0 && v.stepIndex === 0 && guestState.demandKind === 'closed') {
        // whole units without events: complete as many as fit in one go
        const room = Math.max(1, Math.floor((budget - acc) / uq.cycles));
        const n = Math.min(room, unitLimit(sim, v.guest) - guestState.unitsStarted + 1);
        guestState.unitsStarted += n - 1;
        chargeQuietUnit(sim, vi, n);
        acc += uq.cycles * n;
        const lat = uq.cycles / ghz;
        record(guestState.latency, lat, n);
        guestState.unitsDone += n;
        v.inUnit = false;
        guestState.lastUnitEndNs = now + Math.floor(acc / ghz);
        if (guestState.unitsDone >= unitLimit(sim, v.guest)) {
          finishGuestIfDone(sim, v.guest);
        }
        continue;
      }
    }
    // 3. the current operation
    const table = paths.tables[v.guest]![v.tableVersion]!;
    const slot = table[v.opIndex]!;
    const path = paths.byId[slot]!;
    if (path.quiet && v.stepIndex === 0) {
      const room = Math.max(1, Math.floor((budget - acc) / Math.max(1, path.cycles)));
      const n = Math.min(room, v.repsLeft);
      for (const s of path.steps) booked[s.category]! += s.cycles * n;
      acc += path.cycles * n;
      v.repsLeft -= n;
      if (path.counted) guestState.pathCounts[path.classIndex]! += n;
      if (v.repsLeft === 0) nextOp(sim, vi, acc);
      continue;
    }
    const s = path.steps[v.stepIndex];
    if (s === undefined) {
      if (path.counted) countPath(sim, v.guest, path);
      v.repsLeft--;
      v.stepIndex = 0;
      if (v.repsLeft <= 0) nextOp(sim, vi, acc);
      continue;
    }
    if ((s.event !== NO_EVENT || s.kind > StepKind.Divisible) && acc > 0) return resumeAfter(sim, vi, acc);
    const pathName = paths.slotName[slot]!;
    switch (s.kind) {
      case StepKind.Plain:
        if (s.event !== NO_EVENT) sim.emit(vi, s.event, s.reason, s.eventCycles, pathName);
        booked[s.category]! += s.cycles;
        acc += s.cycles;
        v.stepIndex++;
        break;
      case StepKind.Divisible: {
        if (v.divisibleLeft === NOT_STARTED) v.divisibleLeft = s.cycles;
        const room = Math.max(1000, budget - acc);
        const take = Math.min(room, v.divisibleLeft);
        booked[s.category]! += take;
        acc += take;
        v.divisibleLeft -= take;
        if (v.divisibleLeft <= 0) {
          v.divisibleLeft = NOT_STARTED;
          v.stepIndex++;
        }
        break;
      }
      case StepKind.MmuLock: {
        const r = state.resources[s.detail.lock]!;
        const holdNs = s.cycles / ghz;
        const start = Math.max(now, r.serverFreeAtNs[0]!);
        r.serverFreeAtNs[0] = start + holdNs;
        r.busyNs += holdNs;
        r.served++;
        record(r.waits, start - now);
        const spin = (start - now) * ghz;
        booked[s.category]! += spin + s.cycles;
        acc += spin + s.cycles;
        v.stepIndex++;
        break;
      }
      case StepKind.Kick: {
        // notification suppression: no kick while the backend still has requests in hand
        const backend = s.detail.backend;
        if (backend === NO_RESOURCE || state.resources[backend]!.inSystem === 0) {
          acc = runFlush(sim, vi, s.detail.flush, pathName, acc);
          if (acc < 0) return; // the kick's events wait for the work before them; the step runs again
        }
        v.stepIndex++;
        break;
      }
      case StepKind.Batch: {
        let flush: boolean;
        if (v.batchFlushDue) {
          // re-entered after the work before the flush: the step was counted and charged then
          flush = true;
          v.batchFlushDue = false;
        } else {
          guestState.batchedUpdates++;
          flush = guestState.batchedUpdates >= s.detail.size;
          if (flush) guestState.batchedUpdates = 0;
          booked[s.category]! += s.cycles;
          acc += s.cycles;
        }
        if (flush) {
          acc = runFlush(sim, vi, s.detail.flush, pathName, acc);
          if (acc < 0) {
            v.batchFlushDue = true;
            return;
          }
        }
        v.stepIndex++;
        break;
      }
      case StepKind.Io:
        v.stepIndex++;
        submitIo(sim, vi, s.detail);
        if (v.status !== 'running') return; // blocked on a synchronous request or a full ring
        break;
      case StepKind.LockAcquire:
        if (guestState.lockHolder === NO_VCPU) {
          guestState.lockHolder = vi;
          booked[s.category]! += s.cycles;
          acc += s.cycles;
          v.stepIndex++;
        } else {
          guestState.lockWaiters.push(vi);
          beginSpin(sim, vi, 'lock', now, s.detail.pleWindowCycles);
          return;
        }
        break;
      case StepKind.LockRelease: {
        booked[s.category]! += s.cycles;
        acc += s.cycles;
        v.stepIndex++;
        const next = guestState.lockWaiters.shift();
        guestState.lockHolder = next ?? NO_VCPU;
        if (next !== undefined) acc += grantLock(sim, vi, next, path, pathName);
        break;
      }
      case StepKind.Ipi: {
        v.stepIndex++;
        acc += sendIpis(sim, vi, s.detail, pathName);
        if (v.status === 'spinning') return;
        break;
      }
      case StepKind.Halt:
        return halt(sim, vi, s.detail);
      case StepKind.Crash:
        sim.emit(vi, s.event, s.reason, 0, pathName);
        crashGuest(sim, v.guest);
        return;
    }
  }
}

/**
 * Run a kick's or a batch's flush steps inline, as plain steps, after `acc` cycles of work.
 * Returns the cycles so far, or -1 when a flush event has to wait for the work before it: the
 * vCPU then resumes after that work (so event times stay exact) and runs the step again.
 */
function runFlush(sim: Sim, vi: number, flush: readonly Step[], pathName: number, acc: number): number {
  for (const f of flush) {
    if (f.event !== NO_EVENT && acc > 0) {
      resumeAfter(sim, vi, acc);
      return -1;
    }
    if (f.event !== NO_EVENT) sim.emit(vi, f.event, f.reason, f.eventCycles, pathName);
    sim.charge(vi, f.cycles, f.category);
    acc += f.cycles;
  }
  return acc;
}

/** Count one run of `path` in its guest's path statistics. */
export function countPath(sim: Sim, g: number, path: Path): void {
  if (path.counted) sim.state.guests[g]!.pathCounts[path.classIndex]!++;
}

/** Charge `n` whole quiet units at once: every operation's steps, times its repetitions. */
function chargeQuietUnit(sim: Sim, vi: number, n: number): void {
  const v = sim.state.vcpus[vi]!;
  const table = sim.paths.tables[v.guest]![v.tableVersion]!;
  const ops = sim.guestSetup(v.guest).ops;
  for (let i = 0; i < table.length; i++) {
    const p = sim.paths.byId[table[i]!]!;
    const op = ops[i]!;
    const reps = op.op === 'compute' ? 1 : 'count' in op ? op.count : 1;
    for (const s of p.steps) sim.charge(vi, s.cycles * reps * n, s.category);
    if (p.counted) sim.state.guests[v.guest]!.pathCounts[p.classIndex]! += reps * n;
  }
}

/**
 * Take the next unit of work (an open-loop request or the next closed-loop unit) at `at`, when
 * the work before it ends; false when there is none. A closed-loop unit's latency starts then, an
 * open-loop request's when it arrived.
 */
function startUnit(sim: Sim, vi: number, at: number): boolean {
  const v = sim.state.vcpus[vi]!;
  const guestState = sim.state.guests[v.guest]!;
  const jobs = guestState.jobs.length > 0;
  if (jobs) {
    const hasJob = takeJob(sim, vi);
    if (hasJob && v.inUnit) return true; // a parked job's unit resumes
    if (!hasJob && guestState.demandKind === 'closed') return false;
  }
  if (guestState.demandKind === 'open') {
    const t = guestState.queuedArrivals.shift();
    if (t === undefined) return false;
    v.unitStartNs = t;
  } else {
    if ((!jobs && !takesUnits(sim, v)) || guestState.unitsStarted >= unitLimit(sim, v.guest)) return false;
    v.unitStartNs = at;
  }
  guestState.unitsStarted++;
  v.inUnit = true;
  v.tableVersion = sim.paths.tables[v.guest]!.length - 1;
  v.opIndex = 0;
  v.stepIndex = 0;
  v.divisibleLeft = NOT_STARTED;
  v.batchFlushDue = false;
  v.repsLeft = opCount(sim, v.guest, 0);
  return true;
}

/** Repetitions of operation `i` of guest `g`'s workload in one unit. */
function opCount(sim: Sim, g: number, i: number): number {
  const op = sim.guestSetup(g).ops[i]!;
  return op.op === 'compute' || op.op === 'idle' ? 1 : op.count;
}

/** The current operation is done: on to the next, or the unit is complete `acc` cycles from now. */
function nextOp(sim: Sim, vi: number, acc: number): void {
  const v = sim.state.vcpus[vi]!;
  v.opIndex++;
  v.stepIndex = 0;
  v.divisibleLeft = NOT_STARTED;
  v.batchFlushDue = false;
  if (v.opIndex < sim.guestSetup(v.guest).ops.length) {
    v.repsLeft = opCount(sim, v.guest, v.opIndex);
    return;
  }
  // unit complete
  const guestState = sim.state.guests[v.guest]!;
  const end = sim.kernel.now + acc / sim.ghz(vi);
  record(guestState.latency, end - v.unitStartNs);
  guestState.unitsDone++;
  guestState.lastUnitEndNs = Math.floor(end);
  v.inUnit = false;
  if (guestState.unitsDone >= unitLimit(sim, v.guest)) finishGuestIfDone(sim, v.guest);
}

/** Nothing to do: halt until work arrives (or stop for good). */
function idleOut(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const guestState = sim.state.guests[v.guest]!;
  if (guestState.demandKind === 'closed' && guestState.jobs.length > 0) {
    // no job to run: idle while parked units wait for their I/O, done once none is left
    const over = guestState.unitsStarted >= unitLimit(sim, v.guest) && parkedUnits(guestState) === 0;
    release(sim, vi, over ? 'done' : 'halted', ReasonId.block);
    return;
  }
  if (guestState.demandKind === 'closed' && (guestState.unitsStarted >= unitLimit(sim, v.guest) || !takesUnits(sim, v))) {
    release(sim, vi, guestState.unitsStarted >= unitLimit(sim, v.guest) ? 'done' : 'halted', ReasonId.block);
    return;
  }
  blockInHypervisor(sim, vi);
  release(sim, vi, 'halted', ReasonId.block);
}
