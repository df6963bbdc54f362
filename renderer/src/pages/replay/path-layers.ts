/**
 * Which layers an event's operation crosses — guest user, guest kernel, hypervisor, backend,
 * hardware — read from its path name (core/engine/paths.ts names every path after the route it
 * takes), the event's kind and reason, and the guest's virtualization mode. The recording keeps
 * one cycle figure per event (the step that emitted it: an exit's whole round trip, an
 * injection, a doorbell write), not per hop, so the route marks which stop the event is and
 * leaves the other hops without numbers.
 */
import type { EventKind, Reason, VirtMode } from '../../../../core/model/index.ts';

export const LAYERS = ['user', 'kernel', 'hypervisor', 'backend', 'hardware'] as const;
export type Layer = (typeof LAYERS)[number];

/** What happens at a stop; each has a short name in the replay catalog (`hop.*`). */
export type HopWhat =
  | 'app' | 'kernel' | 'driver' | 'ring' | 'exit' | 'trap' | 'bounce' | 'translate' | 'emulate' | 'hypercall' | 'kick' | 'inject' | 'eoiExit'
  | 'deviceModel' | 'backendKernel' | 'backendUser' | 'backendDom0' | 'backendRoot' | 'device' | 'vf' | 'irq' | 'timer' | 'tsc' | 'clockPage'
  | 'schedule' | 'halt' | 'refused' | 'pvFailed' | 'crash' | 'lifecycle' | 'addon' | 'otherVcpu' | 'apic' | 'management' | 'lock' | 'fault'
  | 'hostEvent';

export interface Stop {
  layer: Layer;
  what: HopWhat;
  /** Off the data path: a notification through the hypervisor beside a shared ring. */
  side?: boolean;
}

export type Via = 'native' | 'bt' | 'hw' | 'emulated' | 'pv' | 'passthrough' | 'fallback';

export interface Route {
  stops: Stop[];
  /** The stop the event is (its cycles belong to the hop into it), or -1. */
  event: number;
  /** Layers between the route's top and bottom that its data path does not enter. */
  skips: Layer[];
  via: Via;
}

export interface RoutedEvent {
  kind: EventKind;
  reason: Reason;
  pathName: string | null;
}

const S = (layer: Layer, what: HopWhat, side = false): Stop => (side ? { layer, what, side } : { layer, what });
const user = S('user', 'app');
const kern = (what: HopWhat = 'kernel') => S('kernel', what);
const hyp = (what: HopWhat) => S('hypervisor', what);

const BACKEND: Record<string, HopWhat> = { kernel: 'backendKernel', userspace: 'backendUser', dom0: 'backendDom0', 'root-partition': 'backendRoot' };

/** Stops of a clock read or timer program (the part after the guest kernel). */
function clockStops(p: string): Stop[] {
  if (/^clock read: tsc$/.test(p)) return [S('hardware', 'tsc')];
  if (/^clock read: .*(pvclock|tsc page|kvmclock)/.test(p)) return [S('kernel', 'clockPage'), S('hardware', 'tsc')];
  const emulated = /^clock read: emulated .*\((userspace|dom0|root-partition|kernel)\)$/.exec(p);
  if (emulated) return emulated[1] === 'kernel' ? [hyp('exit')] : [hyp('exit'), S('backend', 'deviceModel')];
  if (/^clock read: .*emulated by the vmm$/.test(p)) return [hyp('emulate')];
  if (p.startsWith('clock read:')) return [S('hardware', 'timer')];
  if (p === 'timer program') return [S('hardware', 'timer')];
  if (p.endsWith('set_timer_op')) return [hyp('hypercall')];
  if (p.endsWith('translated')) return [hyp('translate')];
  if (p.startsWith('timer program:')) return [hyp('exit')];
  return [];
}

/** The stops of an operation, from its path name (lower case). */
function operationStops(p: string, mode: VirtMode): Stop[] | null {
  const failed = p.indexOf(' failed → ');
  if (failed >= 0) {
    const rest = operationStops(p.slice(failed + ' failed → '.length), mode) ?? [kern()];
    const at = rest.findIndex((s) => s.layer === 'kernel');
    return [...rest.slice(0, at + 1), hyp('pvFailed'), ...rest.slice(at + 1)];
  }
  if (p.endsWith(': add-on breaks the guest')) return [kern('driver'), kern('crash')];
  if (p === 'compute' || p === 'call/ret') return [user];
  const io = /^(net-tx|net-rx|disk-read|disk-write) \d+ b via .+?(?: \(bare metal\)|: \d+ register exits|: ring, ([\w-]+) backend|: direct to the vf)$/.exec(p);
  if (io) {
    const dev = S('hardware', 'device');
    if (p.endsWith('(bare metal)')) return [user, kern('driver'), dev];
    if (p.endsWith('register exits')) return [user, kern('driver'), hyp('exit'), S('backend', 'deviceModel'), dev];
    if (p.endsWith('direct to the vf')) return [user, kern('driver'), S('hardware', 'vf')];
    return [user, kern('ring'), S('hypervisor', 'kick', true), S('backend', BACKEND[io[2]!] ?? 'backendUser'), dev];
  }
  const irq = /^interrupt \([a-z_]+\): eoi (exits|without exit)$/.exec(p);
  if (irq) {
    if (mode === 'native') return [S('hardware', 'irq'), kern()];
    return [S('hardware', 'irq'), hyp('inject'), kern(), ...(irq[1] === 'exits' ? [hyp('eoiExit')] : [])];
  }
  const tick = /^timer tick: (.+); (timer program.*)$/.exec(p);
  if (tick) {
    const head = mode === 'native' ? [S('hardware', 'timer'), kern()] : [S('hardware', 'timer'), hyp('inject'), kern()];
    return [...head, ...clockStops(tick[1]!), ...clockStops(tick[2]!)];
  }
  if (p.startsWith('idle:')) {
    if (mode === 'native' || mode === 'bt') return [kern('halt')];
    return [kern('halt'), mode === 'xen-pv' ? hyp('hypercall') : hyp('exit')];
  }
  if (p.startsWith('clock read') || p.startsWith('timer program')) {
    const rest = clockStops(p);
    return rest[0]?.what === 'clockPage' ? rest : [kern(), ...rest];
  }
  const userEntry = /^(syscall|divide fault|privileged instruction in user mode: #gp|page fault)/.exec(p);
  if (userEntry) {
    const entry = (what: HopWhat) => [user, hyp(what), kern()];
    let stops: Stop[];
    if (p.includes('bounced through xen')) stops = entry('bounce');
    else if (p.includes('reflected by the vmm')) stops = entry('trap');
    else if (p.includes('translated entry')) stops = entry('translate');
    else if (p.includes('trapped and reflected')) stops = entry('trap');
    else if (p.includes('shadow paging')) stops = entry('exit');
    else stops = [user, kern()];
    if (p.includes('mmu_update')) stops.push(hyp('hypercall'));
    else if (p.includes('pte write translated')) stops.push(hyp('translate'));
    else if (p.includes('hidden fault')) stops.push(hyp('exit'));
    return stops;
  }
  const kernelOp = /^(pte write|address-space switch|port i\/o|mmio|cpuid|cr8? write)(?:: (.*))?$/.exec(p);
  if (kernelOp) {
    const how = kernelOp[2] ?? '';
    const hw = kernelOp[1] === 'port i/o' || kernelOp[1] === 'mmio' ? [S('hardware', 'device')] : [];
    if (how === '' || how === 'tpr shadow') return [kern(), ...hw];
    if (how.includes('translat')) return [kern(), hyp('translate')];
    if (how.includes('emulated in the vmm')) return [kern(), hyp('emulate')];
    if (how.includes('multicall') || how.includes('mmuext_op') || how.includes('hypercall')) return [kern(), hyp('hypercall')];
    if (how.includes('userspace device model')) return [kern(), hyp('exit'), S('backend', 'deviceModel')];
    return [kern(), hyp('exit')];
  }
  if (p.startsWith('tlb shootdown') || p.startsWith('ipi')) {
    if (mode === 'native') return [kern(), S('hardware', 'apic'), kern('otherVcpu')];
    if (mode === 'bt') return [kern(), hyp('translate'), kern('otherVcpu')];
    const pv = p.includes('pv ipi hypercall') || mode === 'xen-pv';
    return [kern(), hyp(pv ? 'hypercall' : 'exit'), hyp('inject'), kern('otherVcpu')];
  }
  if (p.startsWith('spinlock')) {
    if (p.includes('waiters sleep')) return [kern('lock'), hyp('hypercall')];
    if (p.includes('pause-loop')) return [kern('lock'), hyp('exit')];
    return [kern('lock')];
  }
  if (p.startsWith('hypercall:')) {
    if (p.includes('none on bare metal')) return [kern()];
    if (p.includes('backdoor')) return [kern(), hyp('emulate')];
    if (p.includes('refused')) return [kern(), hyp('hypercall'), hyp('refused')];
    return [kern(), hyp(p.includes('management') ? 'management' : 'hypercall')];
  }
  if (p.startsWith('balloon')) return p.includes('no balloon') ? [kern()] : [kern(), hyp('hypercall')];
  if (p.startsWith('network:') || p.startsWith('disk:')) return [kern()];
  return null;
}

/** Stops of an event that ran no path (lifecycle, scheduling, host events) or whose path is unknown. */
function eventOnlyStops(e: RoutedEvent, mode: VirtMode): Stop[] {
  const virt = mode !== 'native';
  switch (e.kind) {
    case 'schedule': return [virt ? hyp('schedule') : kern()];
    case 'guest': return e.reason === 'crash' ? [kern('crash')] : [kern('lifecycle')];
    case 'addon': return [kern('addon')];
    case 'inject': return [hyp('inject'), kern()];
    case 'fault': return e.reason === 'permission_denied' ? [kern(), hyp('refused')] : e.reason === 'general_protection' ? [user, kern('fault')] : [hyp('fault'), kern()];
    case 'hypercall': return [kern(), hyp(e.reason === 'management' ? 'management' : 'hypercall')];
    case 'notify': return e.reason === 'doorbell' ? [kern('driver'), S('hardware', 'vf')] : [kern('ring'), S('hypervisor', 'kick', true), S('backend', 'backendUser')];
    case 'fallback': return [kern(), hyp('pvFailed')];
    case 'io': return [S('hardware', 'device')];
    case 'exit':
      if (e.reason.startsWith('migrate') || e.reason.startsWith('host') || e.reason === 'ha_restart' || e.reason === 'no_target') return [hyp('hostEvent')];
      return [kern(), hyp('exit')];
  }
}

/** The stop an event of this kind and reason is on a route, or -1. */
function eventStop(stops: readonly Stop[], e: RoutedEvent): number {
  const find = (ok: (s: Stop) => boolean) => stops.findIndex(ok);
  switch (e.kind) {
    case 'exit':
      if (e.reason === 'APIC_EOI') return find((s) => s.what === 'eoiExit');
      return find((s) => s.layer === 'hypervisor' && s.what !== 'inject' && s.what !== 'pvFailed');
    case 'hypercall': return find((s) => s.layer === 'hypervisor' && (s.what === 'hypercall' || s.what === 'kick' || s.what === 'management'));
    case 'fallback': return find((s) => s.what === 'pvFailed');
    case 'inject': return find((s) => s.what === 'inject');
    case 'notify': return e.reason === 'doorbell' ? find((s) => s.what === 'vf' || s.what === 'device') : find((s) => s.what === 'kick');
    case 'io': return find((s) => s.layer === 'hardware' && (s.what === 'device' || s.what === 'vf'));
    case 'fault':
      if (e.reason === 'permission_denied') return find((s) => s.what === 'refused');
      if (e.reason === 'general_protection') return find((s) => s.layer === 'kernel');
      return find((s) => s.layer === 'hypervisor' && s.what !== 'hypercall' && s.what !== 'translate');
    case 'schedule': return find((s) => s.what === 'schedule');
    case 'guest': return find((s) => s.what === 'crash' || s.what === 'lifecycle');
    case 'addon': return find((s) => s.what === 'addon');
  }
}

function viaOf(stops: readonly Stop[], p: string, mode: VirtMode): Via {
  if (p.includes(' failed → ')) return 'fallback';
  if (mode === 'native') return 'native';
  if (stops.some((s) => s.what === 'vf')) return 'passthrough';
  if (stops.some((s) => s.what === 'deviceModel' || s.what === 'eoiExit')) return 'emulated';
  // an emulated device or port in the hypervisor (not BT's in-VMM emulation, not a write-protected page table)
  if (/\bemulated\b/.test(p) && !/emulated (by|in) the vmm|page table, emulated/.test(p)) return 'emulated';
  if (mode === 'xen-pv' || stops.some((s) => s.what === 'ring' || s.what === 'clockPage' || s.what === 'hypercall') || /\bpv\b/.test(p)) return 'pv';
  return mode === 'bt' ? 'bt' : 'hw';
}

/** The route of an event through the layers, the stop it is, and the layers its operation skips. */
export function routeOf(e: RoutedEvent, mode: VirtMode): Route {
  const p = e.pathName?.toLowerCase() ?? '';
  let stops = (p && operationStops(p, mode)) || eventOnlyStops(e, mode);
  let event = eventStop(stops, e);
  if (event < 0) {
    // an event the path's name does not show (an emulated device's register read in an interrupt handler)
    const own = eventOnlyStops(e, mode);
    const mine = eventStop(own, e);
    if (mine >= 0) {
      const at = stops.findIndex((s) => s.layer === 'kernel');
      stops = [...stops.slice(0, at + 1), own[mine]!, ...stops.slice(at + 1)];
      event = at + 1;
    }
  }
  const main = stops.filter((s) => !s.side).map((s) => LAYERS.indexOf(s.layer));
  const top = Math.min(...main);
  const bottom = Math.max(...main);
  const skips = mode === 'native' ? [] : LAYERS.filter((l, i) => i > top && i < bottom && !main.includes(i));
  return { stops, event, skips, via: viaOf(stops, p, mode) };
}
