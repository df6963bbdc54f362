/**
 * Operation paths: how one operation of a guest's workload travels through guest, hypervisor,
 * backend and hardware under the guest's technique, devices and PV state. Each step costs
 * cycles of the host that pays them; steps marked with an event are emitted; the engine
 * executes steps and handles the special kinds (I/O, locks, IPIs, halts). Step and path types
 * are in steps.ts.
 *
 * Longer than ~400 lines on purpose: one builder holds the whole operation × technique matrix
 * (the table in docs/engine.md), and its helpers (exit, hypercall, eoi, withDriver) serve
 * every case; split across files, the matrix would no longer read as one table. Memory-management
 * paths (page faults, PTE writes, fork, exec, exit) and translated kernel code are in paths-mmu.ts,
 * device I/O (network and disk requests, interrupt coalescing) in paths-io.ts, programming the
 * clock interrupt in paths-timer.ts.
 */
import {
  type DeviceImpl,
  type DeviceModel,
  type GuestOs,
  type HardwareProfile,
  type HypervisorProfile,
  type Operation,
  type PathClass,
  type PvComponent,
  type VirtMode,
  DEVICE_INFO,
  hasFeature,
} from '../model/index.ts';
import { EventKindId, type Reason } from './events.ts';
import { type ComponentResolution, componentState } from './compat.ts';
import { exitPrice, hardwareAssisted, pleWindowCycles } from './exits.ts';
import { forkPath, pageFaultPath, pteWritePath, teardownPath, translatedKernelCycles } from './paths-mmu.ts';
import { type IoKit, diskPath, netPath } from './paths-io.ts';
import { timerProgramPath } from './paths-timer.ts';
import {
  CAT_EXIT, CAT_HYP, CAT_KERNEL, CAT_USER, type Path, type Step,
  crashStep, divisibleStep, haltStep, ipiStep, lockAcquireStep, lockReleaseStep, makePath, mmuLockStep, plainStep, withEvent,
} from './steps.ts';

export interface ResourceRefs {
  backend(device: DeviceModel, impl: DeviceImpl): number;
  nic(): number;
  disk(): number;
  mmuLock(): number;
}

export interface GuestEnv {
  profile: HardwareProfile;
  hv: HypervisorProfile | null;
  os: GuestOs;
  mode: VirtMode;
  vcpus: number;
  privileged: boolean;
  pv: readonly ComponentResolution[];
  nic: EffectiveDevice | null;
  disk: EffectiveDevice | null;
  clock: EffectiveDevice;
  res: ResourceRefs;
  params: Readonly<Record<string, number>>;
  /** nicInterruptIntervalNs of the guest's NIC coalescing. */
  nicInterruptIntervalNs: number;
}

/** The device a guest uses for a class, what its PV driver does, and what it falls back to. */
export interface EffectiveDevice {
  model: DeviceModel;
  impl: DeviceImpl | null; // null on bare metal (the physical device) and for the TSC
  /** The PV component driving it and its state (active / fallback / crash), for PV and passthrough devices. */
  driver: ComponentResolution | null;
  /** Where a failing PV call falls back to. */
  fallback: EffectiveDevice | null;
  home: 'kernel' | 'userspace' | 'dom0' | 'root-partition' | 'hardware' | 'native';
}

const plain = (cycles: number, category: number) => plainStep(cycles, category);

/** Builds paths for one guest. */
export class PathBuilder implements IoKit {
  readonly env: GuestEnv;
  private readonly ghz: number;

  constructor(env: GuestEnv) {
    this.env = env;
    this.ghz = env.profile.cpu.clockGhz;
  }

  get hv(): HypervisorProfile {
    if (!this.env.hv) throw new Error('internal: a virtualized path was requested for a bare-metal guest');
    return this.env.hv;
  }

  private get hwMode(): boolean {
    return hardwareAssisted(this.env.mode);
  }

  /** Spin cycles before a pause-loop exit (0: none), decided in exits.ts. */
  private get pleWindow(): number {
    return pleWindowCycles(this.env.profile, this.env.hv, this.env.mode);
  }

  private feature(f: Parameters<typeof hasFeature>[1]): boolean {
    return hasFeature(this.env.profile, f);
  }

  private pvState(c: PvComponent): 'active' | 'fallback' | 'crash' | 'none' {
    const s = componentState(this.env.pv, c);
    return s && s.state !== 'inactive' ? s.state : 'none';
  }

  /**
   * A transition into the hypervisor and back, priced by exits.ts: a VM exit/entry under
   * hardware assistance, a trap under BT, trap-and-emulate and Xen PV. The event carries the
   * whole round trip.
   */
  exit(reason: Reason, handler: number, extra: Step[] = []): Step[] {
    const p = exitPrice(this.env.profile, this.hv, this.env.mode, handler);
    const total = p.enter + p.work + p.leave + extra.reduce((a, s) => a + s.cycles, 0);
    return [plainStep(p.enter, CAT_EXIT, EventKindId.exit, reason, total), plain(p.work, CAT_HYP), ...extra, plain(p.leave, CAT_EXIT)];
  }

  hypercall(reason: Reason, handler: number): Step[] {
    const s = this.exit('VMCALL', handler);
    s[0] = withEvent(s[0]!, EventKindId.hypercall, reason);
    return s;
  }

  mmuLocked(cycles: number): Step {
    return mmuLockStep(cycles, this.env.res.mmuLock());
  }

  kernel(c: number): Step {
    return plain(c, CAT_KERNEL);
  }

  // -------------------------------------------------------------------------------------------

  /** The path of one operation (one repetition). */
  op(op: Operation): Path {
    const m = this.env.mode;
    const n = this.env.profile.native;
    const k = this.env.os.kernel;
    const bt = m === 'bt';
    const xpv = m === 'xen-pv';
    const native = m === 'native';
    const cls: PathClass = native ? 'native' : bt ? 'bt' : xpv ? 'pv' : 'hw';
    switch (op.op) {
      case 'compute': {
        let extra = 0;
        if ((m === 'hw-nested' || m === 'pvh') && op.tlbMissesPerKcycle > 0) {
          const mem = this.env.profile.memory;
          const refs = (mem.nestedWalkRefs - mem.pageWalkLevels) * (1 - mem.walkCacheHitRate);
          extra = (op.cycles / 1000) * op.tlbMissesPerKcycle * refs * mem.latencyNs * this.ghz;
        }
        const kernelCycles = op.cycles * (op.kernelShare ?? 0);
        if (kernelCycles === 0) return makePath('compute', cls, [divisibleStep(op.cycles + extra, CAT_USER)], false);
        // the guest-kernel share runs translated under BT: the translation cache's extra cycles are the VMM's
        const translated = translatedKernelCycles(this.env, kernelCycles);
        const user = op.cycles - kernelCycles + extra;
        const steps = [...(user > 0 ? [divisibleStep(user, CAT_USER)] : []), divisibleStep(kernelCycles, CAT_KERNEL)];
        if (translated > 0) steps.push(divisibleStep(translated, CAT_HYP));
        return makePath(translated > 0 ? 'compute: guest-kernel share translated' : 'compute', cls, steps, false);
      }
      case 'callRet':
        return makePath('call/ret', cls, [plain(n.callRet + (bt ? this.hv.bt!.callRet : 0), CAT_USER)]);
      case 'syscall': {
        const base = this.kernel(n.syscall + k.syscallExtra);
        if (native || this.hwMode) return makePath('syscall', cls, [base]);
        if (bt) return makePath('syscall: translated entry', 'bt', [base, plain(this.hv.bt!.syscall, CAT_HYP)]);
        if (xpv) {
          return this.env.profile.arch === 'x86_64'
            ? makePath('syscall: bounced through Xen', 'pv', [...this.exit('SYSCALL_BOUNCE', this.hv.xenPv!.syscallBounce), base])
            : makePath('syscall: direct trap to ring 1', 'pv', [base]);
        }
        return makePath('syscall: trapped and reflected', cls, [...this.exit('FAULT_BOUNCE', 0), base]);
      }
      case 'divFault':
      case 'privOp': {
        // a #GP from user mode is delivered like any fault: to the guest kernel directly with
        // hardware assist (not intercepted), through the VMM or Xen otherwise; the kernel's
        // handling is taken as costly as a divide fault's
        const what = op.op === 'divFault' ? 'divide fault' : 'privileged instruction in user mode: #GP';
        const base = this.kernel(n.divFault);
        const gp = op.op === 'privOp' ? [plainStep(0, CAT_KERNEL, EventKindId.fault, 'general_protection')] : [];
        if (native || this.hwMode) return makePath(what, cls, [...gp, base]);
        if (bt) return makePath(`${what}: reflected by the VMM`, 'bt', [...this.exit('FAULT_BOUNCE', this.hv.bt!.faultReflect - 2 * this.env.profile.virt.trapCycles), ...gp, base]);
        if (xpv) return makePath(`${what}: bounced through Xen`, 'pv', [...this.exit('FAULT_BOUNCE', this.hv.xenPv!.faultBounce), ...gp, base]);
        return makePath(`${what}: trapped and reflected`, cls, [...this.exit('FAULT_BOUNCE', 0), ...gp, base]);
      }
      case 'pageFault':
        return pageFaultPath(this);
      case 'pteWrite':
        return pteWritePath(this);
      case 'fork':
        return forkPath(this, op.ptes, op.childTouches);
      case 'exec':
      case 'exit':
        return teardownPath(this, op.op, op.ptes);
      case 'addressSpaceSwitch': {
        const base = this.kernel(n.addressSpaceSwitch);
        if (native || m === 'hw-nested' || m === 'pvh') return makePath('address-space switch', cls, [base]);
        if (bt) return makePath('address-space switch: translated', 'bt', [plain(this.hv.bt!.addressSpaceSwitch, CAT_HYP), base]);
        if (xpv) return makePath('address-space switch: mmuext_op', 'pv', [...this.hypercall('mmuext_op', this.hv.costs.hypercall + this.hv.xenPv!.addressSpaceSwitch), base]);
        return makePath('address-space switch: shadow root switch', cls, [...this.exit('CR_ACCESS', this.hv.costs.shadowSwitch), base]);
      }
      case 'portIo':
        if (native) return makePath('port I/O', 'native', [this.kernel(n.portIo)]);
        if (bt) return makePath('port I/O: emulated in the VMM', 'bt', [plain(this.hv.bt!.portIo, CAT_HYP)]);
        return makePath('port I/O: exit, emulated', this.hwMode ? 'emulated' : cls, this.exit('IO_INSTRUCTION', this.hv.costs.ioKernel));
      case 'mmio':
        if (native) return makePath('MMIO', 'native', [this.kernel(n.mmio)]);
        if (bt) return makePath('MMIO: translated', 'bt', [plain(this.hv.bt!.mmio, CAT_HYP)]);
        return makePath('MMIO: exit, decoded, userspace device model', 'emulated', this.exit('MMIO', this.hv.costs.instructionEmulation + this.hv.costs.ioUserspaceExtra));
      case 'cpuid':
        if (native) return makePath('cpuid', 'native', [this.kernel(n.cpuid)]);
        if (bt) return makePath('cpuid: translated', 'bt', [plain(this.hv.bt!.privileged, CAT_HYP)]);
        return makePath('cpuid: exit', cls, this.exit(xpv ? 'PRIV_TRAP' : 'CPUID', this.hv.costs.cpuid));
      case 'crWrite':
        if (native) return makePath('CR write', 'native', [this.kernel(n.crWrite)]);
        if (bt) return makePath('CR write: translated', 'bt', [plain(this.hv.bt!.privileged, CAT_HYP)]);
        if (xpv) return makePath('CR write: hypercall', 'pv', this.hypercall('null', this.hv.costs.hypercall + this.hv.xenPv!.privileged));
        return makePath('CR write: exit', cls, this.exit('CR_ACCESS', this.hv.costs.msr));
      case 'cr8Write':
        if (native || xpv) return makePath('CR8 write', cls, [this.kernel(n.cr8Write)]);
        if (bt) return makePath('CR8 write: translated', 'bt', [plain(this.hv.bt!.cr8Write, CAT_HYP)]);
        if (this.hwMode && this.feature('tpr-shadow')) return makePath('CR8 write: TPR shadow', 'hw', [this.kernel(n.cr8Write)]);
        return makePath('CR8 write: exit', cls, this.exit('CR8_WRITE', this.hv.costs.msr));
      case 'clockRead':
        return this.clockRead(this.env.clock);
      case 'timerProgram':
        return this.timerProgram();
      case 'hypercall':
        return this.hypercallOp(op.privileged);
      case 'ipi':
        return this.ipiOp(op.tlbShootdown);
      case 'spinlock':
        return this.spinlock(op.holdCycles);
      case 'netSend':
      case 'netRecv':
        return netPath(this, op.op === 'netSend', this.bytesOf(op));
      case 'diskRead':
      case 'diskWrite':
        return diskPath(this, op.op === 'diskRead', op.bytes);
      case 'balloon':
        return this.balloon(op.pages);
      case 'idle':
        return this.idle();
    }
  }

  private bytesOf(op: { bytes?: number | undefined; bytesParam?: string | undefined }): number {
    if (op.bytesParam !== undefined) {
      const v = this.env.params[op.bytesParam];
      if (v === undefined) throw new Error(`internal: workload parameter "${op.bytesParam}" has no value`);
      return v;
    }
    return op.bytes ?? 1500;
  }

  // -------------------------------------------------------------------------------------------
  // clocks and timers

  private clockRead(dev: EffectiveDevice): Path {
    const p = this.env.profile;
    const tscCycles = p.clocks.tscReadNs * this.ghz;
    const guestSide = this.kernel(tscCycles);
    const info = DEVICE_INFO[dev.model];
    if (dev.model === 'tsc') return makePath('clock read: TSC', this.env.mode === 'native' ? 'native' : 'hw', [guestSide]);
    if (info.kind === 'pv') {
      return this.withDriver(dev, `clock read: ${info.label}`, [plain(tscCycles + 20, CAT_KERNEL)], (fb) => this.clockRead(fb));
    }
    const busNs = dev.model === 'hpet' ? p.clocks.hpetReadNs : p.clocks.acpiPmReadNs;
    if (this.env.mode === 'native' || !dev.impl) {
      return makePath(`clock read: ${info.label}`, 'native', [this.kernel((busNs ?? p.clocks.tscReadNs) * this.ghz)]);
    }
    if (this.env.mode === 'bt') return makePath(`clock read: ${info.label}, emulated by the VMM`, 'bt', [guestSide, plain(this.hv.bt!.mmio + dev.impl.accessCycles, CAT_HYP)]);
    const reason: Reason = dev.model === 'acpi-pm' ? 'IO_INSTRUCTION' : 'MMIO';
    return makePath(`clock read: emulated ${info.label} (${dev.impl.home})`, 'emulated', [guestSide, ...this.exit(reason, this.accessHandler(dev.impl, reason === 'MMIO'))]);
  }

  /**
   * A device register access under binary translation: the translated access enters the VMM
   * without a trap; a device modelled outside the monitor (the user-space VMX process of a hosted
   * VMM) is reached by a world switch to the host and back, the same trip as an exit handled in
   * user space (Sugerman, Venkitachalam & Lim, USENIX ATC 2001).
   */
  translatedAccess(impl: DeviceImpl): Step[] {
    const worldSwitch = impl.home === 'userspace' ? this.hv.costs.ioUserspaceExtra : 0;
    return [plain(this.hv.bt!.mmio + impl.accessCycles, CAT_HYP), ...(worldSwitch > 0 ? [plainStep(worldSwitch, CAT_HYP, EventKindId.exit, 'BT_CALLOUT', worldSwitch)] : [])];
  }

  /** Hypervisor work for one emulated register access. */
  accessHandler(impl: DeviceImpl, decode: boolean): number {
    const c = this.hv.costs;
    const away = impl.home === 'userspace' || impl.home === 'dom0' || impl.home === 'root-partition';
    return (decode ? c.instructionEmulation : 0) + c.ioKernel * (decode ? 0 : 1) + (away ? c.ioUserspaceExtra : 0) + impl.accessCycles;
  }

  private timerProgram(): Path {
    return timerProgramPath(this);
  }

  /** End of interrupt: an exit unless APIC virtualization or PV EOI avoids it. */
  private eoi(): { steps: Step[]; cls: PathClass } {
    const n = this.env.profile.native;
    const m = this.env.mode;
    if (m === 'native' || m === 'xen-pv') return { steps: [this.kernel(n.apicEoi)], cls: m === 'native' ? 'native' : 'pv' };
    if (m === 'bt') return { steps: [plain(this.hv.bt!.privileged, CAT_HYP)], cls: 'bt' };
    if (this.feature('apicv')) return { steps: [this.kernel(n.apicEoi)], cls: 'hw' };
    if (this.pvState('pv-eoi') === 'active') return { steps: [this.kernel(n.apicEoi)], cls: 'pv' };
    return { steps: this.exit('APIC_EOI', this.hv.costs.eoi), cls: 'emulated' };
  }

  /**
   * An assigned device's interrupt reaches the physical CPU, not the host's backend. With posted
   * interrupts (Intel VT-d posted-interrupt descriptors with APICv; Linux KVM
   * vmx_deliver_posted_interrupt / vmx_pi_update_irte) the IOMMU posts it into the guest's vAPIC
   * without an exit. Without them (ELI, Gordon et al., ASPLOS 2012, §2–3: the exits of an
   * assigned-device interrupt) the running guest takes an external-interrupt exit; the host's
   * handler (vfio_msihandler → irqfd → kvm_set_msi, priced as an exit handled in the host kernel,
   * Dall et al.'s I/O exit) queues it for injection at the next entry; the EOI exits unless APICv
   * or PV EOI virtualizes it (eoi()).
   */
  private assignedInterruptPosted(device: EffectiveDevice | null, reason: Reason): boolean | null {
    if (!device?.impl || reason !== 'io_completion' || DEVICE_INFO[device.model].kind !== 'passthrough' || !this.hwMode) return null;
    return this.feature('posted-interrupts');
  }

  /** Interrupt delivered to this guest: exit and injection, handler, device register accesses, EOI. */
  interrupt(reason: Reason, device: EffectiveDevice | null): Path {
    const n = this.env.profile.native;
    const steps: Step[] = [];
    const posted = this.assignedInterruptPosted(device, reason);
    if (posted === true) {
      // delivered through the posted-interrupt descriptor: no exit, nothing for the hypervisor to inject
      steps.push(plainStep(0, CAT_HYP, EventKindId.inject, reason, 0));
    } else if (this.env.mode !== 'native') {
      if (posted === false) steps.push(...this.exit('EXTERNAL_INTERRUPT', this.hv.costs.ioKernel));
      // a hosted VMM does not own the hardware: a device's interrupt reaches the host OS and the
      // VMM's user-space process, and a world switch back into the VMM injects it (Sugerman,
      // Venkitachalam & Lim, USENIX ATC 2001), the same trip as an exit handled in user space
      if (this.hv.hosted && reason === 'io_completion') steps.push(plain(this.hv.costs.ioUserspaceExtra, CAT_HYP));
      steps.push(plainStep(this.hv.costs.irqInjection, CAT_HYP, EventKindId.inject, reason, this.hv.costs.irqInjection));
    }
    steps.push(this.kernel(n.interrupt));
    if (device?.impl && DEVICE_INFO[device.model].kind === 'emulated' && this.env.mode !== 'native') {
      // the handler's register accesses (ICR read, mask writes; IDE's status and bus-master
      // registers are port I/O): exits, or translated accesses (the BT device path) under BT
      const portIo = device.model === 'ide';
      const access = (impl: DeviceImpl): Step[] => (this.env.mode === 'bt' ? this.translatedAccess(impl) : this.exit(portIo ? 'IO_INSTRUCTION' : 'MMIO', this.accessHandler(impl, !portIo)));
      for (let i = 0; i < device.impl.exitsPerInterrupt; i++) steps.push(...access(device.impl));
    }
    const e = this.eoi();
    steps.push(...e.steps);
    const delivery = posted === true ? 'posted, ' : posted === false ? 'external-interrupt exit, ' : '';
    const cls: PathClass = posted === true ? 'passthrough' : posted === false && e.cls !== 'emulated' ? 'hw' : e.cls;
    return makePath(`interrupt (${reason}): ${delivery}${e.cls === 'emulated' ? 'EOI exits' : 'EOI without exit'}`, cls, steps);
  }

  // -------------------------------------------------------------------------------------------
  // IPIs, locks, hypercalls, balloon, idle

  private ipiOp(shootdown: boolean): Path {
    const n = this.env.profile.native;
    const m = this.env.mode;
    const pvIpi = this.pvState('pv-ipi') === 'active';
    const pvTlb = shootdown && this.pvState('pv-tlb-flush') === 'active';
    let sendPerTarget: Step[];
    let sendOnce: Step[] = [];
    let cls: PathClass = m === 'native' ? 'native' : 'hw';
    if (m === 'native' || m === 'xen-pv') sendPerTarget = [this.kernel(n.ipiSend)];
    else if (m === 'bt') sendPerTarget = [plain(this.hv.bt!.privileged, CAT_HYP)];
    else if (pvIpi) {
      sendPerTarget = [];
      sendOnce = this.hypercall('send_ipi', this.hv.costs.hypercall + this.hv.costs.ipi);
      cls = 'pv';
    } else sendPerTarget = this.exit('APIC_ICR', this.hv.costs.ipi);
    if (m === 'xen-pv') sendOnce = this.hypercall('event_channel_op', this.hv.costs.hypercall);
    const irq = this.interrupt('ipi', null);
    const flush = shootdown ? [this.kernel(n.addressSpaceSwitch)] : [];
    const irqPath = makePath(irq.name, irq.cls, [...irq.steps, ...flush]);
    const s = ipiStep({ shootdown, pvTlbFlush: pvTlb, pleWindowCycles: this.pleWindow, sendPerTarget, irqPath });
    const name = `${shootdown ? 'TLB shootdown' : 'IPI'}${pvIpi ? ', PV IPI hypercall' : ''}${pvTlb ? ', PV TLB flush skips preempted vCPUs' : ''}`;
    return makePath(name, pvTlb ? 'pv' : cls, [...sendOnce, s]);
  }

  private spinlock(holdCycles: number): Path {
    const m = this.env.mode;
    const pv = m !== 'native' && m !== 'bt' && this.pvState('pv-spinlock') === 'active';
    const ple = this.pleWindow;
    const acquire = lockAcquireStep(20, {
      pleWindowCycles: ple,
      pvSpinlock: pv,
      kickSteps: pv ? this.hypercall('kick_cpu', this.hv.costs.hypercall + this.hv.costs.ipi) : [],
    });
    const name = `spinlock${pv ? ' (PV: waiters sleep, holder kicks)' : ple > 0 ? ' (pause-loop exiting)' : ''}`;
    return makePath(name, pv ? 'pv' : m === 'native' ? 'native' : 'hw', [acquire, divisibleStep(holdCycles, CAT_KERNEL), lockReleaseStep(20)]);
  }

  private hypercallOp(privileged: boolean): Path {
    const m = this.env.mode;
    if (m === 'native') return makePath('hypercall: none on bare metal', 'native', [this.kernel(0)]);
    if (m === 'bt') return makePath('hypercall: VMM backdoor call', 'bt', [plain(this.hv.bt!.privileged, CAT_HYP)]);
    const steps = this.hypercall(privileged ? 'management' : 'null', this.hv.costs.hypercall);
    if (privileged && !this.env.privileged) {
      steps.push(plainStep(0, CAT_HYP, EventKindId.fault, 'permission_denied'));
      return makePath('hypercall: management call refused (unprivileged guest)', 'pv', steps);
    }
    return makePath(privileged ? 'hypercall: management' : 'hypercall: null', 'pv', steps);
  }

  private balloon(pages: number): Path {
    const driverState = this.pvState('balloon');
    if (this.env.mode === 'native' || driverState === 'none') return makePath('balloon: no balloon driver', this.env.mode === 'native' ? 'native' : 'emulated', [this.kernel(0)]);
    const work = this.hv.costs.hypercall + pages * this.hv.costs.shadowSync;
    return makePath('balloon: pages returned to the host', 'pv', this.hypercall('balloon', work));
  }

  private idle(): Path {
    const m = this.env.mode;
    const n = this.env.profile.native;
    const tick = this.interrupt('timer', null);
    const reads: Step[] = [];
    const read = this.clockRead(this.env.clock);
    for (let i = 0; i < this.env.os.timer.clockReadsPerTick; i++) reads.push(...read.steps);
    const prog = this.timerProgram();
    const tickPath = makePath(`timer tick: ${read.name}; ${prog.name}`, read.cls === 'emulated' || prog.cls === 'emulated' ? 'emulated' : read.cls, [...tick.steps, ...reads, ...prog.steps]);
    const halt = haltStep({ haltPollNs: m === 'native' || m === 'bt' ? 0 : this.hv.scheduler.haltPollNs, tickPath });
    const enter = m === 'native' || m === 'bt' || m === 'xen-pv' ? [this.kernel(n.halt)] : this.exit('HLT', this.hv.costs.halt);
    if (m === 'xen-pv') enter.push(...this.hypercall('sched_op_block', this.hv.costs.hypercall));
    return makePath(`idle: halt until the next tick`, tickPath.cls, [...enter, halt]);
  }

  // -------------------------------------------------------------------------------------------
  // devices

  /**
   * A PV or passthrough device path guarded by its driver's state: active → the path;
   * fallback → the failed PV attempt (paid) and then the emulated path; crash → the guest breaks.
   */
  withDriver(dev: EffectiveDevice, name: string, steps: Step[], fallbackPath: (fb: EffectiveDevice) => Path, cls: PathClass = 'pv'): Path {
    const driverState = dev.driver?.state ?? 'active';
    if (driverState === 'crash') return makePath(`${name}: add-on breaks the guest`, cls, [crashStep(EventKindId.guest, 'crash')]);
    if (driverState === 'fallback' && dev.fallback) {
      const fb = fallbackPath(dev.fallback);
      // the failed PV call: a hypercall that reports the fallback (bare metal has no PV call to fail)
      const attempt = this.env.mode === 'native' ? [] : this.exit('VMCALL', this.hv.costs.hypercall);
      if (attempt.length > 0) attempt[0] = withEvent(attempt[0]!, EventKindId.fallback, 'pv_call_failed');
      return makePath(`${name} failed → ${fb.name}`, fb.cls, [...attempt, ...fb.steps]);
    }
    return makePath(name, cls, steps);
  }
}
