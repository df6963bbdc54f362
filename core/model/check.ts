/**
 * The compatibility report of `pvlab check` and the scenario editor's preview: for each guest its
 * technique, devices and drivers, every PV component and add-on with status and reasons, and the
 * path each operation of its workload takes.
 */
import { z } from 'zod';
import { PvComponent } from './guestos.ts';
import { DeviceModel, VirtMode } from './hypervisor.ts';
import { PathClass } from './metrics.ts';

export const ADDON_STATUSES = [
  'not-installed',
  'current',
  'too-old',
  'too-new',
  'unsupported',
  'blacklisted',
  'inactive-on-hypervisor',
  'incompatible-hardware',
] as const;
export const AddonStatus = z.enum(ADDON_STATUSES);
export type AddonStatus = z.infer<typeof AddonStatus>;

/** What happens at run time. */
export const RuntimeOutcome = z.enum(['not-installed', 'install-refused', 'inactive', 'active', 'fallback', 'crash']);
export type RuntimeOutcome = z.infer<typeof RuntimeOutcome>;

export const AddonResolution = z.object({ addon: z.string(), status: AddonStatus, outcome: RuntimeOutcome, reasons: z.array(z.string()) });
export type AddonResolution = z.infer<typeof AddonResolution>;

export const ComponentState = z.enum(['active', 'fallback', 'crash', 'inactive']);
export type ComponentState = z.infer<typeof ComponentState>;

export const ComponentResolution = z.object({
  component: PvComponent,
  device: DeviceModel.optional(),
  state: ComponentState,
  /** 'inbox' or the add-on id */
  origin: z.string(),
  reason: z.string(),
});
export type ComponentResolution = z.infer<typeof ComponentResolution>;

export const DeviceReport = z.object({
  model: z.string(), label: z.string(), kind: z.string(), home: z.string(), driver: z.string().nullable(), fallback: z.string().nullable(),
});
export type DeviceReport = z.infer<typeof DeviceReport>;

export const GuestReport = z.object({
  guest: z.string(),
  host: z.string(),
  os: z.string(),
  mode: VirtMode,
  modeLabel: z.string(),
  devices: z.object({ nic: DeviceReport.nullable(), disk: DeviceReport.nullable(), clock: DeviceReport }),
  components: z.array(ComponentResolution),
  addons: z.array(AddonResolution),
  operations: z.array(z.object({ op: z.string(), path: z.string(), cls: PathClass })),
});
export type GuestReport = z.infer<typeof GuestReport>;

export const SetupProblem = z.object({ where: z.string(), message: z.string() });
export type SetupProblem = z.infer<typeof SetupProblem>;

export const ScenarioCheck = z.object({
  ok: z.boolean(),
  scenarioId: z.string(),
  problems: z.array(SetupProblem),
  warnings: z.array(z.string()),
  guests: z.array(GuestReport),
});
export type ScenarioCheck = z.infer<typeof ScenarioCheck>;

/** What a run will cost, estimated before it starts (see core/trace/estimate.ts). */
export const RunEstimate = z.object({
  events: z.number().nonnegative(),
  wallSeconds: z.number().nonnegative(),
  recordingMiB: z.number().nonnegative(),
  peakMemoryMiB: z.number().nonnegative(),
  /** The probe ran the whole scenario: the figures are exact, not extrapolated. */
  exact: z.boolean(),
  /** ok: runs; confirm: runs when the person confirms; refuse: too large to run. */
  verdict: z.enum(['ok', 'confirm', 'refuse']),
  reasons: z.array(z.string()),
});
export type RunEstimate = z.infer<typeof RunEstimate>;
