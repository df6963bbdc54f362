/**
 * Guest lifecycle: boot, finishing its work, crash, shutdown and pause; add-on install and
 * removal (a timed step, with a reboot where the real add-on needs one) and device changes (shut
 * down, swap, boot). Each change of add-ons or devices is a new path-table version.
 */
import type { TimelineAction } from '../model/index.ts';
import type { EventTable } from './dispatch.ts';
import { EventKindId, NO_PATH, type Reason, ReasonId } from './events.ts';
import { hasWork } from './demand.ts';
import { hostUsable } from './hosts.ts';
import { parkedUnits, resetJobs } from './jobs.ts';
import { newVersion } from './path-tables.ts';
import { makeReady, release } from './scheduler.ts';
import { setupScenario } from './setup.ts';
import type { Sim } from './sim.ts';
import { NO_VCPU, currentVersion } from './state.ts';
import { EV_ACTION, EV_END, PHASE_APPLIED, PHASE_BEGIN, PHASE_BOOTED } from './timeline.ts';

/** Kernel event: guest `a` finishes booting (after a host repair, a maintenance or an HA restart). */
export const EV_BOOT = 10;

export function registerLifecycleEvents(table: EventTable): void {
  table.register(EV_BOOT, 'boot', (sim, g) => {
    if (sim.state.guests[g]!.status === 'down' && hostUsable(sim, sim.guestSetup(g).host)) bootGuest(sim, g);
  });
}

/** Schedule guest `g`'s boot to complete after its OS's boot time. */
export function scheduleBoot(sim: Sim, g: number): void {
  sim.kernel.after(Math.round(sim.guestSetup(g).os.bootSeconds * 1e9), EV_BOOT, g, 0);
}

/** The guest runs again (boot done, or resumed after a migration): its vCPUs with work become runnable. */
export function bootGuest(sim: Sim, g: number, reason: Reason = 'boot'): void {
  const state = sim.state;
  const guestSetup = sim.guestSetup(g);
  state.guests[g]!.status = 'running';
  markUp(sim, g);
  sim.emitRaw(guestSetup.host, g, 0, EventKindId.guest, ReasonId[reason], 0, NO_PATH);
  const vcpu0 = sim.firstVcpu[g]!;
  for (let k = 0; k < guestSetup.spec.vcpus; k++) {
    const v = state.vcpus[vcpu0 + k]!;
    v.status = 'halted';
    if (hasWork(sim, v)) makeReady(sim, vcpu0 + k);
  }
}

/**
 * Stop guest `g`. A crash or a shutdown loses the work in flight (counted as requests lost); a
 * pause (stop-and-copy) keeps it: queued requests stay queued and units in progress start over.
 */
export function takeGuestDown(sim: Sim, g: number, status: 'down' | 'crashed' | 'paused'): void {
  const state = sim.state;
  const guestState = state.guests[g]!;
  const keep = status === 'paused';
  if (guestState.status === 'running') markDown(sim, g);
  guestState.status = status;
  guestState.epoch++;
  if (!keep) {
    guestState.requestsLost += guestState.queuedArrivals.length + sim.vcpusOf(g).filter((v) => v.inUnit).length + parkedUnits(guestState);
    guestState.queuedArrivals = [];
  } else {
    // a pause keeps the work: parked jobs' units start over, as the vCPUs' do
    guestState.unitsStarted -= parkedUnits(guestState);
  }
  resetJobs(sim, g);
  guestState.lockHolder = NO_VCPU;
  guestState.lockWaiters = [];
  for (let vi = 0; vi < state.vcpus.length; vi++) {
    const v = state.vcpus[vi]!;
    if (v.guest !== g) continue;
    const host = state.hosts[v.host]!;
    if (v.status === 'ready') host.readyQueue.splice(host.readyQueue.indexOf(vi), 1);
    if (v.pcpu >= 0) release(sim, vi, 'down', null);
    if (keep && v.inUnit) {
      guestState.unitsStarted--;
      if (guestState.demandKind === 'open') guestState.queuedArrivals.unshift(v.unitStartNs);
    }
    v.status = 'down';
    v.generation++;
    v.inUnit = false;
    v.pendingIrqs = [];
    v.irqStepIndex = 0;
    v.requestsInFlight = 0;
    v.waitingForRingSlot = false;
    v.preemptedLeftNs = 0;
    v.acksAwaited = 0;
    v.spinningOn = 'nothing';
  }
}

function markDown(sim: Sim, g: number): void {
  const guestState = sim.state.guests[g]!;
  if (guestState.downSinceNs < 0) guestState.downSinceNs = sim.kernel.now;
}

function markUp(sim: Sim, g: number): void {
  const guestState = sim.state.guests[g]!;
  if (guestState.downSinceNs < 0) return;
  const d = sim.kernel.now - guestState.downSinceNs;
  guestState.downNs += d;
  guestState.outagesNs.push(d);
  guestState.downSinceNs = -1;
}

/** A badly matched add-on broke the guest: it stays down; the run ends when nothing runs any more. */
export function crashGuest(sim: Sim, g: number): void {
  const state = sim.state;
  state.guests[g]!.failures++;
  takeGuestDown(sim, g, 'crashed');
  if (state.guests.every((x) => x.status !== 'running' && x.status !== 'down')) sim.kernel.at(sim.kernel.now, EV_END, 0, 0);
}

/** The guest's last unit has completed: it is done, and the run ends once every guest is. */
export function finishGuestIfDone(sim: Sim, g: number): void {
  const state = sim.state;
  const guestState = state.guests[g]!;
  if (guestState.status !== 'running') return;
  guestState.status = 'done';
  sim.emitRaw(sim.guestSetup(g).host, g, 0, EventKindId.guest, ReasonId.done, 0, NO_PATH);
  // the run ends when the last guest's last unit has completed (its work may still be in flight)
  if (state.guests.every((x) => x.status !== 'running' && x.status !== 'down')) {
    sim.kernel.at(Math.max(...state.guests.map((x) => x.lastUnitEndNs), sim.kernel.now), EV_END, 0, 0);
  }
}

/** A timeline `set-device`: shut down, swap the device, boot; the new device's paths apply from the boot on. */
export function setDevice(sim: Sim, i: number, a: Extract<TimelineAction, { action: 'set-device' }>, g: number, phase: number): void {
  const guestState = sim.state.guests[g]!;
  const guestSetup = sim.guestSetup(g);
  if (phase === PHASE_BEGIN) {
    const devices = { ...currentVersion(guestState).devices, [a.device]: a.model };
    sim.emitRaw(guestSetup.host, g, 0, EventKindId.guest, ReasonId.reboot, 0, NO_PATH);
    takeGuestDown(sim, g, 'down');
    newVersion(sim, g, { devices });
    sim.kernel.after(Math.round(guestSetup.os.bootSeconds * 1e9), EV_ACTION, i, PHASE_BOOTED);
    return;
  }
  bootGuest(sim, g);
}

/**
 * A timeline `install-addon` or `remove-addon`: the step takes its time (PHASE_BEGIN → APPLIED);
 * an install the compatibility rules refuse stops there; otherwise the new add-on set is a new
 * path-table version, active at once or after a reboot (APPLIED → BOOTED).
 */
export function changeAddon(sim: Sim, i: number, a: Extract<TimelineAction, { action: 'install-addon' | 'remove-addon' }>, g: number, phase: number): void {
  const state = sim.state;
  const guestState = state.guests[g]!;
  const guestSetup = sim.guestSetup(g);
  const addon = sim.catalog.addons.find((x) => x.id === a.addon)!;
  const host = guestSetup.host;
  const addonEvent = (r: Reason) => sim.emitRaw(host, g, 0, EventKindId.addon, ReasonId[r], 0, NO_PATH);
  if (phase === PHASE_BEGIN) {
    addonEvent(a.action === 'install-addon' ? 'installing' : 'removed');
    const seconds = a.action === 'install-addon' ? addon.install.seconds : 1;
    sim.kernel.after(Math.round(seconds * 1e9), EV_ACTION, i, PHASE_APPLIED);
    return;
  }
  if (phase === PHASE_APPLIED) {
    const current = currentVersion(guestState).addons;
    if (a.action === 'install-addon') {
      const res = guestSetup.addons.find((r) => r.addon === addon.id);
      const probe = setupScenario(sim.scenario, sim.catalog, state.guests.map((x, k) => (k === g ? [...current, addon.id] : currentVersion(x).addons)));
      const outcome = probe.guests[g]?.addons.find((r) => r.addon === addon.id)?.outcome ?? res?.outcome;
      if (outcome === 'install-refused') {
        addonEvent('install_refused');
        return;
      }
      addonEvent('installed');
      newVersion(sim, g, { addons: [...current.filter((x) => x !== addon.id), addon.id] });
    } else {
      newVersion(sim, g, { addons: current.filter((x) => x !== addon.id) });
    }
    const reboot = a.action === 'install-addon' ? addon.install.reboot : true;
    if (reboot) {
      sim.emitRaw(host, g, 0, EventKindId.guest, ReasonId.reboot, 0, NO_PATH);
      takeGuestDown(sim, g, 'down');
      sim.kernel.after(Math.round(guestSetup.os.bootSeconds * 1e9), EV_ACTION, i, PHASE_BOOTED);
    } else {
      announceAddon(sim, g, addon.id);
    }
    return;
  }
  // PHASE_BOOTED
  bootGuest(sim, g);
  announceAddon(sim, g, addon.id);
}

/** The add-on's state after the change: active, inactive, refused, or removed. */
function announceAddon(sim: Sim, g: number, addonId: string): void {
  const guestSetup = sim.setup.guests[g]!;
  const res = guestSetup.addons.find((r) => r.addon === addonId);
  const r: Reason = !res ? 'removed' : res.outcome === 'active' ? 'active' : res.outcome === 'install-refused' ? 'install_refused' : 'inactive';
  sim.emitRaw(guestSetup.host, g, 0, EventKindId.addon, ReasonId[r], 0, NO_PATH);
}
