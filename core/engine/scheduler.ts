/**
 * pCPU scheduling and steal time: a fair-share scheduler per host. A runnable vCPU takes a free
 * pCPU or waits in the host's FIFO; the time it waits is its steal. Each run on a pCPU lasts at
 * most a time slice (the scenario's for the host, else the hypervisor's); switching to another
 * vCPU costs the hypervisor's `vcpuSwitch` and the refill of the core's private cache.
 */
import { EventKindId, NO_PATH, ReasonId } from './events.ts';
import { CAT_HYP, CAT_USER } from './steps.ts';
import type { HostSetup } from './setup.ts';
import type { Sim } from './sim.ts';
import { BACKEND_ON_PCPU, NO_PCPU, NO_VCPU, type VcpuStatus } from './state.ts';
import { currentStep, startSpin } from './spin.ts';
import { resumeAfter } from './vcpu.ts';

/** vCPU `vi` becomes runnable: onto a free pCPU of its host, or into the host's ready queue. */
export function makeReady(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const host = sim.state.hosts[v.host]!;
  const free = host.vcpuOnPcpu.indexOf(NO_VCPU);
  v.generation++;
  if (free >= 0) {
    switchIn(sim, vi, free);
  } else {
    v.status = 'ready';
    v.readySinceNs = sim.kernel.now;
    host.readyQueue.push(vi);
  }
}

/**
 * Put vCPU `vi` on `pcpu`: a new time slice (or, for the target of a directed yield, what was
 * left of the yielder's: `sliceEndNs`), the switch cost where vCPUs compete, and on it goes.
 */
export function switchIn(sim: Sim, vi: number, pcpu: number, sliceEndNs?: number): void {
  const v = sim.state.vcpus[vi]!;
  const host = sim.state.hosts[v.host]!;
  const now = sim.kernel.now;
  host.vcpuOnPcpu[pcpu] = vi;
  v.pcpu = pcpu;
  if (v.status === 'ready') v.stealNs += now - v.readySinceNs;
  const hs = sim.hostSetup(v.host);
  v.sliceEndNs = sliceEndNs ?? sliceEnd(sim, v.host, pcpu, now);
  v.generation++;
  const spinning = v.spinningOn !== 'nothing';
  v.status = spinning ? 'spinning' : 'running';
  if (spinning) v.spinChargedToNs = now;
  let cost = 0;
  // a vCPU a backend thread displaced comes back to a pCPU another thread ran on
  const displaced = v.preemptedLeftNs > 0;
  if (hs.hypervisor && !sim.guestNative[v.guest] && (displaced || contended(sim, v.host))) {
    // the refill is at most what the vCPU before had time to evict and what this one touched in
    // its last run: lines come no faster than the refill brings them back
    const refillNs = Math.min(host.lastRunNs[pcpu]!, v.lastRunNs);
    const refill = host.lastOnPcpu[pcpu] === vi ? 0 : Math.min(refillCycles(hs), Math.round(refillNs * sim.ghz(vi)));
    cost = hs.hypervisor.costs.vcpuSwitch + refill;
    sim.emit(vi, EventKindId.schedule, ReasonId.switch_in, cost, NO_PATH);
    sim.charge(vi, cost, CAT_HYP);
  }
  host.lastOnPcpu[pcpu] = vi;
  host.onPcpuSinceNs[pcpu] = now;
  const leftNs = v.preemptedLeftNs;
  v.preemptedLeftNs = 0;
  if (v.status === 'spinning') startSpin(sim, vi);
  else resumeAfter(sim, vi, cost, leftNs);
}

/**
 * Intel's optimization manual gives Sandy Bridge 10 L1D fill buffers (line misses in flight per
 * core; Skylake 12): the most a refill overlaps.
 */
const MISSES_IN_FLIGHT = 10;

/**
 * The indirect cost of a switch to another vCPU: the caches private to the core are refilled from
 * memory, its lines ten at a time, for a vCPU that was preempted (one that blocked or halted
 * had no warm cache to lose): no more than the vCPU before it had time to evict and than it
 * touched in its own last run. Li, Ding & Shen ("Quantifying the cost of context switch",
 * ExpCS 2007) measured this indirect cost, cache refill, from a few µs to over 1 ms as the
 * working set grows to and past the cache; a whole private cache is taken, as a guest's working
 * set is at least that. The TLB's refill walks hit the refilled caches and are left inside it.
 */
function refillCycles(hs: HostSetup): number {
  const lines = (hs.profile.memory.privateCacheKiB * 1024) / 64;
  return Math.round((lines * hs.profile.memory.latencyNs * hs.profile.cpu.clockGhz) / MISSES_IN_FLIGHT);
}

/** Scheduling decisions are worth an event only where vCPUs compete for pCPUs. */
function contended(sim: Sim, h: number): boolean {
  return sim.state.hosts[h]!.readyQueue.length > 0 || hostVcpus(sim, h) > sim.hostSetup(h).pcpus;
}

function hostVcpus(sim: Sim, h: number): number {
  if (sim.hostVcpuCount.length === 0) {
    sim.hostVcpuCount = sim.setup.hosts.map(() => 0);
    for (const v of sim.state.vcpus) sim.hostVcpuCount[v.host]!++;
  }
  return sim.hostVcpuCount[h]!;
}

/**
 * Give up the pCPU (block, halt, finish or yield) and run the next ready vCPU there — or, for a
 * directed yield, `to` (a ready vCPU of the same host), which runs out the yielder's slice while
 * the yielder takes the target's place in the queue: the two swap turns, and the guest neither
 * gains nor loses one. (A yielder put first in line, with a fresh slice for each target, let a
 * guest's vCPUs keep a pCPU among themselves and starve the guests queued behind them.)
 */
export function release(sim: Sim, vi: number, status: VcpuStatus, reason: number | null, to = NO_VCPU): void {
  const v = sim.state.vcpus[vi]!;
  const host = sim.state.hosts[v.host]!;
  const pcpu = v.pcpu;
  const sliceEndNs = v.sliceEndNs;
  if (reason !== null && !sim.guestNative[v.guest] && contended(sim, v.host)) sim.emit(vi, EventKindId.schedule, reason, 0, NO_PATH);
  v.status = status;
  v.pcpu = NO_PCPU;
  v.generation++;
  if (status === 'ready') {
    v.readySinceNs = sim.kernel.now;
    // a yielder takes its target's place in line (the two swap turns); anyone else goes last
    const at = to >= 0 ? host.readyQueue.indexOf(to) : -1;
    if (at >= 0) host.readyQueue[at] = vi;
    else host.readyQueue.push(vi);
  }
  if (pcpu >= 0) {
    host.vcpuOnPcpu[pcpu] = NO_VCPU;
    host.lastRunNs[pcpu] = sim.kernel.now - host.onPcpuSinceNs[pcpu]!;
    // a preempted vCPU leaves a warm cache behind; one that blocks or halts leaves none to lose
    v.lastRunNs = status === 'ready' ? host.lastRunNs[pcpu]! : 0;
    // a yield target runs out the yielder's slice: handing the pCPU round a guest's own vCPUs
    // with a fresh slice each time would keep it from the queue for good
    // a failed host runs nothing: its guests are being taken down, none is switched in
    if (host.failed) return;
    if (to >= 0) switchIn(sim, to, pcpu, sliceEndNs);
    else if (backendThreadsWaiting(sim, v.host) > 0) takeForBackend(sim, v.host, pcpu);
    else {
      const next = host.readyQueue.shift();
      if (next !== undefined) switchIn(sim, next, pcpu);
    }
  }
}

/**
 * A preempted vCPU of the same guest to yield to, round-robin from the last one boosted; -1 when
 * none. The spinner waits in the guest kernel (for a lock or for TLB-flush acks), so only a vCPU
 * preempted in the guest kernel is a candidate, as in KVM's kvm_vcpu_on_spin(me,
 * yield_to_kernel_mode) since Linux 4.15 (commit 199b5763d329, "KVM: add spinlock optimization
 * framework": a kernel-mode spinner's lock holder was preempted in kernel mode): a shootdown
 * target preempted in user mode is no candidate, and the sender spins on.
 */
export function yieldTarget(sim: Sim, vi: number): number {
  const state = sim.state;
  const v = state.vcpus[vi]!;
  const host = state.hosts[v.host]!;
  const n = sim.guestVcpuCount[v.guest]!;
  const base = vi - v.index;
  const from = state.lastBoosted[v.guest]!;
  for (let k = 1; k <= n; k++) {
    const i = (from + k) % n;
    const cand = base + i;
    if (cand !== vi && state.vcpus[cand]!.status === 'ready' && host.readyQueue.includes(cand) && inGuestKernel(sim, cand)) {
      state.lastBoosted[v.guest] = i;
      return cand;
    }
  }
  return -1;
}

/** Whether vCPU `vi` stopped in its guest kernel: spinning, in an interrupt handler, or at a kernel step. */
function inGuestKernel(sim: Sim, vi: number): boolean {
  const v = sim.state.vcpus[vi]!;
  if (v.spinningOn !== 'nothing' || v.irqStepIndex > 0) return true;
  const step = currentStep(sim, vi);
  return step !== undefined && step.category !== CAT_USER;
}

/** At the end of its time slice a vCPU is preempted if another one is waiting (true), else it gets a new slice. */
export function sliceExpired(sim: Sim, vi: number, now: number): boolean {
  const v = sim.state.vcpus[vi]!;
  if (now < v.sliceEndNs) return false;
  if (sim.state.hosts[v.host]!.readyQueue.length > 0) {
    release(sim, vi, 'ready', ReasonId.preempt);
    return true;
  }
  v.sliceEndNs = sliceEnd(sim, v.host, v.pcpu, now);
  return false;
}

/**
 * When a slice that starts `now` on `pcpu` ends. The pCPUs of a host are scheduled independently
 * (KVM's vCPU threads sit on per-CPU CFS run queues, Xen credit runs a scheduler per pCPU; neither
 * gang-schedules a guest's vCPUs), so each pCPU's slices end on its own phase of the slice grid:
 * a slice lasts between half and one and a half slices, a slice on average, and a guest's vCPUs
 * are not switched out together.
 */
function sliceEnd(sim: Sim, h: number, pcpu: number, now: number): number {
  const hs = sim.hostSetup(h);
  const slice = hs.timesliceNs;
  if (!Number.isFinite(slice)) return Infinity;
  const phase = Math.floor((slice * pcpu) / hs.pcpus);
  return Math.ceil((now + slice / 2 - phase) / slice) * slice + phase;
}

/**
 * Backends on the host's pCPUs. A backend thread serving a request (dom0's netback/blkback, a
 * vhost worker, a QEMU I/O thread, a hosted hypervisor's host process) is a host thread that
 * needs a pCPU for as long as it serves: it takes a free pCPU, else it preempts a running vCPU,
 * which waits in the ready queue (steal to its guest) and later finishes the stretch of work it
 * was in. A waking backend runs first because both hypervisors' schedulers put it first: Xen's
 * credit scheduler BOOSTs a vCPU that wakes on an event (dom0's, woken by the guest's event
 * channel; Cherkasova & Gardner, USENIX ATC 2005, measured dom0 at up to ~half of the I/O guest's
 * own CPU for network I/O), and Linux CFS preempts for a woken thread that slept (vhost's worker,
 * one kernel thread per device, drivers/vhost/vhost.c vhost_worker; QEMU's I/O thread, a user
 * thread, docs/devel/multiple-iothreads.rst). The backend's service time itself stays what its
 * path says: it is not slowed by the vCPUs it displaces. Busy threads are the resource's
 * requests in service, min(in system, threads), as its FIFO servers take them (resources.ts).
 */
function backendCounts(sim: Sim): { threadsBusy: number[]; onPcpus: number[] } {
  let counts = sim.backendCounts;
  if (!counts) {
    const threadsBusy = sim.setup.hosts.map(() => 0);
    for (const r of sim.state.resources) if (r.kind === 'backend') threadsBusy[r.host]! += Math.min(r.inSystem, r.serverFreeAtNs.length);
    const onPcpus = sim.state.hosts.map((host) => host.vcpuOnPcpu.filter((p) => p === BACKEND_ON_PCPU).length);
    counts = sim.backendCounts = { threadsBusy, onPcpus };
  }
  return counts;
}

/** Backend threads with work that hold no pCPU yet (at most the host's pCPUs can be busy). */
function backendThreadsWaiting(sim: Sim, h: number): number {
  const counts = backendCounts(sim);
  return Math.min(counts.threadsBusy[h]!, sim.hostSetup(h).pcpus) - counts.onPcpus[h]!;
}

function takeForBackend(sim: Sim, h: number, pcpu: number): void {
  const host = sim.state.hosts[h]!;
  backendCounts(sim).onPcpus[h]!++;
  host.vcpuOnPcpu[pcpu] = BACKEND_ON_PCPU;
  host.lastOnPcpu[pcpu] = BACKEND_ON_PCPU;
  host.onPcpuSinceNs[pcpu] = sim.kernel.now;
}

/**
 * Kernel event: host `h`'s backends started or finished serving a request. Waiting backend
 * threads take free pCPUs, then the pCPUs of running vCPUs (the one on its pCPU longest first);
 * pCPUs no backend thread needs any more go to the ready queue.
 */
export function balanceBackends(sim: Sim, h: number): void {
  const host = sim.state.hosts[h]!;
  const now = sim.kernel.now;
  let waiting = backendThreadsWaiting(sim, h);
  for (let p = 0; p < host.vcpuOnPcpu.length && waiting > 0; p++) {
    if (host.vcpuOnPcpu[p] !== NO_VCPU) continue;
    takeForBackend(sim, h, p);
    waiting--;
  }
  while (waiting > 0) {
    let victim = NO_PCPU;
    for (let p = 0; p < host.vcpuOnPcpu.length; p++) {
      const vi = host.vcpuOnPcpu[p]!;
      if (vi < 0) continue;
      const v = sim.state.vcpus[vi]!;
      // only a vCPU between two points of its step loop can be put aside and resumed
      if (v.status !== 'running' || v.runAtNs < now) continue;
      if (victim === NO_PCPU || host.onPcpuSinceNs[p]! < host.onPcpuSinceNs[victim]!) victim = p;
    }
    if (victim === NO_PCPU) return; // the rest take pCPUs as vCPUs give them up (release)
    preemptForBackend(sim, host.vcpuOnPcpu[victim]!, victim);
    waiting--;
  }
  for (let p = 0; p < host.vcpuOnPcpu.length && waiting < 0; p++) {
    if (host.vcpuOnPcpu[p] !== BACKEND_ON_PCPU) continue;
    backendCounts(sim).onPcpus[h]!--;
    host.vcpuOnPcpu[p] = NO_VCPU;
    host.lastRunNs[p] = now - host.onPcpuSinceNs[p]!;
    waiting++;
    const next = host.readyQueue.shift();
    if (next !== undefined) switchIn(sim, next, p);
  }
}

/**
 * A backend thread takes vCPU `vi`'s pCPU: the vCPU keeps what is left of its stretch for when it
 * runs again and goes first in line, as CFS keeps a preempted task's place (its vruntime).
 */
function preemptForBackend(sim: Sim, vi: number, pcpu: number): void {
  const v = sim.state.vcpus[vi]!;
  const host = sim.state.hosts[v.host]!;
  const now = sim.kernel.now;
  if (!sim.guestNative[v.guest]) sim.emit(vi, EventKindId.schedule, ReasonId.preempt, 0, NO_PATH);
  v.preemptedLeftNs = Math.max(1, v.runAtNs - now);
  v.status = 'ready';
  v.readySinceNs = now;
  v.pcpu = NO_PCPU;
  v.generation++;
  host.readyQueue.unshift(vi);
  host.lastRunNs[pcpu] = now - host.onPcpuSinceNs[pcpu]!;
  v.lastRunNs = host.lastRunNs[pcpu]!;
  takeForBackend(sim, v.host, pcpu);
}
