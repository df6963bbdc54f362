/**
 * Live inspection for a replay's inspector: each guest's status, queue and vCPU states, each
 * shared resource's occupancy and each host's pCPUs, at the engine's current time. Read-only.
 */
import type { EngineInspection } from '../model/index.ts';
import type { Sim } from './sim.ts';
import { currentVersion } from './state.ts';

export function inspectState(sim: Sim): EngineInspection {
  const state = sim.state;
  return {
    tNs: sim.kernel.now,
    events: sim.hasher.count,
    guests: sim.setup.guests.map((g, gi) => {
      const guestState = state.guests[gi]!;
      const vcpus = sim.vcpusOf(gi);
      return {
        id: g.spec.id,
        status: guestState.status,
        queued: guestState.queuedArrivals.length,
        outstandingIo: vcpus.reduce((a, v) => a + v.requestsInFlight, 0),
        unitsDone: guestState.unitsDone,
        installed: [...currentVersion(guestState).addons],
        host: sim.hostSetup(g.host).id,
        vcpus: vcpus.map((v) => v.status),
        vcpuHosts: vcpus.map((v) => sim.hostSetup(v.host).id),
      };
    }),
    resources: state.resources.map((r) => ({ id: r.name, kind: r.kind, inSystem: r.inSystem, servers: r.serverFreeAtNs.length })),
    hosts: sim.setup.hosts.map((h, hi) => ({
      id: h.id,
      pcpus: h.pcpus,
      running: state.hosts[hi]!.vcpuOnPcpu.filter((vi) => vi >= 0).map((vi) => `${sim.guestSetup(state.vcpus[vi]!.guest).spec.id}:${state.vcpus[vi]!.index}`),
      state: state.hosts[hi]!.failed ? 'failed' : state.hosts[hi]!.inMaintenance ? 'maintenance' : 'up',
    })),
  };
}
