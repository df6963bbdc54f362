/**
 * Run metrics from the state: per guest (units, throughput, latency, CPU split, exits, paths,
 * service), per host and per shared resource. Read-only; the JSON shape is
 * docs/run-metrics.schema.json.
 */
import type { GuestMetrics, PathClass, RunMetrics } from '../model/index.ts';
import { unitLimit } from './demand.ts';
import { EVENT_KINDS, REASONS } from './events.ts';
import { summarize } from './histogram.ts';
import { CAT_BACKEND, PATH_CLASSES } from './steps.ts';
import type { Sim } from './sim.ts';

export function runMetrics(sim: Sim, engineVersion: string): RunMetrics {
  const state = sim.state;
  const simNs = sim.kernel.now;
  const guests: GuestMetrics[] = sim.setup.guests.map((g, gi) => {
    const guestState = state.guests[gi]!;
    const ghz = sim.hostSetup(g.host).profile.cpu.clockGhz;
    const vcpus = sim.vcpusOf(gi);
    // a vCPU still waiting for a pCPU has been stolen from since it became ready
    const steal = vcpus.reduce((a, v) => a + v.stealNs + (v.status === 'ready' ? simNs - v.readySinceNs : 0), 0);
    const busyCycles = guestState.cyclesByCategory.reduce((a, c) => a + c, 0);
    // what ran on the guest's vCPUs (its backends' work ran on other host CPUs)
    const vcpuBusyNs = (busyCycles - guestState.cyclesByCategory[CAT_BACKEND]!) / ghz;
    // the guest's measured run: until it finished its work, else the whole run (not up to its last unit)
    const activeNs = Math.max(1, guestState.status === 'done' ? guestState.lastUnitEndNs : simNs);
    const [user, kernel, exits, hyp, backend] = guestState.cyclesByCategory.map((c) => c / ghz) as [number, number, number, number, number];
    return {
      guest: g.spec.id,
      host: sim.hostSetup(g.host).id,
      mode: g.spec.mode,
      unit: g.workload.unit,
      unitsCompleted: guestState.unitsDone,
      throughputPerSec: guestState.unitsDone / (activeNs / 1e9),
      latencyNs: summarize(guestState.latency),
      cyclesPerUnit: guestState.unitsDone ? busyCycles / guestState.unitsDone : 0,
      cpu: {
        guestUser: user,
        guestKernel: kernel,
        exits,
        hypervisor: hyp,
        backend,
        idle: Math.max(0, vcpus.length * simNs - vcpuBusyNs - steal),
        steal,
      },
      exitsByReason: byReasonName(guestState.exitsByReason),
      hypercallsByKind: byReasonName(guestState.hypercallsByKind),
      pathCounts: Object.fromEntries(PATH_CLASSES.map((cls, i) => [cls, guestState.pathCounts[i]!])) as Record<PathClass, number>,
      fallbacks: guestState.fallbacks,
      failures: guestState.failures,
      faults: guestState.faults,
      crashed: guestState.status === 'crashed',
      status: guestState.status,
      activePv: g.pv.filter((c) => c.state === 'active').map((c) => (c.device ? `${c.component}:${c.device}` : c.component)).sort(),
      service: serviceMetrics(sim, gi, simNs),
    };
  });
  const hosts = sim.setup.hosts.map((h, hi) => {
    const gm = guests.filter((_, gi) => sim.setup.guests[gi]!.host === hi);
    const sum = (k: keyof GuestMetrics['cpu']) => gm.reduce((a, g) => a + g.cpu[k], 0);
    const backendNs = state.resources.filter((r) => r.host === hi && r.kind === 'backend').reduce((a, r) => a + r.busyNs, 0);
    // backends' work is charged to the guests they serve and measured at the backends: count it once
    const busy = sum('guestUser') + sum('guestKernel') + sum('exits') + sum('hypervisor') + backendNs;
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
        backend: backendNs,
        idle: Math.max(0, capacity - busy),
        steal: sum('steal'),
      },
      utilization: Math.min(1, busy / capacity),
    };
  });
  const resources = state.resources.map((r) => {
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
    workloadsFinished: sim.setup.guests.every((_g, gi) => unitLimit(sim, gi) !== Infinity && state.guests[gi]!.unitsDone >= unitLimit(sim, gi)),
    guests,
    hosts,
    resources,
    eventsByKind: Object.fromEntries(EVENT_KINDS.map((k, i) => [k, state.eventsByKind[i]!]).filter(([, n]) => (n as number) > 0)),
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
  const guestState = sim.state.guests[gi]!;
  const open = guestState.downSinceNs >= 0 ? simNs - guestState.downSinceNs : 0;
  const outages = [...guestState.outagesNs, ...(open > 0 ? [open] : [])];
  return {
    availability: simNs > 0 ? Math.max(0, 1 - (guestState.downNs + open) / simNs) : 1,
    outagesMs: outages.map((d) => d / 1e6),
    requestsLost: guestState.requestsLost,
    migrations: guestState.migrations.map((m) => ({
      to: m.to, startMs: m.startNs / 1e6, totalMs: (m.endNs - m.startNs) / 1e6, rounds: m.rounds, sentMiB: m.sentMiB, downtimeMs: m.downtimeNs / 1e6, stopReason: m.stopReason,
    })),
  };
}

/** Counts by reason id as a record by reason name, sorted by name, without the reasons never counted. */
function byReasonName(counts: readonly number[]): Record<string, number> {
  const entries = counts.flatMap((n, id) => (n > 0 ? [[REASONS[id]!, n] as const] : []));
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
