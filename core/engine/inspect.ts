/**
 * Live inspection for a replay's inspector: each guest's status, queue and vCPU states, each
 * shared resource's occupancy and each host's pCPUs, at the engine's current time. Read-only.
 */
import type { EngineInspection } from '../model/index.ts';
import type { Sim } from './sim.ts';

const STATUS_NAMES = ['running', 'ready', 'blocked', 'halted', 'done', 'spinning', 'down'] as const;

export function inspectState(sim: Sim): EngineInspection {
  const st = sim.state;
  return {
    tNs: sim.kernel.now,
    events: sim.hasher.count,
    guests: sim.setup.guests.map((g, gi) => {
      const gs = st.guests[gi]!;
      const vcpus = st.vcpus.filter((v) => v.g === gi);
      return {
        id: g.spec.id,
        status: gs.status,
        queued: gs.queue.length,
        outstandingIo: vcpus.reduce((a, v) => a + v.outstanding, 0),
        unitsDone: gs.unitsDone,
        installed: [...gs.installed[gs.installed.length - 1]!],
        host: sim.hostSetup(g.host).id,
        vcpus: vcpus.map((v) => STATUS_NAMES[v.status] ?? 'down'),
        vcpuHosts: vcpus.map((v) => sim.hostSetup(v.h).id),
      };
    }),
    resources: st.resources.map((r) => ({ id: r.name, kind: r.kind, inSystem: r.inSystem, servers: r.freeAt.length })),
    hosts: sim.setup.hosts.map((h, hi) => ({
      id: h.id,
      pcpus: h.pcpus,
      running: st.hosts[hi]!.running.filter((vi) => vi >= 0).map((vi) => `${sim.guestSetup(st.vcpus[vi]!.g).spec.id}:${st.vcpus[vi]!.i}`),
      state: st.hosts[hi]!.failed ? 'failed' : st.hosts[hi]!.maintenance ? 'maintenance' : 'up',
    })),
  };
}
