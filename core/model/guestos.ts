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
  'relaxed-timing', // the guest drops watchdog timeouts that expect timely interrupts (a fact: the lab models no watchdog)
]);
export type PvComponent = z.infer<typeof PvComponent>;

/**
 * QEMU's Hyper-V enlightenment flags (-cpu …,hv-time,hv-stimer,…; QEMU docs/system/i386/hyperv.rst),
 * which offer a Windows guest on KVM the Hyper-V interfaces it uses on Hyper-V. None is on by
 * default ("No Hyper-V enlightenments are enabled by default by either KVM or QEMU"). The flags
 * they need in QEMU (hv-vpindex, hv-synic) are taken as given.
 */
export const HvFlag = z.enum(['hv-relaxed', 'hv-vapic', 'hv-time', 'hv-stimer', 'hv-spinlocks', 'hv-tlbflush', 'hv-ipi']);
export type HvFlag = z.infer<typeof HvFlag>;

/** The PV component each flag offers (hyperv.rst): hv-time the reference TSC page, hv-stimer synthetic timers, hv-vapic exit-less EOI, … */
export const HV_FLAG_COMPONENT: Record<HvFlag, PvComponent> = {
  'hv-relaxed': 'relaxed-timing',
  'hv-vapic': 'pv-eoi',
  'hv-time': 'pv-clock',
  'hv-stimer': 'pv-timer',
  'hv-spinlocks': 'pv-spinlock',
  'hv-tlbflush': 'pv-tlb-flush',
  'hv-ipi': 'pv-ipi',
};

/** Devices an OS can program for its clock interrupt. */
export const TimerDevice = z.enum(['synthetic-timer', 'hpet', 'lapic-timer']);
export type TimerDevice = z.infer<typeof TimerDevice>;

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
    idleTickHz: NonNegative.max(10_000).describe('timer interrupts per second of an idle vCPU (one that skips ticks, where the OS skips them)'),
    clockReadsPerTick: NonNegative.max(1000).describe('clock-source reads per timer interrupt'),
    idleTick: z
      .enum(['periodic', 'boot-cpu', 'dynamic'])
      .optional()
      .describe('periodic (absent): every idle vCPU takes every tick; boot-cpu: only vCPU 0 does, the others skip ticks (Windows 7 intelligent timer tick distribution); dynamic: every idle vCPU skips ticks (dynamic tick, NO_HZ_IDLE)'),
    tickHz: NonNegative.max(10_000).optional().describe('the periodic clock interrupt rate at the default timer resolution; absent: idleTickHz'),
    raisedResolution: z
      .enum(['global', 'per-process'])
      .optional()
      .describe('how a timer resolution an application raises (timeBeginPeriod) applies: to every vCPU (global) or to the vCPUs of the processes that asked (per-process); absent: applications cannot raise it'),
    devices: z.array(TimerDevice).min(1).optional().describe('the clock-interrupt devices the OS programs, best first; absent: the LAPIC timer (the HPET when it is the clock source, the synthetic timer with pv-timer)'),
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
