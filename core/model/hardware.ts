import { z } from 'zod';
import { Architecture, Cycles, Id, PositiveInt, ShortText, Sources, Year, Int, NonNegativeInt } from './common.ts';

export const HardwareAssist = z.enum(['none', 'vt-x', 'amd-v', 'arm-el2', 'power-hv', 's390-sie', 'riscv-h']);
export type HardwareAssist = z.infer<typeof HardwareAssist>;

/** Hardware virtualization features an add-on, a mode or a migration can depend on. */
export const HostFeature = z.enum([
  'hw-assist', // VT-x / AMD-V / EL2 / HV mode / SIE / H extension
  'nested-paging', // EPT / NPT / stage-2
  'vpid', // tagged TLB (VPID / ASID / VMID)
  'apicv', // virtual interrupt delivery (APICv / AVIC / GICv4 vLPI)
  'posted-interrupts',
  'tpr-shadow',
  'pause-loop-exiting',
  'invariant-tsc',
  'iommu',
  'sr-iov',
  'avx512',
  'vhe',
]);
export type HostFeature = z.infer<typeof HostFeature>;

export const NativeCosts = z.strictObject({
  syscall: Cycles.describe('system call round trip, user → kernel → user'),
  callRet: Cycles.describe('call + return pair'),
  pageFault: Cycles.describe('true page fault: fault delivery, handler, PTE write, iret'),
  divFault: Cycles.describe('divide-by-zero fault delivered to the kernel and back, no MMU work'),
  pteWrite: Cycles.describe('a store to a page-table entry'),
  addressSpaceSwitch: Cycles.describe('CR3 / TTBR write including the TLB refill it causes'),
  portIo: Cycles.describe('in/out to a legacy port (port 0x80)'),
  mmio: Cycles.describe('uncached MMIO register access'),
  cpuid: Cycles,
  crWrite: Cycles.describe('CR0/CR4 write'),
  cr8Write: Cycles.describe('task-priority register write (CR8)'),
  interrupt: Cycles.describe('hardware interrupt entry, minimal handler and return'),
  apicEoi: Cycles.describe('end-of-interrupt write to the local APIC'),
  ipiSend: Cycles.describe('sending an inter-processor interrupt (ICR write)'),
  halt: Cycles.describe('HLT entry and wake-up on bare metal'),
});
export type NativeCosts = z.infer<typeof NativeCosts>;

export const Nic = z.strictObject({
  vendor: ShortText,
  model: ShortText,
  driver: ShortText.describe('the Linux driver name of the physical NIC (ixgbe, mlx5_core, tg3 …); a passthrough VF needs a guest driver for this exact NIC'),
  gbps: z.number().positive().max(1600),
  sriov: z.boolean(),
  maxVfs: NonNegativeInt.max(4096).describe('SR-IOV virtual functions: at most this many passthrough guests per host'),
});
export type Nic = z.infer<typeof Nic>;

export const Storage = z.strictObject({
  kind: z.enum(['hdd', 'scsi-hdd', 'sata-ssd', 'nvme', 'dasd']),
  model: ShortText,
  iops: PositiveInt.max(1e8).describe('random 4 KiB IOPS at full queue depth; with latencyUs it sets how many requests the device serves in parallel (Little\'s law)'),
  latencyUs: z.number().positive().max(1e6).describe('service time of one 4 KiB random read'),
  mbps: z.number().positive().max(1e6).describe('sequential bandwidth, MB/s'),
});
export type Storage = z.infer<typeof Storage>;

export const HardwareProfile = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  year: Year.min(1990),
  builtIn: z.boolean().default(false),
  arch: Architecture,
  cpu: z.strictObject({
    vendor: ShortText,
    model: ShortText,
    generation: ShortText.describe('micro-architecture: netburst, core, nehalem, sandybridge, skylake, icelake, zen3, neoverse-n1, power9, z15 …'),
    sockets: PositiveInt.max(16),
    coresPerSocket: PositiveInt.max(512),
    threadsPerCore: PositiveInt.max(8),
    clockGhz: z.number().positive().max(10),
  }),
  virt: z.strictObject({
    assist: HardwareAssist,
    features: z.array(HostFeature).describe('hardware virtualization features present'),
    vmExitCycles: Cycles.describe('hardware cost of one VM exit (guest → hypervisor), 0 without hardware assist'),
    vmEntryCycles: Cycles.describe('hardware cost of one VM entry (hypervisor → guest)'),
    trapCycles: Cycles.describe('a privileged-instruction or fault trap into a deprivileging VMM without hardware assist'),
  }),
  memory: z.strictObject({
    sizeGiB: z.number().positive().max(2 ** 16).describe('memory the host can give its guests: a migration or HA target without room for a guest is refused'),
    latencyNs: z.number().positive().max(10_000),
    pageWalkLevels: Int.min(2).max(5),
    /** Memory references a 2-D (nested) walk needs at most: (n+1)² − 1 for n-level tables. */
    nestedWalkRefs: PositiveInt.max(64),
    /** Fraction of nested-walk references served by the page-walk caches and nested TLB. */
    walkCacheHitRate: z.number().min(0).max(1),
    /**
     * Cache private to a core (its L2, or its share of a shared one). A vCPU switched onto a pCPU
     * after another vCPU ran there refills it; profiles stored before engine 0.8.0 take 256 KiB.
     */
    privateCacheKiB: PositiveInt.max(1 << 20).default(256).describe('cache private to a core, refilled after a switch to another vCPU'),
  }),
  native: NativeCosts,
  clocks: z.strictObject({
    hpetReadNs: z.number().positive().nullable().describe('one clock_gettime through the HPET on bare metal; null where the platform has none'),
    acpiPmReadNs: z.number().positive().nullable().describe('one clock_gettime through the ACPI PM timer on bare metal; null where the platform has none'),
    tscReadNs: z.number().positive().describe('one clock_gettime through the TSC (vDSO) on bare metal'),
  }),
  nic: Nic,
  storage: Storage,
  sources: Sources,
});
export type HardwareProfile = z.infer<typeof HardwareProfile>;

/**
 * Fields earlier versions had and no mechanism read (engine 0.4.0 retired them). Profiles stored
 * before then — custom catalog entries, the catalog snapshot of every recorded run — still carry
 * them; they are dropped on read. Any other unknown key is still an error.
 */
const RETIRED_KEYS = { native: ['rdtsc', 'tlbMissWalk', 'contextSwitch'], nic: ['latencyNs'], storage: ['queues'] } as const;

function dropRetiredKeys(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...input };
  for (const [part, keys] of Object.entries(RETIRED_KEYS)) {
    const v = out[part];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) continue;
    const copy: Record<string, unknown> = { ...v };
    for (const k of keys) delete copy[k];
    out[part] = copy;
  }
  return out;
}

/** A hardware profile as stored by an earlier version: its retired fields are dropped, then it is checked as a profile. */
export const StoredHardwareProfile = z.preprocess(dropRetiredKeys, HardwareProfile);

export function hostCores(p: HardwareProfile): number {
  return p.cpu.sockets * p.cpu.coresPerSocket * p.cpu.threadsPerCore;
}

export function hasFeature(p: HardwareProfile, f: HostFeature): boolean {
  return p.virt.features.includes(f);
}
