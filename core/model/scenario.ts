import { z } from 'zod';
import { Id, NonNegative, PositiveInt } from './common.ts';
import { DeviceModel, VirtMode } from './hypervisor.ts';
import { PvComponent } from './guestos.ts';
import { Demand } from './workload.ts';
import { PvLabError, formatIssues } from './errors.ts';

export const HostSpec = z.object({
  id: Id,
  profile: Id.describe('hardware profile id'),
  hypervisor: Id.nullable().describe('hypervisor id; null for a bare-metal host running one native guest'),
  /** Per-scenario overrides of the profile. */
  cores: PositiveInt.optional(),
  memoryGiB: z.number().positive().optional(),
});
export type HostSpec = z.infer<typeof HostSpec>;

export const GuestSpec = z.object({
  id: Id,
  host: Id,
  os: Id,
  vcpus: PositiveInt.max(512),
  memoryMiB: PositiveInt,
  mode: VirtMode,
  devices: z
    .object({
      nic: DeviceModel.optional(),
      disk: DeviceModel.optional(),
      clock: DeviceModel.optional(),
      /** virtio-net backend: in-kernel vhost (default where offered) or the userspace device model. */
      nicBackend: z.enum(['vhost', 'userspace']).optional(),
    })
    .default({}),
  /** Add-on versions installed before the run starts (catalog ids). */
  addons: z.array(Id).default([]),
  /** PV features switched off in the guest (boot options such as nopvspin), to compare with and without. */
  disabled: z.array(PvComponent).default([]),
  workload: z.object({
    id: Id,
    params: z.record(z.string(), z.number()).default({}),
    demand: Demand.optional(),
    units: PositiveInt.optional(),
  }),
  /** Unprivileged guests may not make management hypercalls. */
  privileged: z.boolean().default(false),
  /** The CPU the guest sees: the host's own, features and all (the default), or a baseline every host offers, which migrates anywhere. */
  cpuModel: z.enum(['host', 'baseline']).optional(),
});
export type GuestSpec = z.infer<typeof GuestSpec>;

export const TimelineAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('install-addon'), atMs: NonNegative, guest: Id, addon: Id }),
  z.object({ action: z.literal('remove-addon'), atMs: NonNegative, guest: Id, addon: Id }),
  z.object({ action: z.literal('set-load'), atMs: NonNegative, guest: Id, demand: Demand }),
  /** The guest is shut down, given another device model, and booted again. */
  z.object({ action: z.literal('set-device'), atMs: NonNegative, guest: Id, device: z.enum(['nic', 'disk', 'clock']), model: DeviceModel }),
  /** The host stops without warning: every guest on it goes down and stays down. */
  z.object({ action: z.literal('host-failure'), atMs: NonNegative, host: Id }),
]);
export type TimelineAction = z.infer<typeof TimelineAction>;

export const Scenario = z.object({
  schemaVersion: z.literal(1),
  id: Id,
  title: z.string().min(1),
  description: z.string().default(''),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  /** Simulated time limit; a run also ends when every guest's finite workload is done. */
  durationMs: z.number().positive().max(3_600_000),
  hosts: z.array(HostSpec).min(1),
  guests: z.array(GuestSpec).min(1),
  timeline: z.array(TimelineAction).default([]),
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
    throw new PvLabError('invalid-input', `${source} is not a valid PV Lab scenario`, 'correct the fields listed (the JSON Schema in docs/scenario.schema.json lets an editor check them as you type)', formatIssues(r.error.issues));
  }
  return r.data;
}
