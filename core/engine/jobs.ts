/**
 * Jobs: a closed workload with more threads than vCPUs (`make -j8` on two vCPUs). Each of its
 * `concurrency` threads is a job; a vCPU runs one job at a time, and the job keeps it until it
 * blocks on a synchronous request. Then the guest OS parks the job (its unit's progress moves
 * from the vCPU into the job), switches address space — the guest's `addressSpaceSwitch` path,
 * with a shadow-root switch under shadow paging — and runs the next ready job; with none ready
 * the vCPU idles. The request's completion readies its job and wakes an idle vCPU of the guest,
 * so one job's I/O wait overlaps another's work. A guest whose concurrency is at most its vCPU
 * count has no jobs (`jobs` is empty): each vCPU is one thread and none of this runs.
 *
 * The guest does not time-slice its ready jobs (a running job keeps its vCPU until it blocks or
 * its work ends), and a job woken on a busy guest waits for a job to block, as a thread waits
 * for a CPU; a job switch is paid where it happens, on the vCPU that switches.
 */
import { ReasonId } from './events.ts';
import type { Demand, Operation } from '../model/index.ts';
import { unitLimit } from './demand.ts';
import { NO_SLOT } from './path-tables.ts';
import { makeReady, release } from './scheduler.ts';
import { idleLoop, mostJobs } from './setup.ts';
import type { Sim } from './sim.ts';
import { type GuestState, type JobState, type UnitProgress, type VcpuState, NO_JOB, NO_REQUEST, NO_VCPU, NOT_STARTED } from './state.ts';

function newJob(status: JobState['status']): JobState {
  return { status, request: NO_REQUEST, inUnit: false, unitStartNs: 0, opIndex: 0, repsLeft: 0, stepIndex: 0, divisibleLeft: NOT_STARTED, batchFlushDue: false, tableVersion: 0 };
}

/** The jobs of a closed workload at the start: vCPU k runs job k, the rest are ready; none when the vCPUs suffice. */
export function initialJobs(concurrency: number, vcpus: number, ops: readonly Operation[]): JobState[] {
  if (concurrency <= vcpus || idleLoop(ops)) return [];
  return Array.from({ length: concurrency }, (_, job) => newJob(job < vcpus ? 'running' : 'ready'));
}

/** The jobs no vCPU runs at the start, in order. */
export function initialReadyJobs(concurrency: number, vcpus: number, ops: readonly Operation[]): number[] {
  if (concurrency <= vcpus || idleLoop(ops)) return [];
  return Array.from({ length: concurrency - vcpus }, (_, k) => vcpus + k);
}

/** Whether guest `g` may ever run jobs (mostJobs above 0). */
export function mayRunJobs(sim: Sim, g: number): boolean {
  return mostJobs(sim.scenario, sim.guestSetup(g)) > 0;
}

/** Whether job `job` may start another unit now. */
function startsUnits(sim: Sim, g: number, job: number): boolean {
  const guestState = sim.state.guests[g]!;
  return job < guestState.concurrency && guestState.demandKind === 'closed' && guestState.unitsStarted < unitLimit(sim, g);
}

/** Whether vCPU `v` of a guest with jobs has one to run: its own, or a ready one. */
export function jobsHaveWork(sim: Sim, v: VcpuState): boolean {
  if (v.job !== NO_JOB && startsUnits(sim, v.guest, v.job)) return true;
  const guestState = sim.state.guests[v.guest]!;
  return guestState.readyJobs.some((job) => guestState.jobs[job]!.inUnit || startsUnits(sim, v.guest, job));
}

/**
 * vCPU `vi` (not in a unit) needs a job that can run: its own if that may start a unit, else
 * the next ready one, switched to. False when there is none. The caller starts a unit unless
 * the job resumed one (`inUnit`). Under open demand jobs start no units; parked ones finish theirs.
 */
export function takeJob(sim: Sim, vi: number): boolean {
  const v = sim.state.vcpus[vi]!;
  if (v.job !== NO_JOB) {
    if (startsUnits(sim, v.guest, v.job)) return true;
    // its work is over: the thread ends
    sim.state.guests[v.guest]!.jobs[v.job]!.status = 'retired';
    v.job = NO_JOB;
  }
  return switchToReadyJob(sim, vi);
}

/**
 * vCPU `vi`'s job has just submitted synchronous request `slot`: park it, and run the next
 * ready job, or give up the pCPU as a vCPU whose thread blocks does.
 */
export function blockJob(sim: Sim, vi: number, slot: number): void {
  const v = sim.state.vcpus[vi]!;
  const job = sim.state.guests[v.guest]!.jobs[v.job]!;
  moveProgress(job, v);
  job.status = 'blocked';
  job.request = slot;
  v.job = NO_JOB;
  // nothing else to run: the vCPU idles until a completion readies a job (without the HLT exit,
  // as a vCPU whose only thread blocks on I/O gives up its pCPU in this model)
  if (!switchToReadyJob(sim, vi)) release(sim, vi, 'halted', ReasonId.block);
}

/**
 * Synchronous request `slot` of job `job` of guest `g` has completed; its interrupt path is
 * `irqSlot`, submitted from vCPU `submitter`. The job becomes ready; an idle vCPU of the guest
 * (the submitter first) takes the interrupt and wakes to run it, else the submitter takes the
 * interrupt at its next step and the job waits for a vCPU.
 */
export function jobIoDone(sim: Sim, g: number, job: number, slot: number, irqSlot: number, submitter: number): void {
  const state = sim.state;
  const guestState = state.guests[g]!;
  const record = guestState.jobs[job];
  if (record?.status === 'blocked' && record.request === slot) {
    record.status = 'ready';
    record.request = NO_REQUEST;
    guestState.readyJobs.push(job);
  }
  const idle = idleVcpu(sim, g, submitter);
  state.vcpus[idle === NO_VCPU ? submitter : idle]!.pendingIrqs.push(irqSlot, NO_VCPU);
  if (idle !== NO_VCPU) makeReady(sim, idle);
}

/** A halted vCPU of guest `g` without a job: `preferred` if it is one, else the first. */
function idleVcpu(sim: Sim, g: number, preferred: number): number {
  const vcpus = sim.state.vcpus;
  const isIdle = (vi: number) => vcpus[vi]!.job === NO_JOB && vcpus[vi]!.status === 'halted';
  if (isIdle(preferred)) return preferred;
  const first = sim.firstVcpu[g]!;
  const n = sim.guestVcpuCount[g]!;
  for (let vi = first; vi < first + n; vi++) if (isIdle(vi)) return vi;
  return NO_VCPU;
}

/** Units in progress of parked jobs (blocked or ready): work that still needs a vCPU. */
export function parkedUnits(guestState: GuestState): number {
  let n = 0;
  for (const job of guestState.jobs) if (job.inUnit && (job.status === 'blocked' || job.status === 'ready')) n++;
  return n;
}

/**
 * Run the first ready job that can run on vCPU `vi` (ready jobs that cannot any more retire).
 * A job other than the vCPU's last one costs an address-space switch, queued as the vCPU's next
 * pending path so its events fall at their time, before the job's own steps.
 */
function switchToReadyJob(sim: Sim, vi: number): boolean {
  const v = sim.state.vcpus[vi]!;
  const guestState = sim.state.guests[v.guest]!;
  for (;;) {
    const job = guestState.readyJobs.shift();
    if (job === undefined) return false;
    const record = guestState.jobs[job]!;
    if (!record.inUnit && !startsUnits(sim, v.guest, job)) {
      record.status = 'retired';
      continue;
    }
    record.status = 'running';
    moveProgress(v, record);
    v.job = job;
    if (job !== v.lastJob) {
      const tables = sim.paths.jobSwitch[v.guest]!;
      const slot = tables[record.inUnit ? record.tableVersion : tables.length - 1] ?? NO_SLOT;
      if (slot !== NO_SLOT) v.pendingIrqs.push(slot, NO_VCPU);
    }
    v.lastJob = job;
    return true;
  }
}

/** Copy a unit's progress: onto a job when it is parked, back onto a vCPU when it resumes. */
function moveProgress(to: UnitProgress, from: UnitProgress): void {
  to.inUnit = from.inUnit;
  to.unitStartNs = from.unitStartNs;
  to.opIndex = from.opIndex;
  to.repsLeft = from.repsLeft;
  to.stepIndex = from.stepIndex;
  to.divisibleLeft = from.divisibleLeft;
  to.batchFlushDue = from.batchFlushDue;
  to.tableVersion = from.tableVersion;
  from.inUnit = false;
}

/** The guest stopped (crash, shutdown, pause): its threads start again, vCPU k with job k (lifecycle.ts accounts for parked units first). */
export function resetJobs(sim: Sim, g: number): void {
  const guestState = sim.state.guests[g]!;
  if (guestState.jobs.length === 0) return;
  const vcpus = sim.guestSetup(g).spec.vcpus;
  guestState.jobs = guestState.jobs.map((_, job) => newJob(job < vcpus ? 'running' : 'ready'));
  guestState.readyJobs = guestState.jobs.map((_, job) => job).filter((job) => job >= vcpus);
  for (const v of sim.vcpusOf(g)) {
    v.job = v.index;
    v.lastJob = v.index;
  }
}

/**
 * A load change: a closed demand with more threads than vCPUs gets jobs (vCPU k runs on as job
 * k; new threads, and ended ones below the new concurrency, are ready); jobs beyond a lower
 * concurrency end with their unit. A guest that ran jobs keeps them, so parked units complete.
 */
export function resizeJobs(sim: Sim, g: number, demand: Demand): void {
  const guestState = sim.state.guests[g]!;
  if (demand.kind !== 'closed') return;
  if (guestState.jobs.length === 0) {
    if (demand.concurrency <= sim.guestSetup(g).spec.vcpus || idleLoop(sim.guestSetup(g).ops)) return;
    for (const v of sim.vcpusOf(g)) {
      guestState.jobs.push(newJob('running'));
      v.job = v.index;
      v.lastJob = v.index;
    }
  }
  for (let job = 0; job < demand.concurrency; job++) {
    if (job === guestState.jobs.length) guestState.jobs.push(newJob('retired'));
    const record = guestState.jobs[job]!;
    if (record.status !== 'retired') continue;
    record.status = 'ready';
    guestState.readyJobs.push(job);
  }
}
