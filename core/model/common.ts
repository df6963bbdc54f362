import { z } from 'zod';

/** Catalog and scenario identifiers: lower-case, digits, dots and dashes ("xeon-e5-2450", "virtio-win-0.1.248"). */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'use lower-case letters, digits, "." and "-" (at most 64 characters)');

export const Architecture = z.enum(['i686', 'x86_64', 'aarch64', 'ppc64le', 's390x', 'riscv64']);
export type Architecture = z.infer<typeof Architecture>;

/** x86 in both widths: the architecture family that is not classically virtualizable. */
export function isX86(arch: Architecture): boolean {
  return arch === 'i686' || arch === 'x86_64';
}

export const HypervisorFamily = z.enum(['kvm', 'xen', 'hyperv', 'vmware', 'virtualbox']);
export type HypervisorFamily = z.infer<typeof HypervisorFamily>;

/**
 * Where every number in a built-in catalog entry comes from. Keys are dotted field paths
 * ("virt.vmExitCycles") or a prefix covering every number below it ("nic"); values name the
 * public source (and, for an estimate, what it is derived from). A test checks that every
 * numeric field of every built-in entry is covered.
 */
export const Sources = z.record(z.string().max(200), z.string().min(8).max(4000)).refine((r) => Object.keys(r).length <= 300, 'at most 300 sources');
export type Sources = z.infer<typeof Sources>;

/** An integer; the shared instance (a schema built once costs more than reusing it: zod builds every schema at import). */
export const Int = z.number().int();
export const NonNegativeInt = Int.nonnegative();
export const PositiveInt = Int.positive();
/** A count, rate or amount with no tighter bound of its own: finite and at most 1e9. */
export const NonNegative = z.number().nonnegative().max(1e9);
/**
 * The cost of one operation. At most 1e9 cycles (a third of a second at 3 GHz): the costliest single
 * operations in the literature (a world switch, a fork under shadow paging) are below 1e6.
 */
export const Cycles = z.number().nonnegative().max(1e9).describe('CPU cycles of the host that pays them');
/** A name, vendor, model or version string: at most 200 characters. */
export const ShortText = z.string().max(200);
/** A description or a lesson's text: at most 4000 characters. */
export const Prose = z.string().max(4000);
/** A year of release. */
export const Year = z.number().int().min(1960).max(2100);
