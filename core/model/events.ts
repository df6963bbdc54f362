/**
 * The names of recorded events: kinds and reasons. Fixed and append-only so recorded runs decode
 * the same under later engine versions. Plain data, so the renderer can name events too.
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
