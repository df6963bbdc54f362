/**
 * Live migration in the running engine: `planPrecopy` (migration.ts) computes the rounds; this
 * schedules them. While pre-copy runs the guest stays on the source and pays for dirty tracking
 * (see resumeAfter in vcpu.ts); at stop-and-copy it pauses, and after the downtime it resumes on
 * the target with paths rebuilt for that host.
 */
import { MigrationSettings } from '../model/index.ts';
import type { EventTable } from './dispatch.ts';
import { EventKindId, ReasonId } from './events.ts';
import { evacuate, hostIndex, moveGuest, targetProblems } from './hosts.ts';
import { bootGuest, takeGuestDown } from './lifecycle.ts';
import { planPrecopy } from './migration.ts';
import type { Sim } from './sim.ts';

/** Kernel event: migration of guest `a` reaches step `b`: 1..R the end of pre-copy round b, R + 1 the end of stop-and-copy. */
export const EV_MIGRATE = 8;

export function registerMigrationEvents(table: EventTable): void {
  table.register(EV_MIGRATE, 'migration-step', (sim, g, step) => migrationStep(sim, g, step));
}

/** Start a live migration of guest `g` to host `to`; false (with a refused event and a note) when it cannot go. */
export function startMigration(sim: Sim, g: number, to: number, evacuating: number): boolean {
  const guestState = sim.state.guests[g]!;
  const guestSetup = sim.guestSetup(g);
  const toId = sim.setup.hosts[to]!.id;
  const problems = guestState.status !== 'running' ? [`${guestSetup.spec.id} is not running`] : guestState.activeMigration ? [`${guestSetup.spec.id} is already migrating`] : targetProblems(sim, g, to);
  if (problems.length) {
    sim.emitRaw(guestSetup.host, g, 0, EventKindId.guest, ReasonId.migrate_refused, 0, -1);
    sim.note(`${guestSetup.spec.id} → ${toId} refused: ${problems.join('; ')}`);
    return false;
  }
  const src = sim.setup.hosts[guestSetup.host]!.profile;
  const dst = sim.setup.hosts[to]!.profile;
  const plan = planPrecopy({
    memoryMiB: guestSetup.spec.memoryMiB,
    memory: guestSetup.workload.memory,
    linkGbps: Math.min(src.nic.gbps, dst.nic.gbps),
    settings: MigrationSettings.parse(sim.scenario.migration ?? {}),
  });
  // each page the guest dirties in a round takes one write-protection fault: an exit, its
  // dispatch and one shadow/EPT entry update; spread over the guest's work in that round
  const hw = sim.setup.hosts[guestSetup.host]!;
  const faultCycles = hw.profile.virt.vmExitCycles + hw.profile.virt.vmEntryCycles + (hw.hypervisor ? hw.hypervisor.costs.exitDispatch + hw.hypervisor.costs.shadowSync : 0);
  const workCyclesPerSec = guestSetup.spec.vcpus * src.cpu.clockGhz * 1e9;
  guestState.activeMigration = {
    roundTax: plan.rounds.map((r) => (r.ms > 0 ? (r.dirtiedMiB * 256 * faultCycles) / ((r.ms / 1000) * workCyclesPerSec) : 0)),
    roundThrottle: plan.rounds.map((r) => r.throttlePercent / 100),
    round: 0,
    to: toId,
    startNs: sim.kernel.now,
    roundNs: plan.rounds.map((r) => Math.max(1, Math.round(r.ms * 1e6))),
    roundKiB: plan.rounds.map((r) => Math.round(r.sentMiB * 1024)),
    downtimeNs: Math.max(1, Math.round(plan.downtimeMs * 1e6)),
    sentMiB: plan.totalMiB,
    stopReason: plan.stopReason,
    evacuatingHost: evacuating,
  };
  sim.emitRaw(guestSetup.host, g, 0, EventKindId.guest, ReasonId.migrate_start, Math.round(guestSetup.spec.memoryMiB * 1024), -1);
  sim.kernel.after(guestState.activeMigration.roundNs[0]!, EV_MIGRATE, g, 1);
  return true;
}

function migrationStep(sim: Sim, g: number, step: number): void {
  const guestState = sim.state.guests[g]!;
  const m = guestState.activeMigration;
  if (!m) return;
  const guestSetup = sim.guestSetup(g);
  const rounds = m.roundNs.length;
  if (step <= rounds) {
    sim.emitRaw(guestSetup.host, g, 0, EventKindId.guest, ReasonId.migrate_round, m.roundKiB[step - 1]!, -1);
    if (step < rounds) {
      m.round = step;
      return sim.kernel.after(m.roundNs[step]!, EV_MIGRATE, g, step + 1);
    }
    // stop-and-copy: the guest pauses while the last dirty pages and device state cross
    m.round = rounds;
    if (guestState.status === 'running') takeGuestDown(sim, g, 'paused');
    sim.emitRaw(guestSetup.host, g, 0, EventKindId.guest, ReasonId.migrate_stop_copy, 0, -1);
    return sim.kernel.after(m.downtimeNs, EV_MIGRATE, g, rounds + 1);
  }
  const to = hostIndex(sim, m.to);
  guestState.migrations.push({ to: m.to, startNs: m.startNs, endNs: sim.kernel.now, rounds, sentMiB: m.sentMiB, downtimeNs: m.downtimeNs, stopReason: m.stopReason });
  guestState.activeMigration = null;
  if (guestState.status === 'paused') {
    moveGuest(sim, g, to);
    bootGuest(sim, g, 'migrate_done');
  }
  if (m.evacuatingHost >= 0) evacuate(sim, m.evacuatingHost);
}
