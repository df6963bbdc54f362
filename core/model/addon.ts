import { z } from 'zod';
import { Architecture, HypervisorFamily, Id, Prose, ShortText, Sources, Year } from './common.ts';
import { HostFeature } from './hardware.ts';
import { DeviceModel, PvInterface } from './hypervisor.ts';
import { OsFamily, PvComponent } from './guestos.ts';

export const AddonComponent = z.strictObject({
  component: PvComponent,
  /** The device model it drives, for drivers. */
  device: DeviceModel.optional(),
  /** Interfaces the hypervisor must offer for the component to be active. */
  needs: z.array(PvInterface),
  /** Host hardware features the component needs to work. */
  hostFeatures: z.array(HostFeature).default([]),
  /** For vf-driver: physical-NIC drivers whose VFs it can drive. */
  nicDrivers: z.array(ShortText).max(64).optional(),
});
export type AddonComponent = z.infer<typeof AddonComponent>;

/** One version of one PV add-on product. */
export const PvAddon = z.strictObject({
  id: Id,
  product: ShortText.min(1).describe('the product, shared by all its versions: "virtio-win"'),
  name: z.string().min(1).max(200),
  version: ShortText.regex(/^\d+(\.\d+)*$/),
  released: Year,
  builtIn: z.boolean().default(false),
  components: z.array(AddonComponent).min(1),
  requires: z.strictObject({
    osFamily: OsFamily,
    minOsVersion: ShortText.optional(),
    maxOsVersion: ShortText.optional(),
    archs: z.array(Architecture).min(1),
    hypervisorFamilies: z.array(HypervisorFamily).min(1),
    /** The oldest hypervisor version this add-on speaks to correctly (older: too new for it). */
    minHypervisorVersion: ShortText.optional(),
  }),
  /** Known-bad combinations: installing on a matching OS version crashes the guest at first use. */
  blacklist: z.array(z.strictObject({ osVersion: ShortText, reason: Prose })).default([]),
  /** What a PV call does when the host hardware is foreign to it: fall back to emulation, or break the guest. */
  onForeignHardware: z.enum(['fallback', 'crash']),
  install: z.strictObject({
    seconds: z.number().positive().max(3600),
    reboot: z.boolean(),
  }),
  sources: Sources,
});
export type PvAddon = z.infer<typeof PvAddon>;
