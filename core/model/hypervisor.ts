import { z } from 'zod';
import { Cycles, HypervisorFamily, Id, NonNegative, PositiveInt, ShortText, Sources, Year } from './common.ts';

/** Virtualization techniques. `native` is bare metal, the baseline. */
export const VirtMode = z.enum(['native', 'bt', 'trap-emulate', 'hw-shadow', 'hw-nested', 'xen-pv', 'pvh']);
export type VirtMode = z.infer<typeof VirtMode>;

export const MODE_LABEL: Record<VirtMode, string> = {
  native: 'native (bare metal)',
  bt: 'binary translation',
  'trap-emulate': 'trap-and-emulate',
  'hw-shadow': 'hardware-assisted, shadow paging',
  'hw-nested': 'hardware-assisted, nested paging',
  'xen-pv': 'Xen PV guest',
  pvh: 'PVH',
};

/** PV interfaces a hypervisor can offer to guests. */
export const PvInterface = z.enum([
  'virtio', // virtio-pci devices served by a userspace backend (QEMU)
  'vhost', // in-kernel virtio backends (vhost-net)
  'kvm-pv', // kvmclock, PV EOI, PV spinlock kick, PV TLB flush, PV IPI, steal time, async PF
  'xen-pv-mmu', // PV guests: page-table updates by hypercall
  'xen-evtchn',
  'xen-grant',
  'xen-pvclock',
  'hyperv-enlightenments', // reference TSC page, synthetic timers, PV EOI/IPI/TLB flush hypercalls
  'hyperv-vmbus',
  'vmware-vmxnet3',
  'vmware-pvscsi',
  'vmware-backdoor', // VMware Tools: time sync, balloon (vmmemctl)
  'vbox-vmmdev', // VirtualBox Guest Additions: time sync, balloon
]);
export type PvInterface = z.infer<typeof PvInterface>;

/** Virtual devices a guest can be given. */
export const DeviceModel = z.enum([
  // network
  'e1000', 'rtl8139', 'virtio-net', 'vmxnet3', 'xen-netfront', 'netvsc', 'sriov-vf',
  // storage
  'ide', 'ahci', 'lsi-scsi', 'virtio-blk', 'pvscsi', 'xen-blkfront', 'storvsc',
  // clock sources
  'tsc', 'hpet', 'acpi-pm', 'kvmclock', 'xen-pvclock', 'hyperv-tsc-page',
]);
export type DeviceModel = z.infer<typeof DeviceModel>;

export type DeviceClass = 'net' | 'disk' | 'clock';
export type DeviceKind = 'emulated' | 'pv' | 'passthrough' | 'hardware';

export const DEVICE_INFO: Record<DeviceModel, { class: DeviceClass; kind: DeviceKind; label: string }> = {
  e1000: { class: 'net', kind: 'emulated', label: 'Intel e1000 (emulated)' },
  rtl8139: { class: 'net', kind: 'emulated', label: 'Realtek RTL8139 (emulated)' },
  'virtio-net': { class: 'net', kind: 'pv', label: 'virtio-net' },
  vmxnet3: { class: 'net', kind: 'pv', label: 'VMware vmxnet3' },
  'xen-netfront': { class: 'net', kind: 'pv', label: 'Xen netfront' },
  netvsc: { class: 'net', kind: 'pv', label: 'Hyper-V synthetic NIC (netvsc)' },
  'sriov-vf': { class: 'net', kind: 'passthrough', label: 'SR-IOV virtual function' },
  ide: { class: 'disk', kind: 'emulated', label: 'IDE (emulated)' },
  ahci: { class: 'disk', kind: 'emulated', label: 'AHCI SATA (emulated)' },
  'lsi-scsi': { class: 'disk', kind: 'emulated', label: 'LSI Logic SCSI (emulated)' },
  'virtio-blk': { class: 'disk', kind: 'pv', label: 'virtio-blk' },
  pvscsi: { class: 'disk', kind: 'pv', label: 'VMware PVSCSI' },
  'xen-blkfront': { class: 'disk', kind: 'pv', label: 'Xen blkfront' },
  storvsc: { class: 'disk', kind: 'pv', label: 'Hyper-V synthetic SCSI (storvsc)' },
  tsc: { class: 'clock', kind: 'hardware', label: 'TSC' },
  hpet: { class: 'clock', kind: 'emulated', label: 'HPET' },
  'acpi-pm': { class: 'clock', kind: 'emulated', label: 'ACPI PM timer' },
  kvmclock: { class: 'clock', kind: 'pv', label: 'kvmclock (pvclock)' },
  'xen-pvclock': { class: 'clock', kind: 'pv', label: 'Xen pvclock' },
  'hyperv-tsc-page': { class: 'clock', kind: 'pv', label: 'Hyper-V reference TSC page' },
};

/** Where the hypervisor handles a device's exits and runs its backend. */
export const DeviceHome = z.enum(['kernel', 'userspace', 'dom0', 'root-partition', 'hardware']);
export type DeviceHome = z.infer<typeof DeviceHome>;

export const DeviceImpl = z.strictObject({
  home: DeviceHome,
  /** PV interfaces the device needs from this hypervisor (empty for emulated devices). */
  needs: z.array(PvInterface),
  /** Register accesses that exit, per request on the data path (emulated: several; PV: the kick). */
  exitsPerRequest: NonNegative.max(1000),
  /** Register accesses that exit in the guest's interrupt handler (ICR read, mask/unmask). */
  exitsPerInterrupt: NonNegative.max(1000),
  /** Device-model work for one register access, beyond the exit itself. */
  accessCycles: Cycles,
  /** Backend work per request and per KiB moved (copy, checksum, grant copy). */
  backendCyclesPerRequest: Cycles,
  backendCyclesPerKiB: Cycles,
  /**
   * Backend threads serving this device: per guest for 'kernel' and 'userspace' backends (each VM
   * has its own vhost worker or QEMU I/O thread), per host for 'dom0' and 'root-partition' ones
   * (one driver domain serves every guest on the host).
   */
  backendThreads: PositiveInt.max(1024),
  /** Requests the guest may queue in the ring before it has to wait; 1 for register-programmed devices. */
  ringSize: PositiveInt.max(65_536),
  /** Completed requests per interrupt (interrupt coalescing / NAPI batching). */
  requestsPerInterrupt: z.number().min(1).max(65_536),
});
export type DeviceImpl = z.infer<typeof DeviceImpl>;

export const HypervisorCosts = z.strictObject({
  exitDispatch: Cycles.describe('saving state and dispatching any exit, beyond the hardware exit/entry'),
  hypercall: Cycles.describe('handling a null hypercall'),
  instructionEmulation: Cycles.describe('fetching, decoding and emulating one faulting instruction'),
  shadowFault: Cycles.describe('classifying a #PF under shadow paging and injecting a true fault'),
  shadowSync: Cycles.describe('filling or updating one shadow page-table entry'),
  shadowSwitch: Cycles.describe('switching the shadow root on a guest address-space switch'),
  ioKernel: Cycles.describe('an I/O exit handled by an in-hypervisor device model (LAPIC, PIT, ACPI PM)'),
  ioUserspaceExtra: Cycles.describe('bouncing an I/O exit to the userspace device model and back'),
  irqInjection: Cycles.describe('injecting a virtual interrupt at VM entry'),
  eoi: Cycles.describe('emulating an EOI write'),
  ipi: Cycles.describe('emulating an IPI send and kicking the target vCPU'),
  msr: Cycles.describe('emulating a model-specific register access'),
  cpuid: Cycles,
  halt: Cycles.describe('handling HLT: blocking the vCPU'),
  vcpuSwitch: Cycles.describe('switching a physical CPU from one vCPU to another'),
  notify: Cycles.describe('signalling a backend thread (ioeventfd / event channel)'),
});
export type HypervisorCosts = z.infer<typeof HypervisorCosts>;

export const BinaryTranslationCosts = z.strictObject({
  syscall: Cycles.describe('extra cost of a guest system call under BT'),
  faultReflect: Cycles.describe('intercepting a guest fault in the VMM and reflecting it to the guest kernel'),
  pteUpdate: Cycles.describe('a translated guest PTE store that updates the shadow table in place'),
  portIo: Cycles.describe('a translated in/out emulated inside the VMM'),
  callRet: Cycles.describe('extra cost of a call/return pair through the translation cache'),
  addressSpaceSwitch: Cycles.describe('a translated CR3 write switching the shadow root'),
  privileged: Cycles.describe('a translated privileged instruction (cpuid, CR writes) emulated in place'),
  cr8Write: Cycles.describe('a translated CR8 write'),
  mmio: Cycles.describe('a translated MMIO access handed to the device model'),
});
export type BinaryTranslationCosts = z.infer<typeof BinaryTranslationCosts>;

export const XenPvCosts = z.strictObject({
  syscallBounce: Cycles.describe('extra cost of a 64-bit PV guest system call bounced through Xen'),
  faultBounce: Cycles.describe('a guest fault taken by Xen and bounced to the guest kernel'),
  mmuUpdateEntry: Cycles.describe('validating and applying one queued page-table update'),
  multicallBatch: PositiveInt.max(4096).describe('page-table updates queued before one batched hypercall'),
  addressSpaceSwitch: Cycles.describe('mmuext_op new_baseptr hypercall work'),
  privileged: Cycles.describe('a privileged operation replaced by a hypercall'),
});
export type XenPvCosts = z.infer<typeof XenPvCosts>;

export const HypervisorProfile = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  family: HypervisorFamily,
  version: ShortText,
  year: Year,
  builtIn: z.boolean().default(false),
  hosted: z.boolean().describe('runs on top of a host OS (Workstation, VirtualBox) rather than bare metal: each device interrupt reaches the guest through the host OS and a world switch'),
  modes: z.array(VirtMode).min(1),
  pvInterfaces: z.array(PvInterface),
  devices: z.partialRecord(DeviceModel, DeviceImpl),
  /** Add-on products this hypervisor expects at a minimum version; older ones are "too old" here. */
  minAddonVersions: z.record(ShortText, ShortText.regex(/^\d+(\.\d+)*$/)).default({}),
  costs: HypervisorCosts,
  bt: BinaryTranslationCosts.nullable(),
  xenPv: XenPvCosts.nullable(),
  scheduler: z.strictObject({
    name: ShortText,
    // Xen's own limits: a credit2 rate limit of at least 100 µs (XEN_SYSCTL_SCHED_RATELIMIT_MIN),
    // a credit time slice of at most 1000 ms (XEN_SYSCTL_CSCHED_TSLICE_MAX)
    timesliceUs: z.number().min(100).max(1_000_000),
    haltPollNs: NonNegative.max(1e9).describe('how long an idle vCPU is polled before its pCPU is given up'),
    pleWindow: Cycles.describe('spin cycles before a pause-loop exit'),
  }),
  sources: Sources,
});
export type HypervisorProfile = z.infer<typeof HypervisorProfile>;
