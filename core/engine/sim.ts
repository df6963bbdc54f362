/**
 * The simulation context every subsystem works on: the scenario and its setup, the kernel (clock
 * and queue), the state, the derived path tables, and the two things every subsystem does —
 * emit an event and charge cycles. Subsystems are free functions `f(sim, …)` in their own files;
 * this class holds no model knowledge.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { Scenario } from '../model/index.ts';
import { EventKindId, type EventSink, StreamHasher } from './events.ts';
import { Kernel } from './kernel.ts';
import { PathTables } from './path-tables.ts';
import type { GuestSetup, HostSetup, Setup } from './setup.ts';
import type { EngineState, VcpuState } from './state.ts';

/** An event emitted before the first sink was attached: (t, host, guest, vcpu, kind, reason, cycles, path). */
type EarlyEvent = [number, number, number, number, number, number, number, number];

export class Sim {
  readonly scenario: Scenario;
  readonly catalog: Catalog;
  readonly seed: number;
  readonly durationNs: number;
  setup: Setup;
  kernel: Kernel;
  state: EngineState;
  readonly hasher = new StreamHasher();
  sink: EventSink | undefined = undefined;
  /** Events emitted while the engine was being built (null once a run has started or the engine was restored). */
  early: EarlyEvent[] | null = [];
  /** Per-guest path tables and the path slots events name. */
  readonly paths = new PathTables();
  /** Resource index by name (backends, NICs, disks, MMU locks); the resources themselves are state. */
  readonly resourceIndex = new Map<string, number>();
  /**
   * vCPUs per host, counted once on first use from the placement at that time and never
   * recounted (so a migrated guest still counts on its first host): see docs/engine.md.
   */
  hostVcpuCount: number[] = [];
  /**
   * Per host, the backend threads serving a request (the sum over its backends of min(requests in
   * system, threads)) and the pCPUs running one: derived from the state, counted on first use
   * (scheduler.ts backendCounts) and then kept where they change (resources.ts resourceCount,
   * scheduler.ts); null until counted, and after a restore.
   */
  backendCounts: { threadsBusy: number[]; onPcpus: number[] } | null = null;
  /** Each guest's first vCPU: a guest's vCPUs are contiguous, vCPU k of guest g is firstVcpu[g] + k. */
  readonly firstVcpu: number[];
  /**
   * Facts of the setup the hot paths read per event, kept in flat arrays (the parsed scenario and
   * profile objects come in many shapes, so reading them per event is a slow property lookup):
   * each guest's vCPU count and whether it runs on bare metal, each host's clock.
   */
  readonly guestVcpuCount: number[];
  readonly guestNative: boolean[];
  readonly hostClockGhz: number[];

  constructor(scenario: Scenario, catalog: Catalog, seed: number, setup: Setup, state: EngineState) {
    this.scenario = scenario;
    this.catalog = catalog;
    this.seed = seed;
    this.durationNs = Math.round(scenario.durationMs * 1e6);
    this.setup = setup;
    this.kernel = new Kernel();
    this.state = state;
    // one pass: a search per guest would be quadratic in wide scenarios (256 guests × 512 vCPUs)
    const first = setup.guests.map(() => -1);
    state.vcpus.forEach((v, vi) => {
      if (first[v.guest] === -1) first[v.guest] = vi;
    });
    this.firstVcpu = first;
    this.guestVcpuCount = setup.guests.map((g) => g.spec.vcpus);
    this.guestNative = setup.guests.map((g) => g.spec.mode === 'native');
    this.hostClockGhz = setup.hosts.map((h) => h.profile.cpu.clockGhz);
  }

  /** The vCPUs of guest `g`, in order. */
  vcpusOf(g: number): VcpuState[] {
    const first = this.firstVcpu[g]!;
    return this.state.vcpus.slice(first, first + this.setup.guests[g]!.spec.vcpus);
  }

  guestSetup(g: number): GuestSetup {
    return this.setup.guests[g]!;
  }

  hostSetup(h: number): HostSetup {
    return this.setup.hosts[h]!;
  }

  /** Clock of the host vCPU `vi` runs on, in GHz (cycles per ns). */
  ghz(vi: number): number {
    return this.hostClockGhz[this.state.vcpus[vi]!.host]!;
  }

  /** An event of vCPU `vi`, counted in its guest's exit, hypercall, fallback and fault tallies. */
  emit(vi: number, kind: number, reason: number, cycles: number, path: number): void {
    const v = this.state.vcpus[vi]!;
    this.emitRaw(v.host, v.guest, v.index, kind, reason, cycles, path);
    const guestState = this.state.guests[v.guest]!;
    if (kind === EventKindId.exit) guestState.exitsByReason[reason]!++;
    else if (kind === EventKindId.hypercall) guestState.hypercallsByKind[reason]!++;
    else if (kind === EventKindId.fallback) guestState.fallbacks++;
    else if (kind === EventKindId.fault) guestState.faults++;
  }

  /** An event as it goes to the hash and the sink (guest and host events use this directly). */
  emitRaw(h: number, g: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void {
    const t = this.kernel.now;
    const c = Math.round(cycles);
    this.hasher.event(t, h, g, vcpu, kind, reason, c, path);
    this.state.eventsByKind[kind]!++;
    if (this.sink) this.sink.event(t, h, g, vcpu, kind, reason, c, path);
    else this.early?.push([t, h, g, vcpu, kind, reason, c, path]);
  }

  /** Account `cycles` of CPU category `category` (CAT_*) to vCPU `vi`'s guest. */
  charge(vi: number, cycles: number, category: number): void {
    const v = this.state.vcpus[vi]!;
    this.state.guests[v.guest]!.cyclesByCategory[category]! += cycles;
  }

  /** A line for a person to read (refused migrations, guests with nowhere to go), stamped with the time. */
  note(text: string): void {
    this.state.notes.push(`${(this.kernel.now / 1e6).toFixed(3)} ms: ${text}`);
  }
}
