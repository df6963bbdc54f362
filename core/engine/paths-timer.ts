/**
 * Programming the clock interrupt: which device the guest OS writes to arm its next tick, and
 * what that write costs under the guest's technique. An OS lists the devices it programs, best
 * first (GuestOs.timer.devices); Windows takes Hyper-V's synthetic timers when it has them and
 * otherwise "reverts to using HPET (or even RTC when HPET is unavailable)" (QEMU
 * docs/system/i386/hyperv.rst, hv-stimer). A synthetic timer is an MSR write handled in the
 * hypervisor's kernel (TLFS "Synthetic Timers", HV_X64_MSR_STIMER0_CONFIG/COUNT; Linux
 * arch/x86/kvm/hyperv.c stimer_set_config/stimer_set_count), an emulated HPET comparator is an
 * MMIO exit decoded and handled by the device model (QEMU hw/timer/hpet.c), the LAPIC timer a
 * TSC-deadline MSR write. An OS that lists none keeps the older rule: the HPET when it is the
 * clock source, the synthetic timer with pv-timer, else the LAPIC timer.
 */
import type { DeviceImpl, TimerDevice } from '../model/index.ts';
import { componentState } from './compat.ts';
import type { PathKit } from './paths-mmu.ts';
import { CAT_HYP, type Path, makePath, plainStep } from './steps.ts';

/** What timer programming needs from the path builder beyond the MMU kit. */
export interface TimerKit extends PathKit {
  /** Hypervisor work for one emulated register access. */
  accessHandler(impl: DeviceImpl, decode: boolean): number;
}

/** The device the guest programs, of those its OS lists, that this guest has. */
function timerDevice(kit: TimerKit): { device: TimerDevice; hpet: DeviceImpl | null } {
  const env = kit.env;
  const pvTimer = componentState(env.pv, 'pv-timer')?.state === 'active';
  const listed = env.os.timer.devices;
  if (!listed) {
    if (env.clock.model === 'hpet' && env.clock.impl) return { device: 'hpet', hpet: env.clock.impl };
    return { device: pvTimer ? 'synthetic-timer' : 'lapic-timer', hpet: null };
  }
  for (const d of listed) {
    if (d === 'synthetic-timer' && pvTimer) return { device: d, hpet: null };
    const hpet = kit.hv.devices.hpet;
    if (d === 'hpet' && hpet) return { device: d, hpet };
    if (d === 'lapic-timer') return { device: d, hpet: null };
  }
  return { device: 'lapic-timer', hpet: null };
}

/** Arming the next clock interrupt. */
export function timerProgramPath(kit: TimerKit): Path {
  const env = kit.env;
  const m = env.mode;
  if (m === 'native') return makePath('timer program', 'native', [kit.kernel(env.profile.native.apicEoi)]);
  const hv = kit.hv;
  if (m === 'bt') return makePath('timer program: translated', 'bt', [plainStep(hv.bt!.privileged, CAT_HYP)]);
  if (m === 'xen-pv' || m === 'pvh') return makePath('timer program: set_timer_op', 'pv', kit.hypercall('set_timer_op', hv.costs.hypercall));
  const { device, hpet } = timerDevice(kit);
  if (device === 'hpet' && hpet) return makePath('timer program: emulated HPET comparator', 'emulated', kit.exit('MMIO', kit.accessHandler(hpet, true)));
  if (device === 'synthetic-timer') return makePath('timer program: synthetic timer MSR', 'pv', kit.exit('MSR_WRITE', hv.costs.msr));
  return makePath('timer program: LAPIC TSC-deadline MSR', 'hw', kit.exit('MSR_WRITE', hv.costs.msr));
}
