import type { ScenarioInput, VirtMode } from '../model/index.ts';
import { LESSONS } from './lessons.ts';

/**
 * Built-in scenarios with stable ids. Each nanobenchmark scenario runs the same benchmark side
 * by side on three Pentium 4 672 hosts — bare metal, binary translation and first-generation
 * VT-x — the setting of Adams & Agesen, ASPLOS 2006, §6.3.
 */
export const NANOBENCHMARKS = ['syscall', 'in', 'cr8wr', 'callret', 'pgfault', 'divzero', 'ptemod'] as const;
export type Nanobenchmark = (typeof NANOBENCHMARKS)[number];

const CALIBRATION_MODES: { host: string; mode: VirtMode; hypervisor: string | null }[] = [
  { host: 'native', mode: 'native', hypervisor: null },
  { host: 'bt', mode: 'bt', hypervisor: 'vmware-workstation' },
  { host: 'hw', mode: 'hw-shadow', hypervisor: 'vmware-workstation' },
];

/** Three Pentium 4 672 hosts — bare metal, BT and VT-x — each running one guest with the same OS and workload. */
function sideBySide(os: string, memoryMiB: number, workload: string): Pick<ScenarioInput, 'hosts' | 'guests'> {
  return {
    hosts: CALIBRATION_MODES.map((m) => ({ id: m.host, profile: 'pentium4-672', hypervisor: m.hypervisor })),
    guests: CALIBRATION_MODES.map((m) => ({ id: `${m.host}-guest`, host: m.host, os, vcpus: 1, memoryMiB, mode: m.mode, workload: { id: workload } })),
  };
}

function nanobench(name: Nanobenchmark): ScenarioInput {
  return {
    schemaVersion: 1,
    id: `nanobench-${name}`,
    title: `Nanobenchmark ${name}: native vs binary translation vs VT-x`,
    description: `The ${name} nanobenchmark of Adams & Agesen (ASPLOS 2006, §6.3) on a 3.8 GHz Pentium 4 672, bare metal, under VMware's binary translator and under first-generation VT-x with shadow page tables.`,
    seed: 1,
    durationMs: 1000,
    ...sideBySide('testkernel', 256, `nb-${name}`),
  };
}

export const SCENARIOS: ScenarioInput[] = [
  ...NANOBENCHMARKS.map(nanobench),
  {
    schemaVersion: 1,
    id: 'forkwait-bt-vs-vtx',
    title: 'Process creation: binary translation vs first-generation VT-x',
    description: 'forkwait (40,000 fork + waitpid) on a Pentium 4 672: bare metal, BT and VT-x with shadow paging. First-generation hardware assistance loses to BT on MMU-heavy work (Adams & Agesen 2006).',
    seed: 1,
    durationMs: 120_000,
    ...sideBySide('linux-2.6.11', 512, 'forkwait'),
  },
  {
    schemaVersion: 1,
    id: 'io-emulated-vs-pv',
    title: 'Bulk TCP send: emulated e1000, virtio (userspace), vhost and SR-IOV',
    description: 'ttcp at MTU 1500 from four guests on four identical Sandy Bridge KVM hosts, each with a different NIC path.',
    seed: 1,
    durationMs: 200,
    hosts: ['e1000', 'virtio', 'vhost', 'sriov'].map((n) => ({ id: `host-${n}`, profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' })),
    guests: [
      { id: 'e1000', host: 'host-e1000', nic: 'e1000' as const },
      { id: 'virtio', host: 'host-virtio', nic: 'virtio-net' as const, nicBackend: 'userspace' as const },
      { id: 'vhost', host: 'host-vhost', nic: 'virtio-net' as const, nicBackend: 'vhost' as const },
      { id: 'sriov', host: 'host-sriov', nic: 'sriov-vf' as const },
    ].map((g) => ({
      id: g.id,
      host: g.host,
      os: 'linux-6',
      vcpus: 1,
      memoryMiB: 2048,
      mode: 'hw-nested' as const,
      devices: { nic: g.nic, ...('nicBackend' in g ? { nicBackend: g.nicBackend } : {}) },
      workload: { id: 'ttcp', params: { mtu: 1500 } },
    })),
  },
  {
    schemaVersion: 1,
    id: 'consolidation-8',
    title: 'Eight guests consolidated on one Skylake-SP KVM host',
    description: 'A web server, an OLTP database, a file server, a kernel build, two batch jobs, a game server and an idle Windows guest share one host.',
    seed: 1,
    durationMs: 200,
    hosts: [{ id: 'host', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 16 }],
    guests: [
      { id: 'web', os: 'linux-6', vcpus: 4, workload: 'specweb' },
      { id: 'db', os: 'linux-6', vcpus: 4, workload: 'oltp' },
      { id: 'files', os: 'linux-6', vcpus: 2, workload: 'dbench' },
      { id: 'build', os: 'linux-6', vcpus: 4, workload: 'kernel-build' },
      { id: 'batch-1', os: 'linux-6', vcpus: 2, workload: 'batch-cpu' },
      { id: 'batch-2', os: 'linux-6', vcpus: 2, workload: 'batch-cpu' },
      { id: 'game', os: 'linux-6', vcpus: 2, workload: 'game-server' },
      { id: 'idle-win', os: 'windows-2022', vcpus: 2, workload: 'idle-windows' },
    ].map((g) => ({ id: g.id, host: 'host', os: g.os, vcpus: g.vcpus, memoryMiB: 4096, mode: 'hw-nested' as const, workload: { id: g.workload } })),
    lesson: {
      order: 13,
      en: {
        title: 'Consolidation: many guests, one host',
        goal: 'With hardware assistance and PV devices, eight different guests share one host for a few per cent of overhead. The overhead is not spread evenly: I/O-heavy guests pay more, and an idle guest is almost all overhead.',
        lookAt: 'The host\'s CPU split (guest, exits, hypervisor, backend, steal, idle), each guest\'s share of time in exits and hypervisor, and the steal time of the busiest guests.',
        question: 'Which guest would you move first if the host got busier, and which PV feature would help the idle Windows guest?',
      },
      sv: {
        title: 'Konsolidering: många gäster, en värd',
        goal: 'Med hårdvarustöd och PV-enheter delar åtta olika gäster på en värd för några få procents merkostnad. Merkostnaden är inte jämnt fördelad: I/O-tunga gäster betalar mer, och en ledig gäst består nästan bara av merkostnad.',
        lookAt: 'Värdens fördelning av CPU-tid (gäst, exits, hypervisor, backend, stulen tid, ledig), varje gästs andel tid i exits och hypervisor, och den stulna tiden för de mest belastade gästerna.',
        question: 'Vilken gäst skulle du flytta först om värden fick mer att göra, och vilken PV-funktion skulle hjälpa den lediga Windows-gästen?',
      },
    },
  },
  ...LESSONS,
];
