/**
 * I/O requests: a vCPU hands a request to its device's backend (if it has a software one) and
 * then to the physical NIC or disk; each stage queues at its resource. A synchronous request
 * (disk, receive) blocks the vCPU until its completion interrupt; an asynchronous one (transmit)
 * lets it go on until the ring is full. Completions are coalesced per `requestsPerInterrupt`.
 */
import type { EventTable } from './dispatch.ts';
import { EventKindId, ReasonId } from './events.ts';
import { record } from './histogram.ts';
import { irqSlot } from './path-tables.ts';
import type { IoSpec } from './steps.ts';
import { resourceCount } from './resources.ts';
import { makeReady, release } from './scheduler.ts';
import type { Sim } from './sim.ts';
import { type IoRequest, S_BLOCKED, S_HALTED } from './state.ts';

/** Kernel event: request slot `a` finishes its current stage. */
export const EV_IO = 3;

export function registerIoEvents(table: EventTable): void {
  table.register(EV_IO, 'io-stage', (sim, slot) => ioStage(sim, slot));
}

/** Submit I/O request `io` from vCPU `vi`. */
export function submitIo(sim: Sim, vi: number, io: IoSpec): void {
  const st = sim.state;
  const v = st.vcpus[vi]!;
  const ghz = sim.ghz(vi);
  const req: IoRequest = {
    v: vi,
    epoch: st.guests[v.g]!.epoch,
    stage: io.backend >= 0 ? 0 : 1,
    arrive: sim.kernel.now,
    path: irqSlot(sim, io.irqPath),
    sync: io.sync,
    backend: io.backend,
    device: io.device,
    backendNs: Math.max(1, Math.round(io.backendCycles / ghz)),
    deviceNs: io.deviceNs,
    reason: ReasonId[io.kind === 'net-tx' ? 'net_tx' : io.kind === 'net-rx' ? 'net_rx' : io.kind === 'disk-read' ? 'disk_read' : 'disk_write'],
    rpi: io.sync ? 1 : io.requestsPerInterrupt,
  };
  const slot = st.freeRequests.pop() ?? st.requests.length;
  st.requests[slot] = req;
  enterResource(sim, slot, req);
  if (io.sync) {
    release(sim, vi, S_BLOCKED, 'block');
  } else {
    v.outstanding++;
    if (v.outstanding >= io.ringSize) {
      v.ringWait = true;
      release(sim, vi, S_BLOCKED, 'block');
    }
  }
}

/** Queue the request at its current stage's resource; schedule the stage's completion. */
function enterResource(sim: Sim, slot: number, req: IoRequest): void {
  const rid = req.stage === 0 ? req.backend : req.device;
  const r = sim.state.resources[rid]!;
  const now = sim.kernel.now;
  let best = 0;
  for (let i = 1; i < r.freeAt.length; i++) if (r.freeAt[i]! < r.freeAt[best]!) best = i;
  const start = Math.max(now, r.freeAt[best]!);
  const service = req.stage === 0 ? req.backendNs : req.deviceNs;
  r.freeAt[best] = start + service;
  r.busyNs += service;
  record(r.waits, start - now);
  resourceCount(sim, r, +1);
  sim.kernel.at(start + service, EV_IO, slot, 0);
}

function ioStage(sim: Sim, slot: number): void {
  const st = sim.state;
  const req = st.requests[slot]!;
  const r = st.resources[req.stage === 0 ? req.backend : req.device]!;
  resourceCount(sim, r, -1);
  r.served++;
  if (req.stage === 0) {
    req.stage = 1;
    enterResource(sim, slot, req);
    return;
  }
  st.requests[slot] = null;
  st.freeRequests.push(slot);
  const v = st.vcpus[req.v]!;
  const gs = st.guests[v.g]!;
  if (req.epoch !== gs.epoch || gs.status !== 'running') return;
  sim.emitRaw(v.h, v.g, v.i, EventKindId.io, req.reason, 0, -1);
  if (req.sync) {
    v.irq.push(req.path, -1);
    if (v.status === S_BLOCKED) makeReady(sim, req.v);
    return;
  }
  v.outstanding--;
  gs.irqCoalesce++;
  const wake = v.ringWait;
  if (gs.irqCoalesce >= req.rpi || wake) {
    gs.irqCoalesce = 0;
    v.irq.push(req.path, -1);
  }
  if (wake) {
    v.ringWait = false;
    if (v.status === S_BLOCKED) makeReady(sim, req.v);
  } else if (v.status === S_HALTED && v.irq.length > 0) makeReady(sim, req.v);
}
