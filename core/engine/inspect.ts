/**
 * Live inspection for a replay's inspector: each guest's status, queue and vCPU states, each
 * shared resource's occupancy and each host's pCPUs, at the engine's current time. Read-only.
 */
import type { EngineInspection } from '../model/index.ts';
import type { Sim } from './sim.ts';
import { currentVersion } from './state.ts';

export function inspectState(sim: Sim): EngineInspection {
  const st = sim.state;
  return {
    tNs: sim.kernel.now,
    events: sim.hasher.count,
    guests: sim.setup.guests.map((g, gi) => {
      const gs = st.guests[gi]!;
      const vcpus = st.vcpus.filter((v) => v.guest === gi);
      return {
        id: g.spec.id,
        status: gs.status,
        queued: gs.queuedArrivals.length,
        outstandingIo: vcpus.reduce((a, v) => a + v.requestsInFlight, 0),
        unitsDone: gs.unitsDone,
        installed: [...currentVersion(gs).addons],
        host: sim.hostSetup(g.host).id,
        vcpus: vcpus.map((v) => v.status),
        vcpuHosts: vcpus.map((v) => sim.hostSetup(v.host).id),
      };
    }),
    resources: st.resources.map((r) => ({ id: r.name, kind: r.kind, inSystem: r.inSystem, servers: r.serverFreeAtNs.length })),
    hosts: sim.setup.hosts.map((h, hi) => ({
      id: h.id,
      pcpus: h.pcpus,
      running: st.hosts[hi]!.vcpuOnPcpu.filter((vi) => vi >= 0).map((vi) => `${sim.guestSetup(st.vcpus[vi]!.guest).spec.id}:${st.vcpus[vi]!.index}`),
      state: st.hosts[hi]!.failed ? 'failed' : st.hosts[hi]!.inMaintenance ? 'maintenance' : 'up',
    })),
  };
}
