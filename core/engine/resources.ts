/**
 * Shared resources: queues with a fixed number of parallel servers (SimPy's resources, built on
 * the kernel rather than inside it). Backend threads (per guest for vhost and QEMU, per host for
 * dom0 and the Hyper-V root partition), each host's NIC and disk, and each guest's hypervisor MMU
 * lock. A resource is made the first time a path needs it and found again by name.
 */
import { newHistogram } from './histogram.ts';
import type { Storage } from '../model/index.ts';
import type { ResourceRefs } from './paths.ts';
import type { GuestSetup } from './setup.ts';
import type { Sim } from './sim.ts';
import type { ResourceState } from './state.ts';

/** Kernel event: host `a`'s backends started or finished serving (scheduler.ts balanceBackends; registered by vcpu.ts). */
export const EV_BACKEND_CPU = 11;

type ResourceSpec = Pick<ResourceState, 'name' | 'kind' | 'host' | 'serverFreeAtNs'>;

/** The index of resource `key`, made with `make` the first time. */
export function resource(sim: Sim, key: string, make: () => ResourceSpec): number {
  let id = sim.resourceIndex.get(key);
  if (id !== undefined) return id;
  const resources = sim.state.resources;
  id = resources.findIndex((r) => r.name === key);
  if (id < 0) {
    id = resources.length;
    resources.push({ ...make(), served: 0, busyNs: 0, inSystem: 0, maxQueue: 0, queueLengthIntegral: 0, lastChangeNs: 0, waits: newHistogram() });
  }
  sim.resourceIndex.set(key, id);
  return id;
}

/**
 * Requests a storage device serves in parallel: its random-read IOPS times the latency of one
 * read (Little's law), at least one.
 */
export function deviceQueues(storage: Storage): number {
  return Math.max(1, Math.round((storage.iops * storage.latencyUs) / 1e6));
}

/** How a guest's path builder finds the resources its paths use. */
export function resourceRefs(sim: Sim, g: GuestSetup): ResourceRefs {
  const host = sim.hostSetup(g.host);
  return {
    backend: (device, impl) => {
      const shared = impl.home === 'dom0' || impl.home === 'root-partition';
      const key = shared ? `${host.id}/${impl.home}/${device}` : `${g.spec.id}/${impl.home}/${device}`;
      return resource(sim, key, () => ({ name: key, kind: 'backend', host: g.host, serverFreeAtNs: new Array<number>(impl.backendThreads).fill(0) }));
    },
    nic: () => resource(sim, `${host.id}/nic`, () => ({ name: `${host.id}/nic`, kind: 'nic', host: g.host, serverFreeAtNs: [0] })),
    disk: () => resource(sim, `${host.id}/disk`, () => ({ name: `${host.id}/disk`, kind: 'disk', host: g.host, serverFreeAtNs: new Array<number>(deviceQueues(host.profile.storage)).fill(0) })),
    mmuLock: () => resource(sim, `${g.spec.id}/mmu-lock`, () => ({ name: `${g.spec.id}/mmu-lock`, kind: 'lock', host: g.host, serverFreeAtNs: [0] })),
  };
}

/** One request more (+1) or fewer (−1) in resource `r`, keeping the time-weighted queue length. */
export function resourceCount(sim: Sim, r: ResourceState, d: number): void {
  const now = sim.kernel.now;
  r.queueLengthIntegral += Math.max(0, r.inSystem - r.serverFreeAtNs.length) * (now - r.lastChangeNs);
  r.lastChangeNs = now;
  const threads = r.serverFreeAtNs.length;
  if (r.kind === 'backend' && sim.backendCounts) sim.backendCounts.threadsBusy[r.host]! += Math.min(r.inSystem + d, threads) - Math.min(r.inSystem, threads);
  r.inSystem += d;
  const q = r.inSystem - r.serverFreeAtNs.length;
  if (q > r.maxQueue) r.maxQueue = q;
  // a backend thread starting or ending a request takes or gives back a pCPU (scheduler.ts),
  // once the vCPU submitting it is at rest: at this instant, as its own event
  if (r.kind === 'backend' && (d > 0 ? r.inSystem <= r.serverFreeAtNs.length : r.inSystem < r.serverFreeAtNs.length)) sim.kernel.at(now, EV_BACKEND_CPU, r.host, 0);
}
