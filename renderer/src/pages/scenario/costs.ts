/**
 * What one request through a virtual device costs on a host, estimated from the same catalog
 * figures the engine's paths use (core/engine/paths.ts: exits for register accesses or the kick,
 * the hypervisor's handler, the backend's work per request) for a hardware-assisted guest. An
 * estimate for choosing a device: the run measures the real figure, batching and queueing
 * included. Returns null where the data does not give one number (no hardware assistance, or
 * the hypervisor does not offer the device) — the wizard then shows the path only.
 */
import { DEVICE_INFO, type DeviceImpl, type DeviceModel, type HardwareProfile, type HypervisorProfile } from '../../../../core/model/index.ts';

export interface DeviceCost {
  /** Exits on the data path per request: emulated register accesses, or the PV kick (at most one; suppressed while the backend is busy). */
  exits: number;
  /** Cycles of one of those exits: hardware exit and entry, dispatch and the handler. */
  cyclesPerExit: number;
  /** Backend work per request (device model thread, vhost worker, driver domain). */
  backendCycles: number;
  /** Work without an exit: the TSC read, the PV clock page, the VF doorbell. */
  directCycles: number;
  totalCycles: number;
  /** totalCycles at the host's clock. */
  ns: number;
}

function accessHandler(hv: HypervisorProfile, impl: DeviceImpl, decode: boolean): number {
  const c = hv.costs;
  const away = impl.home === 'userspace' || impl.home === 'dom0' || impl.home === 'root-partition';
  return (decode ? c.instructionEmulation : c.ioKernel) + (away ? c.ioUserspaceExtra : 0) + impl.accessCycles;
}

export function deviceCost(profile: HardwareProfile, hv: HypervisorProfile | null, model: DeviceModel): DeviceCost | null {
  const ghz = profile.cpu.clockGhz;
  const tsc = profile.clocks.tscReadNs * ghz;
  const done = (exits: number, cyclesPerExit: number, backendCycles: number, directCycles: number): DeviceCost => {
    const totalCycles = Math.round(exits * cyclesPerExit + backendCycles + directCycles);
    return { exits, cyclesPerExit: Math.round(cyclesPerExit), backendCycles: Math.round(backendCycles), directCycles: Math.round(directCycles), totalCycles, ns: totalCycles / ghz };
  };
  if (model === 'tsc') return done(0, 0, 0, tsc);
  if (!hv || !profile.virt.features.includes('hw-assist')) return null;
  const impl = hv.devices[model];
  if (!impl) return null;
  const info = DEVICE_INFO[model];
  const exit = profile.virt.vmExitCycles + profile.virt.vmEntryCycles + hv.costs.exitDispatch;
  if (info.class === 'clock') {
    if (info.kind === 'pv') return done(0, 0, 0, tsc + 20);
    return done(1, exit + accessHandler(hv, impl, model !== 'acpi-pm'), 0, tsc);
  }
  if (info.kind === 'passthrough') return done(0, 0, 0, profile.native.mmio);
  if (info.kind === 'emulated') return done(impl.exitsPerRequest, exit + accessHandler(hv, impl, model !== 'ide'), impl.backendCyclesPerRequest, 0);
  const viaXen = impl.home === 'dom0';
  const kick = viaXen ? hv.costs.hypercall + hv.costs.notify : hv.costs.notify + (impl.home === 'userspace' ? hv.costs.ioUserspaceExtra : 0);
  return done(1, exit + kick, impl.backendCyclesPerRequest, 0);
}

/** The workload operation that exercises a device class, to read its path from a check report. */
export const PROBE_OP: Record<'nic' | 'disk' | 'clock', string> = { nic: 'netSend', disk: 'diskRead', clock: 'clockRead' };
/** A built-in workload that exercises each device class. */
export const PROBE_WORKLOAD: Record<'nic' | 'disk' | 'clock', string> = { nic: 'ttcp', disk: 'dbench', clock: 'clock-read' };
