/**
 * Device I/O paths: a network packet or a disk request from the guest's stack through its device
 * — emulated register exits (or translated accesses under BT), a PV ring with its notification
 * and backend, an assigned VF, or the host's own device on bare metal — to the I/O step the engine
 * queues on the backend and the device, and the completion interrupt. A PV or passthrough driver
 * that fails falls back as `withDriver` (paths.ts) says. Interrupt coalescing of NICs the guest
 * drives itself is decided here too.
 */
import { type DeviceImpl, type NicCoalescing, type PathClass, DEVICE_INFO } from '../model/index.ts';
import { driverTxRing } from '../catalog/nic-drivers.ts';
import { EventKindId, type Reason } from './events.ts';
import type { EffectiveDevice } from './paths.ts';
import { translatedKernelCycles } from './paths-mmu.ts';
import type { TimerKit } from './paths-timer.ts';
import { CAT_HYP, CAT_KERNEL, type IoSpec, NO_RESOURCE, type Path, type Step, ioStep, kickStep, makePath, plainStep, withEvent } from './steps.ts';

/** What device I/O needs from the path builder beyond timer programming. */
export interface IoKit extends TimerKit {
  /** The completion interrupt of `device`, delivered as the guest's technique delivers it. */
  interrupt(reason: Reason, device: EffectiveDevice | null): Path;
  /** One register access of an emulated device, translated under BT. */
  translatedAccess(impl: DeviceImpl): Step[];
  /** A PV or passthrough path guarded by its driver's state (active, fallback, crash). */
  withDriver(dev: EffectiveDevice, name: string, steps: Step[], fallbackPath: (fb: EffectiveDevice) => Path, cls?: PathClass): Path;
}

/**
 * Interrupt moderation of a physical NIC and of its SR-IOV virtual function, which coalesce the
 * same way: Linux ixgbe (ixgbe_lib.c ixgbe_alloc_q_vector) and ixgbevf (ixgbevf_main.c
 * ixgbevf_configure_msix) start every Rx/Tx vector at IXGBE_20K_ITR (rx_itr_setting 1, the
 * default), at most 20,000 interrupts/s: ≥ 50 µs between interrupts. A link carries
 * 50 µs ÷ (wire time of one frame) frames in that gap; each interrupt completes that many.
 */
export const NIC_ITR_NS = 50_000;

/** The least time between two interrupts of a NIC the guest drives itself: the scenario's setting, else NIC_ITR_NS; 0 when coalescing is off. */
export function nicInterruptIntervalNs(coalescing: NicCoalescing | undefined): number {
  if (!coalescing) return NIC_ITR_NS;
  return coalescing.mode === 'off' ? 0 : coalescing.intervalUs * 1000;
}

function ioSpec(kit: IoKit, kind: IoSpec['kind'], dev: EffectiveDevice, bytes: number, sync: boolean, irqPath: Path): IoSpec {
  const p = kit.env.profile;
  const impl = dev.impl;
  const kib = bytes / 1024;
  const isNet = kind === 'net-tx' || kind === 'net-rx';
  const deviceNs = isNet
    ? Math.max(1, Math.round((bytes + 38) * 8 / p.nic.gbps)) // frame + preamble/IFG/FCS on the wire
    : Math.round(p.storage.latencyUs * 1000 + (bytes / (p.storage.mbps * 1e6)) * 1e9);
  const software = impl && impl.home !== 'hardware' && kit.env.mode !== 'native';
  return {
    kind,
    backend: software ? kit.env.res.backend(dev.model, impl) : NO_RESOURCE,
    backendCycles: software ? impl.backendCyclesPerRequest + kib * impl.backendCyclesPerKiB : 0,
    device: isNet ? kit.env.res.nic() : kit.env.res.disk(),
    deviceNs,
    sync,
    // a NIC the guest drives itself on bare metal has its driver's ring (a bare-metal disk: 256 requests)
    ringSize: impl?.ringSize ?? (isNet ? driverTxRing(p.nic.driver) : 256),
    requestsPerInterrupt: coalesced(kit, isNet, impl, deviceNs),
    irqPath,
  };
}

/**
 * Completions per interrupt: a physical NIC on bare metal and an SR-IOV VF moderate alike,
 * unless the scenario sets their coalescing (the frames the link carries between two
 * interrupts; one per frame with coalescing off); a software device model coalesces as its
 * profile says; a bare-metal disk interrupts per request.
 */
function coalesced(kit: IoKit, isNet: boolean, impl: DeviceImpl | null, deviceNs: number): number {
  const hardware = kit.env.mode === 'native' || !impl || impl.home === 'hardware';
  if (isNet && hardware) return Math.max(1, Math.floor(kit.env.nicInterruptIntervalNs / deviceNs));
  return impl?.requestsPerInterrupt ?? 1;
}

function ioPath(kit: IoKit, kind: IoSpec['kind'], dev: EffectiveDevice, bytes: number, guestWork: number, sync: boolean): Path {
  const info = DEVICE_INFO[dev.model];
  const m = kit.env.mode;
  const irq = kit.interrupt('io_completion', dev);
  const io = ioStep(ioSpec(kit, kind, dev, bytes, sync, irq));
  // the guest's network or block stack: kernel code, run translated under BT
  const translated = translatedKernelCycles(kit.env, guestWork);
  const guest = kit.kernel(guestWork);
  const stack = translated > 0 ? [guest, plainStep(translated, CAT_HYP)] : [guest];
  // a driver on the NIC itself (bare metal or a VF) writes the transmit tail register per packet
  // (Linux ixgbe_tx_map / ixgbevf_tx_map: writel(i, tx_ring->tail)); receive buffers go back in batches
  const native = kit.env.profile.native;
  const doorbell = kind === 'net-tx' ? [plainStep(native.mmio, CAT_KERNEL, EventKindId.notify, 'doorbell', native.mmio)] : [];
  if (m === 'native' || !dev.impl) {
    // bare metal drives the host's own device, not a model of one
    const p = kit.env.profile;
    const physical = kind === 'net-tx' || kind === 'net-rx' ? `${p.nic.vendor} ${p.nic.model}` : p.storage.model;
    return makePath(`${kind} ${bytes} B via ${physical} (bare metal)`, 'native', [...stack, ...doorbell, io]);
  }
  const label = `${kind} ${bytes} B via ${info.label}`;
  const impl = dev.impl;
  if (info.kind === 'emulated') {
    const submit: Step[] = [];
    if (m === 'bt') {
      for (let i = 0; i < impl.exitsPerRequest; i++) submit.push(...kit.translatedAccess(impl));
    } else {
      const reason: Reason = dev.model === 'ide' ? 'IO_INSTRUCTION' : 'MMIO';
      for (let i = 0; i < impl.exitsPerRequest; i++) submit.push(...kit.exit(reason, kit.accessHandler(impl, reason === 'MMIO')));
    }
    return makePath(`${label}: ${impl.exitsPerRequest} register exits`, 'emulated', [...stack, ...submit, io]);
  }
  if (info.kind === 'passthrough') {
    return kit.withDriver(dev, `${label}: direct to the VF`, [...stack, ...doorbell, io], (fb) => ioPath(kit, kind, fb, bytes, guestWork, sync), 'passthrough');
  }
  // PV: post to the ring; kick the backend unless it is busy (notification suppression)
  const viaXen = m === 'xen-pv' || m === 'pvh' || impl.home === 'dom0';
  const notify = viaXen ? kit.hypercall('event_channel_op', kit.hv.costs.hypercall + kit.hv.costs.notify) : kit.exit(dev.model === 'virtio-net' || dev.model === 'virtio-blk' ? 'IO_INSTRUCTION' : 'MMIO', kit.hv.costs.notify + (impl.home === 'userspace' ? kit.hv.costs.ioUserspaceExtra : 0));
  notify[0] = withEvent(notify[0]!, viaXen ? EventKindId.hypercall : EventKindId.exit);
  const kick = kickStep(io.detail.backend, [plainStep(0, CAT_HYP, EventKindId.notify, 'kick'), ...notify]);
  return kit.withDriver(dev, `${label}: ring, ${impl.home} backend`, [...stack, kick, io], (fb) => ioPath(kit, kind, fb, bytes, guestWork, sync));
}

/** Sending or receiving `bytes` over the guest's NIC. */
export function netPath(kit: IoKit, send: boolean, bytes: number): Path {
  const dev = kit.env.nic;
  if (!dev) return makePath('network: the guest has no NIC', 'emulated', [kit.kernel(0)]);
  // packets the stack handles for these bytes: the Ethernet MTU, unless the workload sets its own
  const mtu = kit.env.params.mtu ?? 1500;
  const work = kit.env.os.kernel.netStackPerPacket * Math.max(1, Math.ceil(bytes / mtu));
  return ioPath(kit, send ? 'net-tx' : 'net-rx', dev, bytes, work, !send);
}

/** Reading or writing `bytes` on the guest's disk. */
export function diskPath(kit: IoKit, read: boolean, bytes: number): Path {
  const dev = kit.env.disk;
  if (!dev) return makePath('disk: the guest has no disk', 'emulated', [kit.kernel(0)]);
  return ioPath(kit, read ? 'disk-read' : 'disk-write', dev, bytes, kit.env.os.kernel.blockStackPerRequest, true);
}
