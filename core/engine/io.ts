/**
 * I/O requests: a vCPU hands a request to its device's backend (if it has a software one) and
 * then to the physical NIC or disk; each stage queues at its resource. A synchronous request
 * (disk, receive) blocks the vCPU until its completion interrupt; an asynchronous one (transmit)
 * lets it go on until the ring is full. Completions are coalesced per `requestsPerInterrupt`.
 */
import type { EventTable } from './dispatch.ts';
import { EventKindId, NO_PATH, ReasonId } from './events.ts';
import { record } from './histogram.ts';
import { irqSlot } from './path-tables.ts';
import { CAT_BACKEND, type IoSpec, NO_RESOURCE } from './steps.ts';
import { resourceCount } from './resources.ts';
import { makeReady, release } from './scheduler.ts';
import type { Sim } from './sim.ts';
import { type IoRequest, NO_JOB, NO_VCPU } from './state.ts';
import { blockJob, jobIoDone } from './jobs.ts';

/** Kernel event: request slot `a` finishes its current stage. */
export const EV_IO = 3;

export function registerIoEvents(table: EventTable): void {
  table.register(EV_IO, 'io-stage', (sim, slot) => ioStage(sim, slot));
}

const NET_TX = ReasonId.net_tx;
const NET_RX = ReasonId.net_rx;
const DISK_READ = ReasonId.disk_read;
const DISK_WRITE = ReasonId.disk_write;

/** Submit I/O request `io` from vCPU `vi`. */
export function submitIo(sim: Sim, vi: number, io: IoSpec): void {
  const state = sim.state;
  const v = state.vcpus[vi]!;
  const ghz = sim.ghz(vi);
  const guestState = state.guests[v.guest]!;
  const req: IoRequest = {
    vcpu: vi,
    // with more threads than vCPUs the request blocks its job, not the vCPU (jobs.ts)
    job: io.sync && guestState.jobs.length > 0 ? v.job : NO_JOB,
    epoch: guestState.epoch,
    stage: io.backend !== NO_RESOURCE ? 'backend' : 'device',
    irqSlot: irqSlot(sim, io.irqPath),
    sync: io.sync,
    backend: io.backend,
    device: io.device,
    backendNs: Math.max(1, Math.round(io.backendCycles / ghz)),
    deviceNs: io.deviceNs,
    reason: io.kind === 'net-tx' ? NET_TX : io.kind === 'net-rx' ? NET_RX : io.kind === 'disk-read' ? DISK_READ : DISK_WRITE,
    // a ring smaller than the moderation batch interrupts when it is full
    completionsPerIrq: io.sync ? 1 : Math.min(io.requestsPerInterrupt, io.ringSize),
  };
  const slot = state.freeRequestSlots.pop() ?? state.requests.length;
  state.requests[slot] = req;
  enterResource(sim, slot, req);
  if (req.job !== NO_JOB) {
    blockJob(sim, vi, slot);
  } else if (io.sync) {
    release(sim, vi, 'blocked', ReasonId.block);
  } else {
    v.requestsInFlight++;
    if (v.requestsInFlight >= io.ringSize) {
      v.waitingForRingSlot = true;
      release(sim, vi, 'blocked', ReasonId.block);
    }
  }
}

/** Queue the request at its current stage's resource; schedule the stage's completion. */
function enterResource(sim: Sim, slot: number, req: IoRequest): void {
  const rid = req.stage === 'backend' ? req.backend : req.device;
  const r = sim.state.resources[rid]!;
  const now = sim.kernel.now;
  let best = 0;
  for (let i = 1; i < r.serverFreeAtNs.length; i++) if (r.serverFreeAtNs[i]! < r.serverFreeAtNs[best]!) best = i;
  const start = Math.max(now, r.serverFreeAtNs[best]!);
  const service = req.stage === 'backend' ? req.backendNs : req.deviceNs;
  r.serverFreeAtNs[best] = start + service;
  r.busyNs += service;
  record(r.waits, start - now);
  resourceCount(sim, r, +1);
  sim.kernel.at(start + service, EV_IO, slot, 0);
}

function ioStage(sim: Sim, slot: number): void {
  const state = sim.state;
  const req = state.requests[slot]!;
  const r = state.resources[req.stage === 'backend' ? req.backend : req.device]!;
  resourceCount(sim, r, -1);
  r.served++;
  if (req.stage === 'backend') {
    // the backend's work for the request is the guest's, done on a host CPU (not on its vCPU)
    sim.charge(req.vcpu, req.backendNs * sim.ghz(req.vcpu), CAT_BACKEND);
    req.stage = 'device';
    enterResource(sim, slot, req);
    return;
  }
  state.requests[slot] = null;
  state.freeRequestSlots.push(slot);
  const v = state.vcpus[req.vcpu]!;
  const guestState = state.guests[v.guest]!;
  if (req.epoch !== guestState.epoch || guestState.status !== 'running') return;
  sim.emitRaw(v.host, v.guest, v.index, EventKindId.io, req.reason, 0, NO_PATH);
  if (req.job !== NO_JOB) {
    jobIoDone(sim, v.guest, req.job, slot, req.irqSlot, req.vcpu);
    return;
  }
  if (req.sync) {
    v.pendingIrqs.push(req.irqSlot, NO_VCPU);
    if (v.status === 'blocked') makeReady(sim, req.vcpu);
    return;
  }
  v.requestsInFlight--;
  guestState.completionsSinceIrq++;
  // interrupt moderation holds also for a driver waiting on a full ring: it frees descriptors
  // when the moderated interrupt comes (ixgbe_clean_tx_irq wakes the queue), not per completion
  if (guestState.completionsSinceIrq >= req.completionsPerIrq) {
    guestState.completionsSinceIrq = 0;
    v.pendingIrqs.push(req.irqSlot, NO_VCPU);
    if (v.waitingForRingSlot) {
      v.waitingForRingSlot = false;
      if (v.status === 'blocked') makeReady(sim, req.vcpu);
      return;
    }
  }
  if (v.status === 'halted' && v.pendingIrqs.length > 0) makeReady(sim, req.vcpu);
}
