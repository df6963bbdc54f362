/**
 * Run metrics from the state: per guest (units, throughput, latency, CPU split, exits, paths,
 * service), per host and per shared resource. Read-only; the JSON shape is
 * docs/run-metrics.schema.json.
 */
import type { GuestMetrics, RunMetrics } from '../model/index.ts';
import { unitLimit } from './demand.ts';
import { EVENT_KINDS } from './events.ts';
import { summarize } from './histogram.ts';
import type { Sim } from './sim.ts';

export function runMetrics(sim: Sim, engineVersion: string): RunMetrics {
  const st = sim.state;
  const simNs = sim.kernel.now;
  const guests: GuestMetrics[] = sim.setup.guests.map((g, gi) => {
    const gs = st.guests[gi]!;
    const ghz = sim.hostSetup(g.host).profile.cpu.clockGhz;
    const vcpus = st.vcpus.filter((v) => v.guest === gi);
    const steal = vcpus.reduce((a, v) => a + v.stealNs, 0);
    const busyCycles = gs.cyclesByCategory.reduce((a, c) => a + c, 0);
    const busyNs = busyCycles / ghz;
    const activeNs = Math.max(1, gs.lastUnitEndNs || simNs);
    const [user, kernel, exits, hyp, backend] = gs.cyclesByCategory.map((c) => c / ghz) as [number, number, number, number, number];
    return {
      guest: g.spec.id,
      host: sim.hostSetup(g.host).id,
      mode: g.spec.mode,
      unit: g.workload.unit,
      unitsCompleted: gs.unitsDone,
      throughputPerSec: gs.unitsDone / (activeNs / 1e9),
      latencyNs: summarize(gs.latency),
      cyclesPerUnit: gs.unitsDone ? busyCycles / gs.unitsDone : 0,
      cpu: {
        guestUser: user,
        guestKernel: kernel,
        exits,
        hypervisor: hyp,
        backend,
        idle: Math.max(0, vcpus.length * simNs - busyNs - steal),
        steal,
      },
      exitsByReason: sortRecord(gs.exitsByReason),
      hypercallsByKind: sortRecord(gs.hypercallsByKind),
      pathCounts: gs.pathCounts,
      fallbacks: gs.fallbacks,
      failures: gs.failures,
      faults: gs.faults,
      crashed: gs.status === 'crashed',
      status: gs.status,
      activePv: g.pv.filter((c) => c.state === 'active').map((c) => (c.device ? `${c.component}:${c.device}` : c.component)).sort(),
      service: serviceMetrics(sim, gi, simNs),
    };
  });
  const hosts = sim.setup.hosts.map((h, hi) => {
    const gm = guests.filter((_, gi) => sim.setup.guests[gi]!.host === hi);
    const sum = (k: keyof GuestMetrics['cpu']) => gm.reduce((a, g) => a + g.cpu[k], 0);
    const backendNs = st.resources.filter((r) => r.host === hi && r.kind === 'backend').reduce((a, r) => a + r.busyNs, 0);
    const busy = sum('guestUser') + sum('guestKernel') + sum('exits') + sum('hypervisor') + sum('backend');
    const capacity = h.pcpus * Math.max(1, simNs);
    return {
      host: h.id,
      profile: h.profile.id,
      hypervisor: h.hypervisor?.id ?? null,
      pcpus: h.pcpus,
      cpu: {
        guestUser: sum('guestUser'),
        guestKernel: sum('guestKernel'),
        exits: sum('exits'),
        hypervisor: sum('hypervisor'),
        backend: sum('backend') + backendNs,
        idle: Math.max(0, capacity - busy),
        steal: sum('steal'),
      },
      utilization: Math.min(1, busy / capacity),
    };
  });
  const resources = st.resources.map((r) => {
    const span = Math.max(1, simNs);
    const waits = summarize(r.waits);
    return {
      id: r.name,
      kind: r.kind,
      host: sim.hostSetup(r.host).id,
      servers: r.serverFreeAtNs.length,
      served: r.served,
      utilization: Math.min(1, r.busyNs / (span * r.serverFreeAtNs.length)),
      meanWaitNs: waits.mean,
      waitNs: waits,
      maxQueue: Math.max(0, r.maxQueue),
      meanQueue: r.queueLengthIntegral / span,
    };
  });
  return {
    scenarioId: sim.scenario.id,
    seed: sim.seed,
    engineVersion,
    simulatedNs: simNs,
    eventCount: sim.hasher.count,
    eventHash: sim.hasher.digest(),
    completed: sim.setup.guests.every((_g, gi) => unitLimit(sim, gi) !== Infinity && st.guests[gi]!.unitsDone >= unitLimit(sim, gi)),
    guests,
    hosts,
    resources,
    eventsByKind: Object.fromEntries(EVENT_KINDS.map((k, i) => [k, st.eventsByKind[i]!]).filter(([, n]) => (n as number) > 0)),
    service: {
      availability: guests.length ? guests.reduce((a, g) => a + g.service.availability, 0) / guests.length : 1,
      requestsLost: guests.reduce((a, g) => a + g.service.requestsLost, 0),
      migrations: guests.reduce((a, g) => a + g.service.migrations.length, 0),
      migrationDowntimeMs: guests.flatMap((g) => g.service.migrations.map((m) => m.downtimeMs)),
    },
  };
}

/** Availability, outages, work lost and migrations of guest `gi` over `simNs`. */
function serviceMetrics(sim: Sim, gi: number, simNs: number): GuestMetrics['service'] {
  const gs = sim.state.guests[gi]!;
  const open = gs.downSinceNs >= 0 ? simNs - gs.downSinceNs : 0;
  const outages = [...gs.outagesNs, ...(open > 0 ? [open] : [])];
  return {
    availability: simNs > 0 ? Math.max(0, 1 - (gs.downNs + open) / simNs) : 1,
    outagesMs: outages.map((d) => d / 1e6),
    requestsLost: gs.requestsLost,
    migrations: gs.migrations.map((m) => ({
      to: m.to, startMs: m.startNs / 1e6, totalMs: (m.endNs - m.startNs) / 1e6, rounds: m.rounds, sentMiB: m.sentMiB, downtimeMs: m.downtimeNs / 1e6, stopReason: m.stopReason,
    })),
  };
}

function sortRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
