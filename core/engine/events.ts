/**
 * The event stream: every exit, hypercall, interrupt injection, device notification,
 * scheduling decision, fault, fallback and add-on state change. Events are passed as numbers
 * (no allocation per event); names come from the tables below and the run's path table.
 */

export const EVENT_KINDS = [
  'exit', // a VM exit (hardware) or a trap into the VMM (BT, trap-and-emulate, Xen PV bounce)
  'hypercall',
  'inject', // a virtual interrupt injected into a guest
  'notify', // a device notification: virtio kick, event channel, doorbell
  'schedule', // a scheduling decision: switch-in, preempt, block, wake, yield
  'fault', // a fault delivered to the guest: injected #PF, #GP from a privileged op, permission error
  'fallback', // a PV call that failed and took the emulated path
  'addon', // an add-on state change: installing, installed, active, inactive, refused, removed
  'guest', // guest lifecycle: boot, reboot, crash, done
  'io', // an I/O request completed by a device (physical NIC or disk)
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EventKindId = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as Record<EventKind, number>;

/**
 * Reasons, fixed and append-only so recorded runs decode the same under later engine versions.
 * Exit reasons use the names users know from VT-x / KVM tracing.
 */
export const REASONS = [
  'none',
  // exits
  'EXCEPTION_PF', 'EPT_VIOLATION', 'PTE_WRITE', 'CR_ACCESS', 'CR8_WRITE', 'IO_INSTRUCTION', 'MMIO', 'CPUID',
  'MSR_WRITE', 'HLT', 'PAUSE', 'EXTERNAL_INTERRUPT', 'APIC_EOI', 'APIC_ICR', 'VMCALL', 'PRIV_TRAP', 'SYSCALL_BOUNCE',
  'FAULT_BOUNCE', 'BT_CALLOUT',
  // hypercalls
  'mmu_update', 'mmuext_op', 'multicall', 'set_timer_op', 'event_channel_op', 'grant_table_op', 'sched_op_block',
  'kick_cpu', 'send_ipi', 'flush_tlb', 'balloon', 'null', 'management',
  // injections and notifications
  'timer', 'io_completion', 'ipi', 'kick', 'doorbell',
  // scheduling
  'switch_in', 'preempt', 'block', 'wake', 'yield',
  // faults and failures
  'page_fault', 'general_protection', 'permission_denied', 'pv_call_failed', 'crash',
  // add-on and guest lifecycle
  'installing', 'installed', 'active', 'inactive', 'install_refused', 'removed', 'boot', 'reboot', 'done',
  // I/O
  'net_tx', 'net_rx', 'disk_read', 'disk_write',
  // appended in engine 0.2.0
  'host_failure',
  // several hosts: live migration, maintenance, repair and HA restarts
  'migrate_start', 'migrate_round', 'migrate_stop_copy', 'migrate_done', 'migrate_refused',
  'host_offline', 'host_online', 'host_repaired', 'ha_restart', 'no_target',
] as const;
export type Reason = (typeof REASONS)[number];
export const ReasonId = Object.fromEntries(REASONS.map((r, i) => [r, i])) as Record<Reason, number>;

/** The guest field of an event about a host rather than a guest. */
export const NO_GUEST = 0xffff;

/** Where an event's numbers go. `path` indexes the run's path table (see Engine.pathNames). */
export interface EventSink {
  event(t: number, host: number, guest: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void;
}

/** A decoded event, for display and tests. */
export interface SimEvent {
  index: number;
  t: number;
  host: number;
  guest: number;
  vcpu: number;
  kind: EventKind;
  reason: Reason;
  cycles: number;
  path: number;
}

/**
 * A 64-bit FNV-1a-style hash over the event fields, computed with 32-bit integer operations
 * only, so the same stream hashes the same on every platform.
 */
export class StreamHasher implements EventSink {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  count = 0;

  private mix(v: number): void {
    // split into two 32-bit halves so values beyond 2^32 (event times) hash exactly
    const lo = v >>> 0;
    const hi = Math.floor(v / 4294967296) >>> 0;
    this.h1 = Math.imul(this.h1 ^ lo, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ lo, 0x5bd1e995);
    this.h1 = Math.imul(this.h1 ^ hi, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ (hi + 0x9e3779b9), 0x5bd1e995);
    this.h2 ^= this.h2 >>> 15;
  }

  event(t: number, host: number, guest: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void {
    this.count++;
    this.mix(t);
    this.mix(((host & 0xff) << 24) | ((guest & 0xff) << 16) | ((vcpu & 0xff) << 8) | (kind & 0xff));
    this.mix(reason);
    this.mix(cycles);
    this.mix(path);
  }

  digest(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  state(): [number, number, number] {
    return [this.h1, this.h2, this.count];
  }

  restore(s: readonly [number, number, number]): void {
    [this.h1, this.h2, this.count] = s;
  }
}

/** Fan one stream out to several sinks. */
export function teeSinks(...sinks: EventSink[]): EventSink {
  return {
    event(t, host, guest, vcpu, kind, reason, cycles, path) {
      for (const s of sinks) s.event(t, host, guest, vcpu, kind, reason, cycles, path);
    },
  };
}
