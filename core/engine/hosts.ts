/**
 * Hosts: failure (its guests go down at once; with HA they restart elsewhere after the detection
 * delay), repair, and maintenance (its guests are migrated away one after another to the least
 * loaded host that can take them, or shut down until it is back). Also where a guest can go.
 */
import type { EventTable } from './dispatch.ts';
import { EventKindId, NO_GUEST, NO_PATH, type Reason, ReasonId } from './events.ts';
import { bootGuest, scheduleBoot, takeGuestDown } from './lifecycle.ts';
import { startMigration } from './live-migration.ts';
import { migrationProblems } from './migration.ts';
import { effectiveScenario, newVersion } from './path-tables.ts';
import type { Sim } from './sim.ts';
import { currentVersion } from './state.ts';
import { EV_ACTION, EV_END, PHASE_APPLIED, PHASE_BEGIN } from './timeline.ts';

/** Kernel event: HA restarts guest `a`, whose host failed, on another host. */
export const EV_HA = 9;

export function registerHostEvents(table: EventTable): void {
  table.register(EV_HA, 'ha-restart', (sim, g) => haRestart(sim, g));
}

export function hostIndex(sim: Sim, id: string): number {
  return sim.setup.hosts.findIndex((x) => x.id === id);
}

/** Neither failed nor in maintenance. */
export function hostUsable(sim: Sim, h: number): boolean {
  const hs = sim.state.hosts[h]!;
  return !hs.failed && !hs.inMaintenance;
}

function hostEvent(sim: Sim, h: number, r: Reason): void {
  sim.emitRaw(h, NO_GUEST, 0, EventKindId.guest, ReasonId[r], 0, NO_PATH);
}

/** Why guest `g` cannot go to host `h` now (empty when it can). */
export function targetProblems(sim: Sim, g: number, h: number): string[] {
  const host = sim.setup.hosts[h]!;
  const hs = sim.state.hosts[h]!;
  if (hs.failed) return [`${host.id} has failed`];
  if (hs.inMaintenance) return [`${host.id} is in maintenance`];
  const room = memoryRoomMiB(sim, g, h);
  const need = sim.guestSetup(g).spec.memoryMiB;
  if (need > room) return [`${host.id} has ${Math.max(0, room)} MiB of memory free; ${sim.guestSetup(g).spec.id} needs ${need} MiB`];
  // the scenario as it stands: current hosts, devices and add-ons of every guest
  const state = sim.state;
  const now = effectiveScenario(sim, g, state.guests[g]!.versions.length - 1);
  return migrationProblems(now, sim.catalog, sim.guestSetup(g).spec.id, host.id, state.guests.map((x) => currentVersion(x).addons));
}

/**
 * Host `h`'s memory not held by the guests that run there or are migrating there (guest `g`
 * aside). Guests hold their whole memory: the lab models neither host swapping nor
 * overcommit, as Xen and HA admission control do not.
 */
function memoryRoomMiB(sim: Sim, g: number, h: number): number {
  const state = sim.state;
  const hostId = sim.setup.hosts[h]!.id;
  let used = 0;
  sim.setup.guests.forEach((x, gi) => {
    const s = state.guests[gi]!;
    if (gi === g || s.status === 'crashed' || s.status === 'done') return;
    if (x.host === h || s.activeMigration?.to === hostId) used += x.spec.memoryMiB;
  });
  return sim.setup.hosts[h]!.profile.memory.sizeGiB * 1024 - used;
}

/** The least loaded host that can take guest `g`, or -1 with the reasons each host gave. */
function pickTarget(sim: Sim, g: number): { host: number; reasons: string[] } {
  const state = sim.state;
  const from = sim.guestSetup(g).host;
  const load = (h: number) =>
    sim.setup.guests.reduce((a, x, gi) => a + (x.host === h && gi !== g && state.guests[gi]!.status !== 'crashed' && state.guests[gi]!.status !== 'done' ? x.spec.vcpus : 0), 0) / sim.setup.hosts[h]!.pcpus;
  let best = -1;
  const reasons: string[] = [];
  sim.setup.hosts.forEach((_host, h) => {
    if (h === from) return;
    const p = targetProblems(sim, g, h);
    if (p.length) reasons.push(...p);
    else if (best < 0 || load(h) < load(best)) best = h;
  });
  return { host: best, reasons };
}

/** Put guest `g` (stopped) on host `h`: its paths are rebuilt for that host. */
export function moveGuest(sim: Sim, g: number, h: number): void {
  newVersion(sim, g, { host: sim.setup.hosts[h]!.id });
  for (const v of sim.state.vcpus) if (v.guest === g) v.host = h;
}

/** A timeline `host-failure`: the host's guests go down and lose their work in flight. */
export function hostFailure(sim: Sim, hostId: string): void {
  const state = sim.state;
  const h = hostIndex(sim, hostId);
  state.hosts[h]!.failed = true;
  const ha = sim.scenario.ha;
  sim.setup.guests.forEach((g, gi) => {
    const guestState = state.guests[gi]!;
    // a migration to or from the failed host is abandoned; the guest stays where it was
    if (guestState.activeMigration && (g.host === h || hostIndex(sim, guestState.activeMigration.to) === h)) {
      sim.emitRaw(g.host, gi, 0, EventKindId.guest, ReasonId.migrate_refused, 0, NO_PATH);
      sim.note(`${g.spec.id}: migration to ${guestState.activeMigration.to} abandoned: ${hostId} failed`);
      const wasPaused = guestState.status === 'paused';
      guestState.activeMigration = null;
      if (wasPaused && g.host !== h) bootGuest(sim, gi, 'migrate_refused');
    }
    if (g.host !== h || guestState.status === 'crashed' || guestState.status === 'done') return;
    sim.emitRaw(h, gi, 0, EventKindId.guest, ReasonId.host_failure, 0, NO_PATH);
    takeGuestDown(sim, gi, 'down');
    if (ha?.enabled) sim.kernel.after(Math.round(ha.detectionMs * 1e6), EV_HA, gi, 0);
  });
  endIfNothingCanRun(sim);
}

/** The run ends early when no guest runs and none can come back. */
function endIfNothingCanRun(sim: Sim): void {
  if (sim.scenario.ha?.enabled) return;
  const state = sim.state;
  const over = state.guests.every((x, gi) => x.status === 'crashed' || x.status === 'done' || state.hosts[sim.guestSetup(gi).host]!.failed);
  if (over && !sim.scenario.timeline.some((a) => a.action === 'host-repair' && Math.round(a.atMs * 1e6) > sim.kernel.now)) sim.kernel.at(sim.kernel.now, EV_END, 0, 0);
}

/** HA: restart a guest of a failed host on another host (it reboots; work in flight was lost). */
function haRestart(sim: Sim, g: number): void {
  const guestState = sim.state.guests[g]!;
  if (guestState.status !== 'down' || !sim.state.hosts[sim.guestSetup(g).host]!.failed) return;
  const { host, reasons } = pickTarget(sim, g);
  const id = sim.guestSetup(g).spec.id;
  if (host < 0) {
    sim.emitRaw(sim.guestSetup(g).host, g, 0, EventKindId.guest, ReasonId.no_target, 0, NO_PATH);
    sim.note(`${id}: no host can take it after the failure${reasons.length ? ` (${[...new Set(reasons)].join('; ')})` : ''}; it stays down`);
    return;
  }
  moveGuest(sim, g, host);
  sim.emitRaw(host, g, 0, EventKindId.guest, ReasonId.ha_restart, 0, NO_PATH);
  scheduleBoot(sim, g);
}

/** A timeline `host-repair`: the host is back and boots the guests that stayed down on it. */
export function hostRepair(sim: Sim, hostId: string): void {
  const h = hostIndex(sim, hostId);
  const hs = sim.state.hosts[h]!;
  if (!hs.failed) return;
  hs.failed = false;
  hostEvent(sim, h, 'host_repaired');
  sim.setup.guests.forEach((g, gi) => {
    if (g.host === h && sim.state.guests[gi]!.status === 'down') scheduleBoot(sim, gi);
  });
}

/** Maintenance: migrate the host's guests away one by one, then take it offline. */
export function evacuate(sim: Sim, h: number): void {
  const state = sim.state;
  const hs = state.hosts[h]!;
  const queue = hs.evacuationQueue;
  while (queue.length > 0) {
    const g = queue.shift()!;
    const guestState = state.guests[g]!;
    if (guestState.status === 'crashed' || guestState.status === 'done' || sim.guestSetup(g).host !== h) continue;
    const { host, reasons } = guestState.status === 'running' ? pickTarget(sim, g) : { host: -1, reasons: [`${sim.guestSetup(g).spec.id} is not running`] };
    if (host >= 0 && startMigration(sim, g, host, h)) return;
    // nowhere to go: shut it down for the maintenance; it boots here when the host is back
    sim.emitRaw(h, g, 0, EventKindId.guest, ReasonId.no_target, 0, NO_PATH);
    sim.note(`${sim.guestSetup(g).spec.id} has nowhere to go during ${sim.setup.hosts[h]!.id}'s maintenance${reasons.length ? ` (${[...new Set(reasons)].join('; ')})` : ''}; shut down until the host is back`);
    if (guestState.status !== 'down') takeGuestDown(sim, g, 'down');
    hs.parkedGuests.push(g);
  }
  hostEvent(sim, h, 'host_offline');
  const a = hs.maintenanceAction;
  const action = sim.scenario.timeline[a];
  if (action?.action === 'host-maintenance') sim.kernel.after(Math.round(action.durationMs * 1e6), EV_ACTION, a, PHASE_APPLIED);
}

/** A timeline `host-maintenance`: evacuate at PHASE_BEGIN; back online at PHASE_APPLIED (the duration after the last guest left). */
export function maintenance(sim: Sim, i: number, phase: number): void {
  const a = sim.scenario.timeline[i]!;
  if (a.action !== 'host-maintenance') return;
  const h = hostIndex(sim, a.host);
  const hs = sim.state.hosts[h]!;
  if (phase === PHASE_BEGIN) {
    if (hs.failed || hs.inMaintenance) return sim.note(`${a.host}'s maintenance skipped: the host is ${hs.failed ? 'failed' : 'already in maintenance'}`);
    hs.inMaintenance = true;
    hs.maintenanceAction = i;
    hs.evacuationQueue = sim.setup.guests.flatMap((g, gi) => (g.host === h ? [gi] : []));
    return evacuate(sim, h);
  }
  hs.inMaintenance = false;
  hostEvent(sim, h, 'host_online');
  for (const g of hs.parkedGuests) scheduleBoot(sim, g);
  hs.parkedGuests = [];
}
