import { z } from 'zod';
import { Architecture, Cycles, Id, NonNegative, ShortText, Sources, Year } from './common.ts';
import { DeviceModel } from './hypervisor.ts';

/** The PV pieces an OS can carry in the box or an add-on can bring. */
export const PvComponent = z.enum([
  'pv-net', // a PV NIC driver
  'pv-blk', // a PV disk driver
  'pv-clock', // a PV clock source (kvmclock, Xen pvclock, Hyper-V TSC page)
  'pv-timer', // PV timer programming (Hyper-V synthetic timers, Xen set_timer_op)
  'pv-spinlock', // spinning vCPUs sleep in the hypervisor and are kicked by the holder
  'pv-tlb-flush', // shootdowns skip preempted vCPUs
  'pv-eoi', // EOI without an exit
  'pv-ipi', // many IPIs in one hypercall
  'steal-time',
  'async-pf',
  'balloon',
  'pv-mmu', // the guest-kernel side of full PV (Xen PV kernel)
  'time-sync',
  'vf-driver', // a driver for an SR-IOV virtual function of one exact NIC
]);
export type PvComponent = z.infer<typeof PvComponent>;

export const OsFamily = z.enum(['linux', 'windows', 'freebsd', 'testkernel']);
export type OsFamily = z.infer<typeof OsFamily>;

/** A PV component an OS ships in the box, with the device model or interface it drives. */
export const InboxComponent = z.strictObject({
  component: PvComponent,
  device: DeviceModel.optional(),
  /** Hypervisor families it works with (the same Linux ships drivers for several). */
  families: z.array(z.enum(['kvm', 'xen', 'hyperv', 'vmware', 'virtualbox'])),
  /** For vf-driver: the physical-NIC drivers whose VFs it can drive. */
  nicDrivers: z.array(ShortText).max(64).optional(),
});
export type InboxComponent = z.infer<typeof InboxComponent>;

export const GuestOs = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  family: OsFamily,
  /** Dotted numeric version used for add-on requirements: "6.1", "2.6.11", "6.1.7601" (Windows build). */
  version: ShortText.regex(/^\d+(\.\d+)*$/),
  year: Year,
  builtIn: z.boolean().default(false),
  archs: z.array(Architecture).min(1),
  /** Can run as a Xen PV guest without an add-on (its kernel has the PV MMU port). */
  xenPvKernel: z.boolean(),
  inbox: z.array(InboxComponent),
  /** Clock source the OS picks, best first; it takes the first one the guest is given. */
  clockPreference: z.array(DeviceModel),
  timer: z.strictObject({
    idleTickHz: NonNegative.max(10_000).describe('timer interrupts per second of an idle vCPU'),
    clockReadsPerTick: NonNegative.max(1000).describe('clock-source reads per timer interrupt'),
  }),
  /** Extra guest-kernel work this OS adds to the native cost of an operation. */
  kernel: z.strictObject({
    syscallExtra: Cycles,
    pageFaultExtra: Cycles,
    netStackPerPacket: Cycles.describe('guest network stack work per packet'),
    blockStackPerRequest: Cycles.describe('guest block layer work per request'),
  }),
  bootSeconds: z.number().positive().max(3600),
  sources: Sources,
});
export type GuestOs = z.infer<typeof GuestOs>;

/** Compare dotted numeric versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
