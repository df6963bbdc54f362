/**
 * pCPU scheduling and steal time: a fair-share scheduler per host. A runnable vCPU takes a free
 * pCPU or waits in the host's FIFO; the time it waits is its steal. Each run on a pCPU lasts at
 * most the hypervisor's time slice; switching vCPUs costs the hypervisor's `vcpuSwitch`.
 */
import { EventKindId, type Reason, ReasonId } from './events.ts';
import { CAT_HYP } from './steps.ts';
import type { Sim } from './sim.ts';
import { startSpin } from './spin.ts';
import { S_READY, S_RUN, S_SPIN } from './state.ts';
import { resumeAfter } from './vcpu.ts';

/** vCPU `vi` becomes runnable: onto a free pCPU of its host, or into the host's ready queue. */
export function makeReady(sim: Sim, vi: number): void {
  const v = sim.state.vcpus[vi]!;
  const host = sim.state.hosts[v.h]!;
  const free = host.running.indexOf(-1);
  v.gen++;
  if (free >= 0) {
    switchIn(sim, vi, free);
  } else {
    v.status = S_READY;
    v.readySince = sim.kernel.now;
    host.ready.push(vi);
  }
}

/** Put vCPU `vi` on `pcpu`: a new time slice, the switch cost where vCPUs compete, and on it goes. */
export function switchIn(sim: Sim, vi: number, pcpu: number): void {
  const v = sim.state.vcpus[vi]!;
  const host = sim.state.hosts[v.h]!;
  const now = sim.kernel.now;
  host.running[pcpu] = vi;
  v.pcpu = pcpu;
  if (v.status === S_READY) v.stealNs += now - v.readySince;
  const hs = sim.hostSetup(v.h);
  v.sliceEnd = now + (hs.hypervisor ? hs.hypervisor.scheduler.timesliceUs * 1000 : Infinity);
  v.gen++;
  v.status = v.spinning ? S_SPIN : S_RUN;
  if (v.spinning) v.spinStart = now;
  let cost = 0;
  const g = sim.guestSetup(v.g);
  if (hs.hypervisor && g.spec.mode !== 'native' && contended(sim, v.h)) {
    cost = hs.hypervisor.costs.vcpuSwitch;
    sim.emit(vi, EventKindId.schedule, ReasonId.switch_in, cost, -1);
    sim.charge(vi, cost, CAT_HYP);
  }
  if (v.status === S_SPIN) startSpin(sim, vi);
  else resumeAfter(sim, vi, cost);
}

/** Scheduling decisions are worth an event only where vCPUs compete for pCPUs. */
function contended(sim: Sim, h: number): boolean {
  return sim.state.hosts[h]!.ready.length > 0 || hostVcpus(sim, h) > sim.hostSetup(h).pcpus;
}

function hostVcpus(sim: Sim, h: number): number {
  if (sim.hostVcpuCount.length === 0) {
    sim.hostVcpuCount = sim.setup.hosts.map(() => 0);
    for (const v of sim.state.vcpus) sim.hostVcpuCount[v.h]!++;
  }
  return sim.hostVcpuCount[h]!;
}

/**
 * Give up the pCPU (block, halt, finish or yield) and run the next ready vCPU there — or, for a
 * directed yield, `to`, with the yielder first in line for the next free pCPU.
 */
export function release(sim: Sim, vi: number, status: number, reason: Reason | null, to = -1): void {
  const v = sim.state.vcpus[vi]!;
  const host = sim.state.hosts[v.h]!;
  const pcpu = v.pcpu;
  if (reason && sim.guestSetup(v.g).spec.mode !== 'native' && contended(sim, v.h)) sim.emit(vi, EventKindId.schedule, ReasonId[reason], 0, -1);
  v.status = status;
  v.pcpu = -1;
  v.gen++;
  if (status === S_READY) {
    v.readySince = sim.kernel.now;
    if (to >= 0) host.ready.unshift(vi);
    else host.ready.push(vi);
  }
  if (pcpu >= 0) {
    host.running[pcpu] = -1;
    const next = to >= 0 ? to : host.ready.shift();
    if (next !== undefined) switchIn(sim, next, pcpu);
  }
}

/** A preempted vCPU of the same guest to yield to, round-robin from the last one boosted; -1 when none. */
export function yieldTarget(sim: Sim, vi: number): number {
  const st = sim.state;
  const v = st.vcpus[vi]!;
  const host = st.hosts[v.h]!;
  const n = sim.guestSetup(v.g).spec.vcpus;
  const base = vi - v.i;
  const from = st.yieldFrom[v.g]!;
  for (let k = 1; k <= n; k++) {
    const i = (from + k) % n;
    const cand = base + i;
    if (cand !== vi && st.vcpus[cand]!.status === S_READY && host.ready.includes(cand)) {
      st.yieldFrom[v.g] = i;
      return cand;
    }
  }
  return -1;
}

/** At the end of its time slice a vCPU is preempted if another one is waiting (true), else it gets a new slice. */
export function sliceExpired(sim: Sim, vi: number, now: number): boolean {
  const v = sim.state.vcpus[vi]!;
  if (now < v.sliceEnd) return false;
  if (sim.state.hosts[v.h]!.ready.length > 0) {
    release(sim, vi, S_READY, 'preempt');
    return true;
  }
  const hv = sim.hostSetup(v.h).hypervisor;
  v.sliceEnd = now + (hv ? hv.scheduler.timesliceUs * 1000 : Infinity);
  return false;
}
