import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import type { CatalogKind } from '../../core/catalog/catalog.ts';
import { checkScenario } from '../../core/engine/check.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { DEVICE_INFO } from '../../core/model/index.ts';
import { uncoveredNumbers, unknownSourceKeys } from '../helpers/sources.ts';
import { shortened } from '../helpers/scenarios.ts';

const catalog = builtInCatalog();
const SOURCED: Exclude<CatalogKind, 'scenarios'>[] = ['profiles', 'hypervisors', 'oses', 'addons', 'workloads'];

describe('built-in catalog', () => {
  it('has every entry the issue names', () => {
    const ids = (k: CatalogKind) => catalog[k].map((e) => e.id);
    expect(ids('profiles')).toEqual(expect.arrayContaining(['pentium4-630', 'pentium4-672', 'core2-e6700', 'xeon-2003-dual', 'xeon-x5570', 'xeon-e5-2450', 'xeon-gold-6142', 'xeon-platinum-8380', 'epyc-7763', 'neoverse-n1', 'power9', 'z15']));
    expect(ids('hypervisors')).toEqual(expect.arrayContaining(['kvm-qemu', 'xen', 'hyperv', 'vmware-esxi', 'vmware-workstation', 'virtualbox']));
    expect(ids('oses')).toEqual(expect.arrayContaining(['linux-2.4', 'linux-2.6.11', 'linux-6', 'windows-xp', 'windows-2008r2', 'windows-2022', 'freebsd-14', 'testkernel']));
    expect(ids('workloads')).toEqual(expect.arrayContaining(['nb-syscall', 'nb-in', 'nb-cr8wr', 'nb-callret', 'nb-pgfault', 'nb-divzero', 'nb-ptemod', 'forkwait', 'kernel-build', 'specint', 'ttcp', 'specweb', 'oltp', 'dbench', 'idle-linux', 'idle-windows', 'clock-read', 'ebizzy', 'game-server', 'batch-cpu', 'udp-send', 'ping', 'odirect-randread', 'tcp-maerts']));
    const products = new Set(catalog.addons.map((a) => a.product));
    expect(catalog.addons.filter((a) => a.product === 'virtio-win').length).toBeGreaterThanOrEqual(3);
    expect(products.size).toBeGreaterThanOrEqual(7);
    const nics = catalog.profiles.map((p) => p.nic.driver);
    expect(nics).toEqual(expect.arrayContaining(['ixgbe', 'mlx5_core', 'tg3']));
  });

  it('forkwait is 40,000 fork + waitpid', () => {
    expect(catalog.workloads.find((w) => w.id === 'forkwait')?.units).toBe(40_000);
  });

  for (const kind of SOURCED) {
    it(`every number of every built-in ${kind} entry has a source`, () => {
      const missing = (catalog[kind] as readonly { id: string; sources: Record<string, string> }[]).flatMap((e) =>
        uncoveredNumbers(e, e.sources).map((p) => `${e.id}: ${p}`),
      );
      expect(missing).toEqual([]);
    });
    it(`every source key of built-in ${kind} names a field`, () => {
      const unknown = (catalog[kind] as readonly { id: string; sources: Record<string, string> }[]).flatMap((e) =>
        unknownSourceKeys(e, e.sources).map((k) => `${e.id}: ${k}`),
      );
      expect(unknown).toEqual([]);
    });
  }

  it('devices of each hypervisor are consistent with their kind', () => {
    for (const hv of catalog.hypervisors) {
      for (const [model, impl] of Object.entries(hv.devices)) {
        const kind = DEVICE_INFO[model as keyof typeof DEVICE_INFO].kind;
        if (kind === 'emulated') expect(impl.needs, `${hv.id} ${model}`).toEqual([]);
        if (kind === 'pv') for (const n of impl.needs) expect(hv.pvInterfaces, `${hv.id} ${model}`).toContain(n);
        if (kind === 'passthrough') expect(impl.home, `${hv.id} ${model}`).toBe('hardware');
      }
    }
  });

  it('every add-on names an OS family that has a built-in OS', () => {
    const families = new Set(catalog.oses.map((o) => o.family));
    for (const a of catalog.addons) expect(families, a.id).toContain(a.requires.osFamily);
  });
});

describe('built-in scenarios', () => {
  it('each nanobenchmark has a ready-to-run scenario', () => {
    for (const n of ['syscall', 'in', 'cr8wr', 'callret', 'pgfault', 'divzero', 'ptemod']) {
      expect(catalog.scenarios.some((s) => s.id === `nanobench-${n}`)).toBe(true);
    }
  });

  for (const s of catalog.scenarios) {
    it(`${s.id} checks clean and runs`, () => {
      const report = checkScenario(s, catalog);
      expect(report.problems).toEqual([]);
      // scenarios with a timeline run whole (guests may start late); the others 50 ms
      const { metrics } = runScenario(s.timeline.length ? s : shortened(s, 50), catalog);
      for (const g of metrics.guests) {
        const idle = s.guests.find((x) => x.id === g.guest)?.workload.id.startsWith('idle');
        // idle guests may finish no unit in 50 ms; a guest whose add-on crashes it is the point of its lesson
        if (!idle && !g.crashed) expect(g.unitsCompleted, `${s.id}/${g.guest}`).toBeGreaterThan(0);
      }
    });
  }
});
