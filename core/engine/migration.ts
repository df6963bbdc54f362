/**
 * Pre-copy live migration, as Xen's xc_domain_save and QEMU's migration code do it: send all of
 * memory while the guest runs, then resend what it dirtied meanwhile, round after round, until a
 * stop condition holds; then pause the guest, send the rest (the downtime) and resume it on the
 * target. Pure arithmetic on megabytes and milliseconds, so it can be tested on its own and the
 * engine only schedules its rounds.
 *
 * What a round has to resend is what dirty logging counted during the previous one: distinct
 * pages. Xen sets a page's bit in the log-dirty bitmap and counts it only when the bit was clear
 * (xen/arch/x86/mm/paging.c, set_pfn_logdirty: `changed = !__test_and_set_bit(...)`), and
 * xg_sr_save.c resends the pages of the bitmap; QEMU's migration_bitmap_sync does the same
 * (`if (!test_and_set_bit(k, dest)) num_dirty++`). A page rewritten a thousand times in a round
 * is sent once, so a workload that writes fast into a small hot set converges.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { type HostFeature, type MigrationSettings, type Scenario, type WorkloadMemory, hasFeature } from '../model/index.ts';
import { exp } from './prng.ts';
import { setupScenario } from './setup.ts';

/** Bytes of one page: the unit Xen's "fewer than 50 pages" rule counts. */
const PAGE_MIB = 4 / 1024;

export { MigrationSettings } from '../model/index.ts';

export type StopReason = 'downtime-met' | 'small-remainder' | 'max-rounds' | 'data-limit';

export interface PrecopyRound {
  sentMiB: number;
  ms: number;
  dirtiedMiB: number;
  /** CPU throttle applied during the round (auto-converge), 0 to 99 %. */
  throttlePercent: number;
}

export interface PrecopyPlan {
  rounds: PrecopyRound[];
  stopReason: StopReason;
  /** Sent with the guest paused. */
  finalMiB: number;
  downtimeMs: number;
  totalMiB: number;
  /** From the start to the guest running on the target. */
  totalMs: number;
  bandwidthMiBps: number;
}

export interface PrecopyInput {
  memoryMiB: number;
  /** The workload's hot set and write rates. */
  memory: WorkloadMemory;
  /** The slower of the two hosts' NICs, in Gb/s. */
  linkGbps: number;
  settings: MigrationSettings;
}

/** Megabytes per second a link of `gbps` gigabits per second carries. */
export function linkMiBps(gbps: number): number {
  return (gbps * 1e9) / 8 / 2 ** 20;
}

/**
 * Expected distinct pages (in MiB) that `writesMiB` of page writes touch when each write lands on
 * a page of a `setMiB` set at random: n·(1 − e^(−k/n)) for k writes into n pages, the limit for
 * large n of the occupancy expectation n·(1 − (1 − 1/n)^k) (Feller, An Introduction to Probability
 * Theory and Its Applications, vol. 1, ch. II, occupancy problems). Close to k while k ≪ n; never
 * more than n however long the round.
 */
export function distinctPagesMiB(setMiB: number, writesMiB: number): number {
  if (setMiB <= 0 || writesMiB <= 0) return 0;
  const x = writesMiB / setMiB;
  // 1 − e^(−x) loses its digits to cancellation for tiny x; its series does not
  return setMiB * (x < 1e-6 ? x - (x * x) / 2 : 1 - exp(-x));
}

/**
 * Distinct MiB a guest of `memoryMiB` dirties in `seconds` with its CPU throttled by `throttle`
 * (0–1): the hot set's share plus the cold writes' share of the rest of memory.
 */
export function dirtiedInRound(memoryMiB: number, memory: WorkloadMemory, seconds: number, throttle = 0): number {
  const hot = Math.min(memory.hotSetMiB, memoryMiB);
  const run = seconds * (1 - throttle);
  return distinctPagesMiB(hot, memory.hotWriteMiBPerSec * run) + distinctPagesMiB(memoryMiB - hot, memory.coldWriteMiBPerSec * run);
}

/** Plan a pre-copy migration: its rounds, why it stopped, and the downtime of the last copy. */
export function planPrecopy(input: PrecopyInput): PrecopyPlan {
  const s = input.settings;
  const bw = Math.min(s.bandwidthMiBps, linkMiBps(input.linkGbps));
  const rounds: PrecopyRound[] = [];
  let toSend = input.memoryMiB;
  let total = 0;
  let throttle = 0;
  let stopReason: StopReason;
  for (;;) {
    const ms = (toSend / bw) * 1000;
    const dirtied = dirtiedInRound(input.memoryMiB, input.memory, ms / 1000, throttle / 100);
    rounds.push({ sentMiB: toSend, ms, dirtiedMiB: dirtied, throttlePercent: throttle });
    total += toSend;
    // the remainder is what this round dirtied; check the stop rules in the order the tools do
    if ((dirtied / bw) * 1000 <= s.maxDowntimeMs) {
      stopReason = 'downtime-met';
      break;
    }
    if (dirtied < s.minRemainderPages * PAGE_MIB) {
      stopReason = 'small-remainder';
      break;
    }
    if (rounds.length >= s.maxRounds) {
      stopReason = 'max-rounds';
      break;
    }
    if (total + dirtied > s.maxFactor * input.memoryMiB) {
      stopReason = 'data-limit';
      break;
    }
    if (s.autoConverge && dirtied > (s.throttleTriggerPercent / 100) * toSend) {
      throttle = throttle === 0 ? s.throttleInitialPercent : Math.min(s.throttleMaxPercent, throttle + s.throttleIncrementPercent);
    }
    toSend = dirtied;
  }
  const finalMiB = rounds[rounds.length - 1]!.dirtiedMiB;
  const downtimeMs = (finalMiB / bw) * 1000;
  const totalMiB = total + finalMiB;
  return { rounds, stopReason, finalMiB, downtimeMs, totalMiB, totalMs: rounds.reduce((a, r) => a + r.ms, 0) + downtimeMs, bandwidthMiBps: bw };
}

/** CPU features a guest sees and uses when its CPU model passes the host's through. */
export const GUEST_VISIBLE_FEATURES: readonly HostFeature[] = ['avx512', 'invariant-tsc'];

/**
 * Can guest `guestId` move to host `to`? Returns the reasons it cannot (empty when it can): a CPU
 * feature the guest uses that the target lacks, or a PV interface an active add-on or PV
 * component needs that the target's hypervisor does not offer. `scenario` is the scenario as it
 * stands (each guest on its current host, with its current devices) and `installed` each guest's
 * add-ons now, when the timeline has changed them.
 */
export function migrationProblems(scenario: Scenario, catalog: Catalog, guestId: string, to: string, installed?: readonly (readonly string[])[]): string[] {
  const g = scenario.guests.find((x) => x.id === guestId);
  const target = scenario.hosts.find((h) => h.id === to);
  if (!g || !target) return [`no ${g ? 'host' : 'guest'} "${g ? to : guestId}" in this scenario`];
  const fromId = g.host;
  if (fromId === to) return [`${guestId} already runs on ${to}`];
  const from = scenario.hosts.find((h) => h.id === fromId)!;
  const profile = (id: string) => catalog.profiles.find((p) => p.id === id);
  const src = profile(from.profile);
  const dst = profile(target.profile);
  const problems: string[] = [];
  if (src && dst) {
    if (src.arch !== dst.arch) problems.push(`${to} is ${dst.arch}; ${guestId} runs ${src.arch} code`);
    if ((g.cpuModel ?? 'host') === 'host') {
      for (const f of GUEST_VISIBLE_FEATURES) {
        if (hasFeature(src, f) && !hasFeature(dst, f)) {
          problems.push(`${to}'s CPU (${dst.cpu.model}) lacks ${f}, which ${guestId} uses (it sees ${fromId}'s CPU features); give the guest the baseline CPU model, or keep it on hosts with ${f}`);
        }
      }
    }
  }
  if ((from.hypervisor === null) !== (target.hypervisor === null)) problems.push(`${guestId} cannot move between a bare-metal host and a hypervisor`);
  // the guest as it would be on the target: every PV component and add-on active now must stay active
  const moved = { ...scenario, guests: scenario.guests.map((x) => (x.id === guestId ? { ...x, host: to } : x)) };
  const before = setupScenario(scenario, catalog, installed);
  const after = setupScenario(moved, catalog, installed);
  const gi = scenario.guests.findIndex((x) => x.id === guestId);
  for (const p of after.problems.filter((p) => p.where.startsWith(`guests.${guestId}.`))) problems.push(`on ${to}: ${p.message}`);
  const b = before.guests[gi];
  const a = after.guests[gi];
  if (b && a) {
    for (const c of b.pv.filter((x) => x.state === 'active')) {
      const now = a.pv.find((x) => x.component === c.component);
      if (now?.state !== 'active') problems.push(`${to}'s hypervisor does not offer ${c.component}, which ${guestId} uses${now?.reason ? ` (${now.reason})` : ''}; keep the guest on hosts whose hypervisor offers it`);
    }
    for (const r of b.addons.filter((x) => x.outcome === 'active')) {
      const now = a.addons.find((x) => x.addon === r.addon);
      if (now?.outcome !== 'active') problems.push(`add-on ${r.addon} would not work on ${to}${now?.reasons.length ? `: ${now.reasons.join('; ')}` : ''}; keep the guest on hosts where it does`);
    }
  }
  return problems;
}
