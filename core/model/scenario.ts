import { z } from 'zod';
import { Id, NonNegative, PositiveInt, Prose, Int, NonNegativeInt } from './common.ts';
import { DeviceModel, VirtMode } from './hypervisor.ts';
import { HvFlag, PvComponent } from './guestos.ts';
import { Demand } from './workload.ts';
import { invalidInput } from './errors.ts';

export const HostSpec = z.strictObject({
  id: Id,
  profile: Id.describe('hardware profile id'),
  hypervisor: Id.nullable().describe('hypervisor id; null for a bare-metal host running one native guest'),
  /** Per-scenario overrides of the profile (the largest servers today: 2 × 192 cores, 24 TiB). */
  cores: PositiveInt.max(1024).optional(),
  memoryGiB: z.number().positive().max(65_536).optional(),
  /** The hypervisor scheduler's settings on this host; absent: the hypervisor profile's defaults. */
  scheduler: z
    .strictObject({
      // Xen's own limits: a credit2 rate limit of at least 100 µs, a credit time slice of at most 1000 ms
      timesliceUs: z.number().min(100).max(1_000_000).describe('how long a vCPU runs before a waiting one takes its pCPU; absent: the hypervisor profile\'s (KVM on Linux 6.x 3 ms, Xen credit2 10 ms; Xen credit\'s default is 30 ms)'),
    })
    .optional(),
});
export type HostSpec = z.infer<typeof HostSpec>;

/**
 * Interrupt moderation of a NIC the guest's own driver programs: the host's NIC on bare metal, or
 * an SR-IOV virtual function. Both moderate alike by default (ixgbe/ixgbevf start every vector at
 * IXGBE_20K_ITR: at most 20,000 interrupts/s); a scenario sets it as `ethtool -C <nic> rx-usecs N
 * tx-usecs N` does, or switches it off (rx-usecs 0: one interrupt per completion). ixgbe takes
 * 2–1022 µs (ixgbe_ethtool.c ixgbe_set_coalesce: at most IXGBE_MAX_EITR >> 2; 1 selects its
 * adaptive mode, not modelled).
 */
export const NicCoalescing = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('off') }),
    z.strictObject({ mode: z.literal('interval'), intervalUs: Int.min(2).max(1022).describe('least time between two interrupts of the NIC (ethtool rx-usecs / tx-usecs)') }),
  ])
  .describe('interrupt coalescing of a NIC the guest drives itself (bare metal, SR-IOV VF); absent: the driver default, at most 20,000 interrupts/s (50 µs); emulated and PV NICs coalesce as their device model does');
export type NicCoalescing = z.infer<typeof NicCoalescing>;

export const GuestSpec = z.strictObject({
  id: Id,
  host: Id,
  os: Id,
  vcpus: PositiveInt.max(512),
  /** At most 16 TiB, the most a single guest is offered by today's hypervisors. */
  memoryMiB: PositiveInt.max(16 * 1024 * 1024),
  mode: VirtMode,
  devices: z
    .object({
      nic: DeviceModel.optional(),
      disk: DeviceModel.optional(),
      clock: DeviceModel.optional(),
      /** virtio-net backend: in-kernel vhost (default where offered) or the userspace device model. */
      nicBackend: z.enum(['vhost', 'userspace']).optional(),
      nicCoalescing: NicCoalescing.optional(),
    })
    .default({}),
  /** Add-on versions installed before the run starts (catalog ids). */
  addons: z.array(Id).max(64).default([]),
  /** PV features switched off in the guest (boot options such as nopvspin), to compare with and without. */
  disabled: z.array(PvComponent).default([]),
  /** QEMU hv-* flags: the Hyper-V enlightenments a KVM host offers this (Windows) guest; absent: none, QEMU's default. */
  hvFlags: z.array(HvFlag).max(HvFlag.options.length).optional(),
  workload: z.strictObject({
    id: Id,
    params: z.record(z.string().max(64), z.number().finite()).default({}),
    demand: Demand.optional(),
    units: PositiveInt.max(1e9).optional(),
  }),
  /** Unprivileged guests may not make management hypercalls. */
  privileged: z.boolean().default(false),
  /** The CPU the guest sees: the host's own, features and all (the default), or a baseline every host offers, which migrates anywhere. */
  cpuModel: z.enum(['host', 'baseline']).optional(),
});
export type GuestSpec = z.infer<typeof GuestSpec>;

/**
 * Defaults are the real implementations' (REFERENCES.md §F): Xen's stop rules (at most 30 rounds,
 * never more than 3 × memory, stop-and-copy below 50 pages) and QEMU's limits (300 ms maximum
 * downtime, 128 MiB/s maximum bandwidth, auto-converge throttle 20 % then +10 % up to 99 % when a
 * round dirties more than 50 % of what it sent).
 */
export const MigrationSettings = z.strictObject({
  maxRounds: Int.min(1).max(1000).default(30).describe('Xen DEF_MAX_ITERS 29 pre-copy rounds + the last: 30'),
  maxFactor: z.number().positive().default(3).describe('Xen DEF_MAX_FACTOR: never send more than 3 × guest memory'),
  minRemainderPages: NonNegativeInt.default(50).describe('Xen: stop-and-copy when a round leaves fewer than 50 pages'),
  maxDowntimeMs: z.number().positive().default(300).describe('QEMU default max downtime 300 ms'),
  bandwidthMiBps: z.number().positive().default(128).describe('QEMU default max bandwidth 128 MiB/s; the link may be slower'),
  autoConverge: z.boolean().default(false).describe('QEMU auto-converge: throttle the guest when it dirties faster than the link drains'),
  throttleTriggerPercent: z.number().min(1).max(100).default(50).describe('QEMU throttle-trigger-threshold 50'),
  throttleInitialPercent: z.number().min(1).max(99).default(20).describe('QEMU cpu-throttle-initial 20'),
  throttleIncrementPercent: z.number().min(1).max(99).default(10).describe('QEMU cpu-throttle-increment 10'),
  throttleMaxPercent: z.number().min(1).max(99).default(99).describe('QEMU max-cpu-throttle 99'),
});
export type MigrationSettings = z.infer<typeof MigrationSettings>;

/** High availability: guests of a failed host restart elsewhere after the failure is detected. */
export const HaSettings = z.strictObject({
  enabled: z.boolean().default(true),
  detectionMs: z.number().nonnegative().default(15_000).describe('VMware vSphere HA das.failuredetectiontime default: 15 s without heartbeats'),
});
export type HaSettings = z.infer<typeof HaSettings>;

export const TimelineAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('install-addon'), atMs: NonNegative, guest: Id, addon: Id }),
  z.strictObject({ action: z.literal('remove-addon'), atMs: NonNegative, guest: Id, addon: Id }),
  z.strictObject({ action: z.literal('set-load'), atMs: NonNegative, guest: Id, demand: Demand }),
  /** The guest is shut down, given another device model, and booted again. */
  z.strictObject({ action: z.literal('set-device'), atMs: NonNegative, guest: Id, device: z.enum(['nic', 'disk', 'clock']), model: DeviceModel }),
  /** The host stops without warning: its guests go down (and restart elsewhere with HA). */
  z.strictObject({ action: z.literal('host-failure'), atMs: NonNegative, host: Id }),
  /** A failed host is repaired: guests still down on it boot again. */
  z.strictObject({ action: z.literal('host-repair'), atMs: NonNegative, host: Id }),
  /** Planned maintenance: guests are live-migrated away, the host is offline for a while, then back. */
  z.strictObject({ action: z.literal('host-maintenance'), atMs: NonNegative, host: Id, durationMs: z.number().positive() }),
  /** Live-migrate a guest to another host (pre-copy). */
  z.strictObject({ action: z.literal('migrate'), atMs: NonNegative, guest: Id, to: Id }),
]);
export type TimelineAction = z.infer<typeof TimelineAction>;

/** A lesson's text in one language. */
export const LessonText = z.strictObject({
  title: Prose.min(1),
  /** Two sentences: what the scenario shows and why it matters. */
  goal: Prose.min(1),
  /** Where in the results to look. */
  lookAt: Prose.min(1),
  /** A question for the learner to answer from the results. */
  question: Prose.min(1),
});
export type LessonText = z.infer<typeof LessonText>;

/** A built-in scenario's place in the curriculum, in English and Swedish. */
export const Lesson = z.strictObject({
  order: Int.positive().max(1000),
  en: LessonText,
  sv: LessonText,
});
export type Lesson = z.infer<typeof Lesson>;

export const Scenario = z.strictObject({
  /** Where an editor finds the JSON Schema (docs/scenario.schema.json); ignored by PV Lab. */
  $schema: z.string().max(500).optional(),
  schemaVersion: z.literal(1),
  id: Id,
  title: z.string().min(1).max(200),
  description: z.string().max(10_000).default(''),
  seed: Int.min(0).max(0xffffffff).default(1),
  /** Simulated time limit; a run also ends when every guest's finite workload is done. */
  durationMs: z.number().positive().max(3_600_000),
  hosts: z.array(HostSpec).min(1).max(64),
  guests: z.array(GuestSpec).min(1).max(256),
  timeline: z.array(TimelineAction).max(1000).default([]),
  /** Live-migration limits (defaults: Xen's stop rules, QEMU's downtime and bandwidth). */
  migration: MigrationSettings.optional(),
  /** High availability for host failures; absent: guests of a failed host stay down. */
  ha: HaSettings.optional(),
  /** For the curriculum's scenarios: the lesson they teach. */
  lesson: Lesson.optional(),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/**
 * Validate scenario JSON. Errors name the path and the problem; `source` names the file for the
 * message. Returns the scenario with defaults filled in.
 */
export function parseScenario(json: unknown, source: string): Scenario {
  const r = Scenario.safeParse(json);
  if (!r.success) {
    throw invalidInput(`${source} is not a valid PV Lab scenario`, r.error.issues, 'correct the fields listed (the JSON Schema in docs/scenario.schema.json lets an editor check them as you type)', Scenario);
  }
  return r.data;
}
