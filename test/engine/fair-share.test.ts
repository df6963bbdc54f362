// Fair share: identical VMs on one host get the same work done, whatever the host size and the
// number of VMs (overcommitted included). A property test over random hosts and VM counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/index.ts';
import { Scenario } from '../../core/model/index.ts';

const cat = builtInCatalog();

function identicalVms(cores: number, vms: number, vcpus: number, workload: string, seed: number): Scenario {
  return Scenario.parse({
    schemaVersion: 1, id: 'fair', title: 'fair', durationMs: 300, seed,
    hosts: [{ id: 'h', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores }],
    guests: Array.from({ length: vms }, (_, i) => ({ id: `vm${i}`, host: 'h', os: 'linux-6', vcpus, memoryMiB: 512, mode: 'hw-nested', workload: { id: workload } })),
  });
}

/** Each VM's figure, its mean, and how far the furthest VM is from the mean. */
function spreadOf(values: number[]): { values: number[]; mean: number; worst: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { values, mean, worst: Math.max(...values.map((u) => Math.abs(u - mean))) };
}

/** Units done and user-mode CPU time (the work itself, in ms) of each VM. */
function work(s: Scenario) {
  const guests = runScenario(s, cat).metrics.guests;
  return { units: spreadOf(guests.map((g) => g.unitsCompleted)), userMs: spreadOf(guests.map((g) => g.cpu.guestUser / 1e6)) };
}

/** KVM's time slice on these hosts, in ms: a VM may be one slice ahead when the run ends. */
const SLICE_MS = 3;

describe('fair share', () => {
  it('identical VMs on one host get the same work done (random host sizes and VM counts, overcommit included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }), // pCPUs
        fc.integer({ min: 2, max: 6 }), // VMs
        fc.integer({ min: 1, max: 4 }), // vCPUs each
        fc.constantFrom('ebizzy', 'batch-cpu', 'forkwait'),
        fc.integer({ min: 1, max: 1000 }),
        (cores, vms, vcpus, workload, seed) => {
          const { units, userMs } = work(identicalVms(cores, vms, vcpus, workload, seed));
          const what = `${vms} × ${vcpus} vCPUs of ${workload} on ${cores} pCPUs`;
          // CPU time doing the work: within a tenth of the mean and a time slice per vCPU
          expect(userMs.worst, `${what}: user ms ${userMs.values.map((x) => x.toFixed(1)).join(', ')}`).toBeLessThanOrEqual(0.1 * userMs.mean + SLICE_MS * vcpus);
          // units: within a fifth of the mean, plus what a VM does in a time slice per vCPU (when the
          // run ends, a VM can be that far behind in the round) and the unit each vCPU has in hand
          const perSlice = userMs.mean > 0 ? units.mean / userMs.mean : 0;
          expect(units.worst, `${what}: units ${units.values.join(', ')}`).toBeLessThanOrEqual(0.2 * units.mean + perSlice * SLICE_MS * vcpus + vcpus);
        },
      ),
      { numRuns: 100, seed: 9 },
    );
  });

  it('a guest whose spinning vCPUs yield to each other no longer keeps the pCPUs from its neighbour (2 × 3 vCPUs of ebizzy on 2 pCPUs)', () => {
    const { units } = work(identicalVms(2, 2, 3, 'ebizzy', 1));
    expect(units.worst, units.values.join(', ')).toBeLessThanOrEqual(0.1 * units.mean); // was 325 against 1014
  });
});
