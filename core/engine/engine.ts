/**
 * The PV Lab engine: vCPUs executing their workloads' operation paths on hosts' physical CPUs,
 * sharing backends, devices and locks that queue. All mutable state is plain data in
 * `EngineState`, so a checkpoint is a copy of it and a restored engine emits exactly the
 * events of the uninterrupted run.
 */
import { type EngineInspection, type GuestMetrics, MigrationSettings, type PathClass, type RunMetrics, type Scenario, PvLabError } from '../model/index.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { EVENT_KINDS, EventKindId, type EventSink, NO_GUEST, REASONS, ReasonId, StreamHasher, type Reason } from './events.ts';
import { Kernel, type QueuedEvent } from './kernel.ts';
import { type HistogramState, newHistogram, record, summarize } from './histogram.ts';
import { type RngState, nextExp, seedRng } from './prng.ts';
import {
  CAT_HYP, CAT_KERNEL, type Path, PathBuilder, type ResourceRefs, type Step,
  STEP_BATCH, STEP_CRASH, STEP_DIVISIBLE, STEP_HALT, STEP_IO, STEP_IPI, STEP_KICK, STEP_LOCK_ACQUIRE, STEP_LOCK_RELEASE, STEP_MMU_LOCK, STEP_PLAIN,
} from './paths.ts';
import { type GuestSetup, type HostSetup, type Setup, guestEnv, setupScenario } from './setup.ts';
import { type StopReason, migrationProblems, planPrecopy } from './migration.ts';

export const ENGINE_VERSION = '0.2.0';

// kernel event kinds
const EV_RUN = 0; // a: vcpu, b: generation
const EV_SPIN = 1; // a: vcpu, b: generation
const EV_TICK = 2; // a: vcpu, b: generation
const EV_IO = 3; // a: request slot
const EV_ARRIVAL = 4; // a: guest
const EV_ACTION = 5; // a: timeline index, b: phase
const EV_END = 6;
const EV_ACK = 7; // a: vcpu waiting for TLB-flush acks, b: its guest's epoch
const EV_MIGRATE = 8; // a: guest, b: 1..R end of pre-copy round b, R + 1 end of stop-and-copy
const EV_HA = 9; // a: guest whose host failed: restart it elsewhere
const EV_BOOT = 10; // a: guest that finishes booting
/** `stepLeft` of a vCPU whose batch step is full and whose flush runs when it is next scheduled. */
const BATCH_DUE = -2;

// vCPU status
const S_RUN = 0; // on a pCPU
const S_READY = 1; // runnable, waiting for a pCPU
const S_BLOCKED = 2; // waiting for I/O, a PV kick or a ring slot
const S_HALTED = 3; // idle: waiting for a tick or for work
const S_DONE = 4;
const S_SPIN = 5; // on a pCPU, spinning on a lock or on TLB-flush acks
const S_DOWN = 6; // its guest is rebooting or crashed

/** Longest stretch a vCPU of a multi-vCPU guest runs before it looks at pending interrupts. */
const MAX_BATCH_NS = 100_000;
/** Linux pv qspinlock spins SPIN_THRESHOLD = 1 << 15 times before halting (kernel/locking/qspinlock_paravirt.h); ~40 cycles per cpu_relax loop. */
const PV_SPIN_THRESHOLD_CYCLES = (1 << 15) * 40;
/** KVM doubles the PLE window on each pause-loop exit (ple_window_grow = 2) up to ple_window_max (arch/x86/kvm/vmx/vmx.c). */
const PLE_WINDOW_GROW = 2;
const PLE_WINDOW_MAX = 1 << 30;
const CATS = 5;

interface VcpuState {
  g: number;
  i: number;
  h: number;
  status: number;
  pcpu: number;
  gen: number;
  sliceEnd: number;
  frac: number;
  inUnit: boolean;
  unitStart: number;
  opIdx: number;
  opLeft: number;
  stepIdx: number;
  stepLeft: number;
  table: number;
  irq: number[]; // pairs: path id, vcpu to ack (-1)
  irqStep: number;
  readySince: number;
  spinStart: number;
  spinWhat: number; // -1 none, 0 a guest lock, 1 TLB-flush acks
  spinning: boolean; // in a spin wait, on or off a pCPU
  spinBegan: number;
  pleWindow: number; // current pause-loop window in cycles (grows per exit, as KVM's does)
  spunCycles: number; // cycles spent spinning in the current wait, on a pCPU
  acks: number;
  outstanding: number;
  ringWait: boolean;
  busyCycles: number;
  stealNs: number;
  /** When the pending EV_RUN fires: a vCPU in the middle of a batch can take an interrupt before it. */
  runAt: number;
}

interface GuestState {
  status: 'running' | 'done' | 'crashed' | 'down' | 'paused';
  epoch: number;
  unitsStarted: number;
  unitsDone: number;
  firstNs: number;
  lastNs: number;
  cycles: number[]; // by category
  exits: Record<string, number>;
  hypercalls: Record<string, number>;
  pathCounts: Record<PathClass, number>;
  fallbacks: number;
  failures: number;
  faults: number;
  latency: HistogramState;
  queue: number[]; // arrival times of open-loop requests
  lockHolder: number;
  lockWaiters: number[];
  batchCount: number;
  irqCoalesce: number;
  installed: string[][]; // add-on lists, one per path-table version
  devices: DeviceOverrides[]; // device models changed by the timeline, one per path-table version
  placement: string[]; // the host id, one per path-table version
  demandKind: 'open' | 'closed';
  /** Service accounting: when it went down (-1 while up), time down so far, outages, work lost. */
  downSince: number;
  downNs: number;
  outages: number[];
  requestsLost: number;
  migrations: MigrationRecord[];
  /** The live migration in progress. */
  migrating: ActiveMigration | null;
  rate: number;
  concurrency: number;
}

interface HostState {
  running: number[];
  ready: number[];
  /** Set by a host-failure action: nothing on this host runs until it is repaired. */
  failed?: boolean;
  /** In maintenance: being evacuated or offline. */
  maintenance?: boolean;
  /** Guests waiting to be migrated off this host, in order. */
  evacuate?: number[];
  /** Guests shut down because no other host could take them; they boot here again. */
  parked?: number[];
  /** The timeline index of the maintenance in progress. */
  maintenanceAction?: number;
}

interface ResourceState {
  name: string;
  kind: 'backend' | 'nic' | 'disk' | 'lock';
  host: number;
  freeAt: number[];
  served: number;
  busyNs: number;
  inSystem: number;
  maxQueue: number;
  queueArea: number;
  lastChange: number;
  waits: HistogramState;
}

interface IoRequest {
  v: number;
  epoch: number;
  stage: number; // 0 at backend, 1 at device
  arrive: number;
  path: number; // irq path id
  sync: boolean;
  backend: number;
  device: number;
  backendNs: number;
  deviceNs: number;
  reason: number;
  rpi: number;
}

export interface EngineState {
  kernel: { now: number; seq: number; events: QueuedEvent[] };
  rng: RngState;
  vcpus: VcpuState[];
  guests: GuestState[];
  hosts: HostState[];
  resources: ResourceState[];
  requests: (IoRequest | null)[];
  freeRequests: number[];
  pathNames: string[];
  pathClasses: PathClass[];
  eventsByKind: number[];
  hash: [number, number, number];
  stopped: boolean;
  /** Guest index of each path-table build, in order, so a restore rebuilds identical slots. */
  builds: number[];
  /** Per guest: where the next directed yield starts looking (KVM's last_boosted_vcpu). */
  yieldFrom: number[];
  /** What happened that a person should read: refused migrations, guests with nowhere to go. */
  notes: string[];
}

export interface MigrationRecord {
  to: string;
  startNs: number;
  endNs: number;
  rounds: number;
  sentMiB: number;
  downtimeNs: number;
  stopReason: StopReason;
}

interface ActiveMigration {
  to: string;
  startNs: number;
  roundNs: number[];
  roundKiB: number[];
  downtimeNs: number;
  sentMiB: number;
  stopReason: StopReason;
  /** Started by a host's maintenance (evacuation), not by the timeline. */
  evacuating: number;
  /**
   * Per round: extra hypervisor cycles per cycle of guest work while its memory is dirty-tracked,
   * and the auto-converge throttle, the share of time its vCPUs sleep (see resumeAfter).
   */
  roundTax: number[];
  roundThrottle: number[];
  /** The pre-copy round in progress; the number of rounds once the guest is paused for the last copy. */
  round: number;
}

/** Device models a timeline action changed, over the scenario's. */
type DeviceOverrides = Partial<Pick<Scenario['guests'][number]['devices'], 'nic' | 'disk' | 'clock'>>;

export type { EngineInspection };

/** A checkpoint: the engine's whole state plus what it was made from. */
export interface EngineCheckpoint {
  engineVersion: string;
  scenarioId: string;
  seed: number;
  state: EngineState;
}

export interface RunOptions {
  seed?: number;
  sink?: EventSink;
  onProgress?: (p: { simNs: number; totalNs: number; events: number }) => void;
}

export interface RunResult {
  metrics: RunMetrics;
  pathNames: string[];
  warnings: string[];
}

const clone = <T>(x: T): T => structuredClone(x);

export class Engine {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly durationNs: number;
  private readonly catalog: Catalog;
  private setup: Setup;
  private kernel: Kernel;
  private st: EngineState;
  private readonly hasher = new StreamHasher();
  private sink: EventSink | undefined;
  /** Events emitted before the first `runUntil` (null once a run has started or the engine was restored). */
  private early: [number, number, number, number, number, number, number, number][] | null = [];
  private readonly pathIds = new Map<string, number>();
  private readonly pathById: Path[] = [];
  /** tables[g][version][opIdx] = path id; irqPaths by id are in pathById. */
  private tables: number[][][] = [];
  private unitQuiet: { quiet: boolean; cycles: number }[][] = [];
  private builders: PathBuilder[] = [];
  private resourceIndex = new Map<string, number>();

  constructor(scenario: Scenario, catalog: Catalog, seed?: number) {
    this.scenario = scenario;
    this.catalog = catalog;
    this.seed = seed ?? scenario.seed;
    this.durationNs = Math.round(scenario.durationMs * 1e6);
    this.setup = setupScenario(scenario, catalog);
    if (this.setup.problems.length > 0) {
      throw new PvLabError(
        'incompatible',
        `Scenario "${scenario.id}" cannot run`,
        'fix the fields named below; `pvlab check` shows the full compatibility report',
        this.setup.problems.map((p) => `${p.where}: ${p.message}`),
      );
    }
    this.kernel = new Kernel();
    this.st = this.initialState();
    for (const g of this.setup.guests) this.buildTable(g.index);
  }

  // ------------------------------------------------------------------------------------------
  // construction

  private initialState(): EngineState {
    const st: EngineState = {
      kernel: { now: 0, seq: 0, events: [] },
      rng: seedRng(this.seed),
      vcpus: [],
      guests: [],
      hosts: this.setup.hosts.map((h) => ({ running: new Array<number>(h.pcpus).fill(-1), ready: [] })),
      resources: [],
      requests: [],
      freeRequests: [],
      pathNames: [],
      pathClasses: [],
      eventsByKind: new Array<number>(EVENT_KINDS.length).fill(0),
      hash: [0, 0, 0],
      stopped: false,
      builds: [],
      yieldFrom: this.setup.guests.map(() => 0),
      notes: [],
    };
    this.st = st;
    for (const g of this.setup.guests) {
      const w = g.workload;
      const demand = g.spec.workload.demand ?? w.demand;
      st.guests.push({
        status: 'running',
        epoch: 0,
        unitsStarted: 0,
        unitsDone: 0,
        firstNs: 0,
        lastNs: 0,
        cycles: new Array<number>(CATS).fill(0),
        exits: {},
        hypercalls: {},
        pathCounts: { native: 0, bt: 0, hw: 0, emulated: 0, pv: 0, passthrough: 0 },
        fallbacks: 0,
        failures: 0,
        faults: 0,
        latency: newHistogram(),
        queue: [],
        lockHolder: -1,
        lockWaiters: [],
        batchCount: 0,
        irqCoalesce: 0,
        installed: [[...g.spec.addons]],
        devices: [{}],
        placement: [g.spec.host],
        downSince: -1,
        downNs: 0,
        outages: [],
        requestsLost: 0,
        migrations: [],
        migrating: null,
        demandKind: demand.kind,
        rate: demand.kind === 'open' ? demand.ratePerSec : 0,
        concurrency: demand.kind === 'closed' ? demand.concurrency : g.spec.vcpus,
      });
      for (let i = 0; i < g.spec.vcpus; i++) {
        st.vcpus.push({
          g: g.index, i, h: g.host, status: S_HALTED, pcpu: -1, gen: 0, sliceEnd: 0, frac: 0,
          inUnit: false, unitStart: 0, opIdx: 0, opLeft: 0, stepIdx: 0, stepLeft: -1, table: 0,
          irq: [], irqStep: 0, readySince: 0, spinStart: 0, spinWhat: -1, spinning: false, spinBegan: 0, pleWindow: 0, spunCycles: 0, acks: 0,
          outstanding: 0, ringWait: false, busyCycles: 0, stealNs: 0, runAt: 0,
        });
      }
    }
    // start: every vCPU with work becomes runnable; open-loop guests get their first arrival
    const k = this.kernel;
    st.vcpus.forEach((v, vi) => {
      if (this.hasWork(v)) this.makeReady(vi);
    });
    this.setup.guests.forEach((g, gi) => {
      if (st.guests[gi]!.demandKind === 'open') k.at(Math.round(nextExp(st.rng, 1e9 / st.guests[gi]!.rate)), EV_ARRIVAL, gi, 0);
    });
    this.scenario.timeline.forEach((a, i) => k.at(Math.round(a.atMs * 1e6), EV_ACTION, i, 0));
    k.at(this.durationNs, EV_END, 0, 0);
    return st;
  }

  private guestSetup(g: number): GuestSetup {
    return this.setup.guests[g]!;
  }

  private hostSetup(h: number): HostSetup {
    return this.setup.hosts[h]!;
  }

  private resource(key: string, make: () => Omit<ResourceState, 'served' | 'busyNs' | 'inSystem' | 'maxQueue' | 'queueArea' | 'lastChange' | 'waits'>): number {
    let id = this.resourceIndex.get(key);
    if (id !== undefined) return id;
    id = this.st.resources.findIndex((r) => r.name === key);
    if (id < 0) {
      id = this.st.resources.length;
      this.st.resources.push({ ...make(), served: 0, busyNs: 0, inSystem: 0, maxQueue: 0, queueArea: 0, lastChange: 0, waits: newHistogram() });
    }
    this.resourceIndex.set(key, id);
    return id;
  }

  private refs(g: GuestSetup): ResourceRefs {
    const host = this.hostSetup(g.host);
    return {
      backend: (device, impl) => {
        const shared = impl.home === 'dom0' || impl.home === 'root-partition';
        const key = shared ? `${host.id}/${impl.home}/${device}` : `${g.spec.id}/${impl.home}/${device}`;
        return this.resource(key, () => ({ name: key, kind: 'backend', host: g.host, freeAt: new Array<number>(impl.backendThreads).fill(0) }));
      },
      nic: () => this.resource(`${host.id}/nic`, () => ({ name: `${host.id}/nic`, kind: 'nic', host: g.host, freeAt: [0] })),
      disk: () => this.resource(`${host.id}/disk`, () => ({ name: `${host.id}/disk`, kind: 'disk', host: g.host, freeAt: new Array<number>(host.profile.storage.queues).fill(0) })),
      mmuLock: () => this.resource(`${g.spec.id}/mmu-lock`, () => ({ name: `${g.spec.id}/mmu-lock`, kind: 'lock', host: g.host, freeAt: [0] })),
    };
  }

  private internPath(p: Path): number {
    let id = this.pathIds.get(p.name);
    if (id === undefined) {
      id = this.st.pathNames.indexOf(p.name);
      if (id < 0) {
        id = this.st.pathNames.length;
        this.st.pathNames.push(p.name);
        this.st.pathClasses.push(p.cls);
      }
      this.pathIds.set(p.name, id);
    }
    return id;
  }

  /** Register a path object under an id; the same name may carry guest-specific costs, so objects are kept per (guest, table). */
  private addPath(p: Path): number {
    const id = this.internPath(p);
    const slot = this.pathById.length;
    this.pathById.push(p);
    this.slotName.push(id);
    return slot;
  }

  private slotName: number[] = [];

  /** Build the path table for a guest's current add-on set (a new version after each install). */
  private buildTable(gi: number): void {
    this.st.builds.push(gi);
    const gs = this.st.guests[gi]!;
    const version = gs.installed.length - 1;
    const base = this.guestSetup(gi);
    let g = base;
    if (version > 0) {
      const installedAll = this.st.guests.map((x, i) => (i === gi ? x.installed[version]! : x.installed[x.installed.length - 1]!));
      const s = setupScenario(this.effectiveScenario(gi, version), this.catalog, installedAll);
      g = s.guests[gi]!;
      this.setup.guests[gi] = g;
    }
    const builder = new PathBuilder(guestEnv(this.hostSetup(g.host), g, this.refs(g)));
    this.builders[gi] = builder;
    const paths = g.ops.map((op) => builder.op(op));
    (this.tables[gi] ??= [])[version] = paths.map((p) => this.addPath(p));
    // interrupt paths get their slots now, in a fixed order, so checkpoints can name them
    for (const p of paths) {
      for (const s of p.steps) {
        const sub = s.io?.irqPath ?? s.ipi?.irqPath ?? s.halt?.tickPath;
        if (sub) this.irqSlot(gi, sub);
      }
    }
    const allQuiet = paths.every((p) => p.quiet);
    const cycles = g.ops.reduce((a, op, i) => a + (op.op === 'compute' ? paths[i]!.cycles : paths[i]!.cycles * ('count' in op ? op.count : 1)), 0);
    (this.unitQuiet[gi] ??= [])[version] = { quiet: allQuiet && g.ops.every((op) => op.op !== 'idle'), cycles };
  }

  // ------------------------------------------------------------------------------------------
  // running

  /** Run until simulated time `untilNs` (or the end of the scenario). Returns true when the run is over. */
  runUntil(untilNs: number, opts: RunOptions = {}): boolean {
    this.sink = opts.sink;
    // events emitted while the engine was being built (the first scheduling decisions) go to the first sink
    if (this.early && opts.sink) for (const e of this.early.splice(0)) opts.sink.event(e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7]);
    this.early = null;
    const limit = Math.min(untilNs, this.durationNs);
    const dispatch = (kind: number, a: number, b: number) => this.dispatch(kind, a, b);
    let still = 0;
    let last = -1;
    while (!this.st.stopped) {
      const n = this.kernel.run(limit, dispatch, 65536);
      opts.onProgress?.({ simNs: this.kernel.now, totalNs: this.durationNs, events: this.hasher.count });
      if (n < 65536) break;
      // ten million dispatches without simulated time moving is a model bug, not a workload
      still = this.kernel.now === last ? still + 1 : 0;
      last = this.kernel.now;
      if (still > 150) {
        throw new PvLabError('internal', `The engine made no progress at ${this.kernel.now} ns of scenario "${this.scenario.id}"`, 'report this with the scenario file attached; a shorter run or another mode may avoid it meanwhile');
      }
    }
    return this.st.stopped || this.kernel.now >= this.durationNs;
  }

  get now(): number {
    return this.kernel.now;
  }

  get done(): boolean {
    return this.st.stopped || this.kernel.now >= this.durationNs;
  }

  private dispatch(kind: number, a: number, b: number): void {
    switch (kind) {
      case EV_RUN: {
        const v = this.st.vcpus[a]!;
        if (v.gen === b && v.status === S_RUN) this.runVcpu(a);
        return;
      }
      case EV_SPIN: {
        const v = this.st.vcpus[a]!;
        if (v.gen === b && v.status === S_SPIN) this.spinCheck(a);
        return;
      }
      case EV_TICK: {
        const v = this.st.vcpus[a]!;
        if (v.gen === b && v.status === S_HALTED) {
          v.stepIdx++;
          this.queueIrqTick(a);
          this.makeReady(a);
        }
        return;
      }
      case EV_IO:
        this.ioStage(a);
        return;
      case EV_ARRIVAL:
        this.arrival(a);
        return;
      case EV_ACTION:
        this.action(a, b);
        return;
      case EV_ACK:
        if (this.st.guests[this.st.vcpus[a]!.g]!.epoch === b) this.ack(a);
        return;
      case EV_MIGRATE:
        return this.migrationStep(a, b);
      case EV_HA:
        return this.haRestart(a);
      case EV_BOOT:
        if (this.st.guests[a]!.status === 'down' && this.hostUsable(this.guestSetup(a).host)) this.bootGuest(a);
        return;
      case EV_END:
        // spinning burns cycles up to the end of the run
        for (let vi = 0; vi < this.st.vcpus.length; vi++) {
          const v = this.st.vcpus[vi]!;
          if (v.status === S_SPIN) {
            this.charge(vi, Math.max(0, this.kernel.now - v.spinStart) * this.ghz(vi), CAT_KERNEL);
            v.spinStart = this.kernel.now;
          }
        }
        this.st.stopped = true;
        this.kernel.halt();
        return;
    }
  }

  private emit(vi: number, kind: number, reason: number, cycles: number, path: number): void {
    const v = this.st.vcpus[vi]!;
    this.emitRaw(v.h, v.g, v.i, kind, reason, cycles, path);
    const gs = this.st.guests[v.g]!;
    const name = REASONS[reason]!;
    if (kind === EventKindId.exit) gs.exits[name] = (gs.exits[name] ?? 0) + 1;
    else if (kind === EventKindId.hypercall) gs.hypercalls[name] = (gs.hypercalls[name] ?? 0) + 1;
    else if (kind === EventKindId.fallback) gs.fallbacks++;
    else if (kind === EventKindId.fault) gs.faults++;
  }

  private emitRaw(h: number, g: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void {
    const t = this.kernel.now;
    const c = Math.round(cycles);
    this.hasher.event(t, h, g, vcpu, kind, reason, c, path);
    this.st.eventsByKind[kind]!++;
    if (this.sink) this.sink.event(t, h, g, vcpu, kind, reason, c, path);
    else this.early?.push([t, h, g, vcpu, kind, reason, c, path]);
  }

  private ghz(vi: number): number {
    return this.hostSetup(this.st.vcpus[vi]!.h).profile.cpu.clockGhz;
  }

  private charge(vi: number, cycles: number, cat: number): void {
    const v = this.st.vcpus[vi]!;
    this.st.guests[v.g]!.cycles[cat]! += cycles;
    v.busyCycles += cycles;
  }

  /** Continue vCPU `vi` after `cycles` of work already charged. */
  private resumeAfter(vi: number, cycles: number): void {
    const v = this.st.vcpus[vi]!;
    // during a live migration's pre-copy: dirty tracking (the first write to each page per round
    // faults) and, with auto-converge, throttling
    const m = this.st.guests[v.g]!.migrating;
    const tax = m ? (m.roundTax[m.round] ?? 0) : 0;
    const throttle = m ? (m.roundThrottle[m.round] ?? 0) : 0;
    if (tax > 0 && cycles > 0) {
      const extra = cycles * tax;
      this.charge(vi, extra, CAT_HYP);
      cycles += extra;
    }
    const total = cycles + v.frac;
    const ghz = this.ghz(vi);
    let dt = Math.floor(total / ghz);
    v.frac = total - dt * ghz;
    // auto-converge: the vCPU thread sleeps for the throttled share of its time (steal to the guest)
    if (throttle > 0 && dt > 0) {
      const pause = Math.floor((dt * throttle) / (1 - throttle));
      v.stealNs += pause;
      dt += pause;
    }
    this.scheduleRun(vi, this.kernel.now + dt);
  }

  private scheduleRun(vi: number, at: number): void {
    const v = this.st.vcpus[vi]!;
    v.runAt = at;
    this.kernel.at(at, EV_RUN, vi, v.gen);
  }

  private hasWork(v: VcpuState): boolean {
    const gs = this.st.guests[v.g]!;
    if (gs.status !== 'running') return false;
    if (v.inUnit || v.irq.length > 0) return true;
    if (gs.demandKind === 'open') return gs.queue.length > 0;
    if (v.i >= gs.concurrency) return false;
    const limit = this.unitLimit(v.g);
    return gs.unitsStarted < limit;
  }

  private unitLimit(g: number): number {
    const gsu = this.guestSetup(g);
    return gsu.spec.workload.units ?? gsu.workload.units ?? Infinity;
  }

  // pCPU scheduling -------------------------------------------------------------------------

  private makeReady(vi: number): void {
    const v = this.st.vcpus[vi]!;
    const host = this.st.hosts[v.h]!;
    const free = host.running.indexOf(-1);
    v.gen++;
    if (free >= 0) {
      this.switchIn(vi, free);
    } else {
      v.status = S_READY;
      v.readySince = this.kernel.now;
      host.ready.push(vi);
    }
  }

  private switchIn(vi: number, pcpu: number): void {
    const v = this.st.vcpus[vi]!;
    const host = this.st.hosts[v.h]!;
    host.running[pcpu] = vi;
    v.pcpu = pcpu;
    if (v.status === S_READY) v.stealNs += this.kernel.now - v.readySince;
    const hs = this.hostSetup(v.h);
    v.sliceEnd = this.kernel.now + (hs.hypervisor ? hs.hypervisor.scheduler.timesliceUs * 1000 : Infinity);
    v.gen++;
    v.status = v.spinning ? S_SPIN : S_RUN;
    if (v.spinning) v.spinStart = this.kernel.now;
    let cost = 0;
    const g = this.guestSetup(v.g);
    if (hs.hypervisor && g.spec.mode !== 'native' && this.contended(v.h)) {
      cost = hs.hypervisor.costs.vcpuSwitch;
      this.emit(vi, EventKindId.schedule, ReasonId.switch_in, cost, -1);
      this.charge(vi, cost, CAT_HYP);
    }
    if (v.status === S_SPIN) this.startSpin(vi);
    else this.resumeAfter(vi, cost);
  }

  /** Scheduling decisions are worth an event only where vCPUs compete for pCPUs. */
  private contended(h: number): boolean {
    return this.st.hosts[h]!.ready.length > 0 || this.hostVcpus(h) > this.hostSetup(h).pcpus;
  }

  private hostVcpuCount: number[] = [];
  private hostVcpus(h: number): number {
    if (this.hostVcpuCount.length === 0) {
      this.hostVcpuCount = this.setup.hosts.map(() => 0);
      for (const v of this.st.vcpus) this.hostVcpuCount[v.h]!++;
    }
    return this.hostVcpuCount[h]!;
  }

  /**
   * Give up the pCPU (block, halt, finish or yield) and run the next ready vCPU there — or, for a
   * directed yield, `to`, with the yielder first in line for the next free pCPU.
   */
  private release(vi: number, status: number, reason: Reason | null, _pcpu = -1, to = -1): void {
    const v = this.st.vcpus[vi]!;
    const host = this.st.hosts[v.h]!;
    const pcpu = v.pcpu;
    if (reason && this.guestSetup(v.g).spec.mode !== 'native' && this.contended(v.h)) this.emit(vi, EventKindId.schedule, ReasonId[reason], 0, -1);
    v.status = status;
    v.pcpu = -1;
    v.gen++;
    if (status === S_READY) {
      v.readySince = this.kernel.now;
      if (to >= 0) host.ready.unshift(vi);
      else host.ready.push(vi);
    }
    if (pcpu >= 0) {
      host.running[pcpu] = -1;
      const next = to >= 0 ? to : host.ready.shift();
      if (next !== undefined) this.switchIn(next, pcpu);
    }
  }

  /** A preempted vCPU of the same guest to yield to, round-robin from the last one boosted. */
  private yieldTarget(vi: number): number {
    const v = this.st.vcpus[vi]!;
    const host = this.st.hosts[v.h]!;
    const n = this.guestSetup(v.g).spec.vcpus;
    const base = vi - v.i;
    const from = this.st.yieldFrom[v.g]!;
    for (let k = 1; k <= n; k++) {
      const i = (from + k) % n;
      const cand = base + i;
      if (cand !== vi && this.st.vcpus[cand]!.status === S_READY && host.ready.includes(cand)) {
        this.st.yieldFrom[v.g] = i;
        return cand;
      }
    }
    return -1;
  }

  // the vCPU executor ------------------------------------------------------------------------

  /** At the end of its time slice a vCPU is preempted if another one is waiting (true), else it gets a new slice. */
  private sliceExpired(vi: number, now: number): boolean {
    const v = this.st.vcpus[vi]!;
    if (now < v.sliceEnd) return false;
    if (this.st.hosts[v.h]!.ready.length > 0) {
      this.release(vi, S_READY, 'preempt');
      return true;
    }
    const hv = this.hostSetup(v.h).hypervisor;
    v.sliceEnd = now + (hv ? hv.scheduler.timesliceUs * 1000 : Infinity);
    return false;
  }

  private runVcpu(vi: number): void {
    const v = this.st.vcpus[vi]!;
    const gs = this.st.guests[v.g]!;
    const now = this.kernel.now;
    if (this.sliceExpired(vi, now)) return;
    const ghz = this.ghz(vi);
    const multi = this.guestSetup(v.g).spec.vcpus > 1;
    const limitNs = Math.min(v.sliceEnd, multi ? now + MAX_BATCH_NS : Infinity, this.durationNs);
    const budget = (limitNs - now) * ghz - v.frac;
    let acc = 0;
    const flush = () => this.resumeAfter(vi, acc);

    for (;;) {
      if (gs.status !== 'running') return;
      if (acc > 0 && acc >= budget) return flush();
      // 1. pending interrupts run first
      if (v.irq.length > 0) {
        const path = this.pathById[v.irq[0]!]!;
        const s = path.steps[v.irqStep];
        if (s === undefined) {
          const ackTo = v.irq[1]!;
          v.irq.splice(0, 2);
          v.irqStep = 0;
          this.countPath(v.g, path);
          if (ackTo >= 0) this.ack(ackTo);
          continue;
        }
        if (s.ev >= 0 && acc > 0) return flush();
        if (s.ev >= 0) this.emit(vi, s.ev, s.reason, s.evCycles, this.slotName[v.irq[0]!]!);
        this.charge(vi, s.cycles, s.cat);
        acc += s.cycles;
        v.irqStep++;
        continue;
      }
      // 2. the next unit
      if (!v.inUnit) {
        if (!this.startUnit(vi)) {
          if (acc > 0) return flush();
          return this.idleOut(vi);
        }
        const uq = this.unitQuiet[v.g]![v.table]!;
        if (uq.quiet && v.opIdx === 0 && v.stepIdx === 0 && gs.demandKind === 'closed') {
          // whole units without events: complete as many as fit in one go
          const room = Math.max(1, Math.floor((budget - acc) / uq.cycles));
          const n = Math.min(room, this.unitLimit(v.g) - gs.unitsStarted + 1);
          gs.unitsStarted += n - 1;
          this.chargeQuietUnit(vi, n);
          acc += uq.cycles * n;
          const lat = uq.cycles / ghz;
          record(gs.latency, lat, n);
          gs.unitsDone += n;
          v.inUnit = false;
          gs.lastNs = now + Math.floor(acc / ghz);
          if (gs.unitsDone >= this.unitLimit(v.g)) {
            this.finishGuestIfDone(v.g, acc / ghz);
          }
          continue;
        }
      }
      // 3. the current operation
      const table = this.tables[v.g]![v.table]!;
      const slot = table[v.opIdx]!;
      const path = this.pathById[slot]!;
      const op = this.guestSetup(v.g).ops[v.opIdx]!;
      if (path.quiet && v.stepIdx === 0) {
        const room = Math.max(1, Math.floor((budget - acc) / Math.max(1, path.cycles)));
        const n = Math.min(room, v.opLeft);
        for (const s of path.steps) this.charge(vi, s.cycles * n, s.cat);
        acc += path.cycles * n;
        v.opLeft -= n;
        if (path.counted) this.st.guests[v.g]!.pathCounts[path.cls] += n;
        if (v.opLeft === 0) this.nextOp(vi, acc);
        continue;
      }
      const s = path.steps[v.stepIdx];
      if (s === undefined) {
        if (path.counted) this.countPath(v.g, path);
        v.opLeft--;
        v.stepIdx = 0;
        if (v.opLeft <= 0) this.nextOp(vi, acc);
        continue;
      }
      if ((s.ev >= 0 || s.kind > STEP_DIVISIBLE) && acc > 0) return flush();
      const pathName = this.slotName[slot]!;
      switch (s.kind) {
        case STEP_PLAIN:
          if (s.ev >= 0) this.emit(vi, s.ev, s.reason, s.evCycles, pathName);
          this.charge(vi, s.cycles, s.cat);
          acc += s.cycles;
          v.stepIdx++;
          break;
        case STEP_DIVISIBLE: {
          if (v.stepLeft < 0) v.stepLeft = s.cycles;
          const room = Math.max(1000, budget - acc);
          const take = Math.min(room, v.stepLeft);
          this.charge(vi, take, s.cat);
          acc += take;
          v.stepLeft -= take;
          if (v.stepLeft <= 0) {
            v.stepLeft = -1;
            v.stepIdx++;
          }
          break;
        }
        case STEP_MMU_LOCK: {
          const r = this.st.resources[s.resource!]!;
          const holdNs = s.cycles / ghz;
          const start = Math.max(now, r.freeAt[0]!);
          r.freeAt[0] = start + holdNs;
          r.busyNs += holdNs;
          r.served++;
          record(r.waits, start - now);
          const spin = (start - now) * ghz;
          this.charge(vi, spin + s.cycles, s.cat);
          acc += spin + s.cycles;
          v.stepIdx++;
          break;
        }
        case STEP_KICK:
        case STEP_BATCH: {
          let run: boolean;
          if (s.kind === STEP_KICK) run = s.resource! < 0 || this.st.resources[s.resource!]!.inSystem === 0;
          else if (v.stepLeft === BATCH_DUE) {
            // re-entered after the work before the flush: the step was counted and charged then
            run = true;
            v.stepLeft = -1;
          } else {
            gs.batchCount++;
            run = gs.batchCount >= s.batch!.size;
            if (run) gs.batchCount = 0;
            this.charge(vi, s.cycles, s.cat);
            acc += s.cycles;
          }
          if (run) {
            // execute the flush steps inline (they are plain steps)
            for (const f of s.batch!.flush) {
              if (f.ev >= 0 && acc > 0) {
                // keep event times exact: the flush's events come after the work so far
                v.stepLeft = s.kind === STEP_BATCH ? BATCH_DUE : -1;
                return this.resumeAfter(vi, acc);
              }
              if (f.ev >= 0) this.emit(vi, f.ev, f.reason, f.evCycles, pathName);
              this.charge(vi, f.cycles, f.cat);
              acc += f.cycles;
            }
          }
          v.stepIdx++;
          break;
        }
        case STEP_IO:
          v.stepIdx++;
          this.submitIo(vi, s, op.op === 'netSend');
          if (v.status !== S_RUN) return; // blocked on a synchronous request or a full ring
          break;
        case STEP_LOCK_ACQUIRE:
          if (gs.lockHolder === -1) {
            gs.lockHolder = vi;
            this.charge(vi, s.cycles, s.cat);
            acc += s.cycles;
            v.stepIdx++;
          } else {
            gs.lockWaiters.push(vi);
            this.beginSpin(vi, 0, now);
            return;
          }
          break;
        case STEP_LOCK_RELEASE: {
          this.charge(vi, s.cycles, s.cat);
          acc += s.cycles;
          v.stepIdx++;
          const next = gs.lockWaiters.shift();
          gs.lockHolder = next ?? -1;
          if (next !== undefined) acc += this.grantLock(vi, next, path, pathName);
          break;
        }
        case STEP_IPI: {
          v.stepIdx++;
          acc += this.sendIpis(vi, s, pathName);
          if (v.status === S_SPIN) return;
          break;
        }
        case STEP_HALT:
          return this.halt(vi, s);
        case STEP_CRASH:
          this.emit(vi, s.ev, s.reason, 0, pathName);
          this.crashGuest(v.g);
          return;
      }
    }
  }

  private countPath(g: number, path: Path): void {
    if (path.counted) this.st.guests[g]!.pathCounts[path.cls]++;
  }

  private chargeQuietUnit(vi: number, n: number): void {
    const v = this.st.vcpus[vi]!;
    const table = this.tables[v.g]![v.table]!;
    const ops = this.guestSetup(v.g).ops;
    table.forEach((slot, i) => {
      const p = this.pathById[slot]!;
      const op = ops[i]!;
      const reps = op.op === 'compute' ? 1 : 'count' in op ? op.count : 1;
      for (const s of p.steps) this.charge(vi, s.cycles * reps * n, s.cat);
      if (p.counted) this.st.guests[v.g]!.pathCounts[p.cls] += reps * n;
    });
  }

  private startUnit(vi: number): boolean {
    const v = this.st.vcpus[vi]!;
    const gs = this.st.guests[v.g]!;
    if (gs.demandKind === 'open') {
      const t = gs.queue.shift();
      if (t === undefined) return false;
      v.unitStart = t;
    } else {
      if (v.i >= gs.concurrency || gs.unitsStarted >= this.unitLimit(v.g)) return false;
      v.unitStart = this.kernel.now;
    }
    gs.unitsStarted++;
    v.inUnit = true;
    v.table = this.tables[v.g]!.length - 1;
    v.opIdx = 0;
    v.stepIdx = 0;
    v.stepLeft = -1;
    v.opLeft = this.opCount(v.g, 0);
    return true;
  }

  private opCount(g: number, i: number): number {
    const op = this.guestSetup(g).ops[i]!;
    return op.op === 'compute' || op.op === 'idle' ? 1 : op.count;
  }

  private nextOp(vi: number, acc: number): void {
    const v = this.st.vcpus[vi]!;
    v.opIdx++;
    v.stepIdx = 0;
    v.stepLeft = -1;
    if (v.opIdx < this.guestSetup(v.g).ops.length) {
      v.opLeft = this.opCount(v.g, v.opIdx);
      return;
    }
    // unit complete
    const gs = this.st.guests[v.g]!;
    const end = this.kernel.now + acc / this.ghz(vi);
    record(gs.latency, end - v.unitStart);
    gs.unitsDone++;
    gs.lastNs = Math.floor(end);
    v.inUnit = false;
    if (gs.unitsDone >= this.unitLimit(v.g)) this.finishGuestIfDone(v.g, acc / this.ghz(vi));
  }

  private finishGuestIfDone(g: number, _inNs: number): void {
    const gs = this.st.guests[g]!;
    if (gs.status !== 'running') return;
    gs.status = 'done';
    const gsu = this.guestSetup(g);
    this.emitRaw(gsu.host, g, 0, EventKindId.guest, ReasonId.done, 0, -1);
    // the run ends when the last guest's last unit has completed (its work may still be in flight)
    if (this.st.guests.every((x) => x.status !== 'running' && x.status !== 'down')) {
      this.kernel.at(Math.max(...this.st.guests.map((x) => x.lastNs), this.kernel.now), EV_END, 0, 0);
    }
  }

  /** Nothing to do: halt until work arrives (or stop for good). */
  private idleOut(vi: number): void {
    const v = this.st.vcpus[vi]!;
    const gs = this.st.guests[v.g]!;
    if (gs.demandKind === 'closed' && (gs.unitsStarted >= this.unitLimit(v.g) || v.i >= gs.concurrency)) {
      this.release(vi, gs.unitsStarted >= this.unitLimit(v.g) ? S_DONE : S_HALTED, 'block');
      return;
    }
    const gsu = this.guestSetup(v.g);
    const hv = this.hostSetup(v.h).hypervisor;
    if (hv && (gsu.spec.mode === 'hw-shadow' || gsu.spec.mode === 'hw-nested' || gsu.spec.mode === 'pvh')) {
      const p = this.hostSetup(v.h).profile;
      const c = p.virt.vmExitCycles + hv.costs.exitDispatch + hv.costs.halt + p.virt.vmEntryCycles;
      this.emit(vi, EventKindId.exit, ReasonId.HLT, c, -1);
      this.charge(vi, c, CAT_HYP);
    }
    this.release(vi, S_HALTED, 'block');
  }

  // spinning ---------------------------------------------------------------------------------

  /** Start a spin wait on the pCPU the vCPU holds. */
  private beginSpin(vi: number, what: number, at: number): void {
    const v = this.st.vcpus[vi]!;
    v.spinWhat = what;
    v.spinning = true;
    v.spinBegan = at;
    v.spinStart = at;
    v.pleWindow = this.pleCycles(vi);
    v.spunCycles = 0;
    v.status = S_SPIN;
    v.gen++;
    this.startSpin(vi);
  }

  /** Spin cycles before a pause-loop exit, or 0 where the hardware or mode has none. */
  private pleCycles(vi: number): number {
    const v = this.st.vcpus[vi]!;
    const mode = this.guestSetup(v.g).spec.mode;
    const hs = this.hostSetup(v.h);
    if (!hs.hypervisor || (mode !== 'hw-shadow' && mode !== 'hw-nested' && mode !== 'pvh')) return 0;
    return hs.profile.virt.features.includes('pause-loop-exiting') ? hs.hypervisor.scheduler.pleWindow : 0;
  }

  private pvSpin(vi: number): boolean {
    const st = this.st.vcpus[vi]!.spinWhat === 0 ? this.currentStep(vi) : undefined;
    return st?.spin?.pvSpinlock ?? false;
  }

  /** Schedule the next look at a spinning vCPU: slice end, a pause-loop exit, or the PV spin threshold. */
  private startSpin(vi: number): void {
    const v = this.st.vcpus[vi]!;
    const ghz = this.ghz(vi);
    const now = this.kernel.now;
    let at = v.sliceEnd;
    if (v.pleWindow > 0) at = Math.min(at, v.spinStart + Math.ceil(v.pleWindow / ghz));
    if (this.pvSpin(vi)) at = Math.min(at, v.spinStart + Math.ceil(Math.max(0, PV_SPIN_THRESHOLD_CYCLES - v.spunCycles) / ghz));
    if (v.irq.length > 0) at = now;
    // a wait with no timeout inside the run ends by an ack or a grant; EV_END accounts for the rest
    if (at >= this.durationNs) return;
    this.kernel.at(Math.max(now, at), EV_SPIN, vi, v.gen);
  }

  private currentStep(vi: number): Step | undefined {
    const v = this.st.vcpus[vi]!;
    if (!v.inUnit) return undefined;
    return this.pathById[this.tables[v.g]![v.table]![v.opIdx]!]!.steps[v.stepIdx];
  }

  /** Exit, handler and entry cycles of an exit with `handler` work, charged to the vCPU. */
  private exitInline(vi: number, reason: Reason, handler: number): void {
    const hs = this.hostSetup(this.st.vcpus[vi]!.h);
    const hv = hs.hypervisor!;
    const c = hs.profile.virt.vmExitCycles + hv.costs.exitDispatch + handler + hs.profile.virt.vmEntryCycles;
    this.emit(vi, EventKindId.exit, ReasonId[reason], c, -1);
    this.charge(vi, c, CAT_HYP);
  }

  private spinCheck(vi: number): void {
    const v = this.st.vcpus[vi]!;
    const now = this.kernel.now;
    const ghz = this.ghz(vi);
    // spinning burns guest-kernel cycles until now
    const spun = Math.max(0, now - v.spinStart) * ghz;
    this.charge(vi, spun, CAT_KERNEL);
    v.spunCycles += spun;
    v.spinStart = now;
    // interrupts (IPIs) are served while spinning
    if (v.irq.length > 0) {
      let c = 0;
      while (v.irq.length > 0) {
        c += this.serveIrq(vi, v.irq[0]!);
        const ackTo = v.irq[1]!;
        v.irq.splice(0, 2);
        if (ackTo >= 0) this.ack(ackTo);
      }
      v.spinStart = now + Math.floor(c / ghz);
      if (v.status !== S_SPIN) return; // the interrupt ended the wait (a self-ack cannot happen, but a grant can)
    }
    const host = this.st.hosts[v.h]!;
    if (this.pvSpin(vi) && v.spunCycles >= PV_SPIN_THRESHOLD_CYCLES - ghz) {
      // PV spinlock: stop spinning and sleep in the hypervisor until the holder kicks
      this.exitInline(vi, 'HLT', this.hostSetup(v.h).hypervisor!.costs.halt);
      this.release(vi, S_BLOCKED, 'block');
      return;
    }
    if (v.pleWindow > 0) {
      // pause-loop exit: the hypervisor sees the spin, doubles the window (KVM grow_ple_window)
      // and yields to another preempted vCPU of the same guest, hoping it is the lock holder
      this.exitInline(vi, 'PAUSE', this.hostSetup(v.h).hypervisor!.costs.vcpuSwitch);
      v.pleWindow = Math.min(v.pleWindow * PLE_WINDOW_GROW, PLE_WINDOW_MAX);
      const target = this.yieldTarget(vi);
      if (target >= 0) {
        host.ready.splice(host.ready.indexOf(target), 1);
        const pcpu = v.pcpu;
        this.release(vi, S_READY, 'yield', pcpu, target);
        return;
      }
      v.spinStart = this.kernel.now;
    }
    if (this.sliceExpired(vi, now)) return;
    v.gen++;
    this.startSpin(vi);
  }

  /** The holder hands the lock to the next waiter; returns cycles the holder spends (a PV kick). */
  private grantLock(holder: number, next: number, path: Path, pathName: number): number {
    const w = this.st.vcpus[next]!;
    if (w.status === S_SPIN) {
      this.endSpin(next);
      w.status = S_RUN;
      w.gen++;
      this.scheduleRun(next, this.kernel.now);
      return 0;
    }
    if (w.status === S_BLOCKED) {
      // asleep in the hypervisor (PV spinlock): the holder kicks it
      const acq = path.steps.find((s) => s.kind === STEP_LOCK_ACQUIRE);
      let c = 0;
      for (const s of acq?.spin?.kickSteps ?? []) {
        if (s.ev >= 0 && c === 0) this.emit(holder, s.ev, s.reason, s.evCycles, pathName);
        this.charge(holder, s.cycles, s.cat);
        c += s.cycles;
      }
      this.endSpin(next);
      this.makeReady(next);
      return c;
    }
    // preempted while spinning: it owns the lock when it runs again
    this.endSpin(next);
    return 0;
  }

  /** End a spin wait: charge the spin so far and move past the waiting step. */
  private endSpin(vi: number): void {
    const v = this.st.vcpus[vi]!;
    if (v.status === S_SPIN) this.charge(vi, Math.max(0, this.kernel.now - v.spinStart) * this.ghz(vi), CAT_KERNEL);
    v.spunCycles = 0;
    v.spinning = false;
    if (v.spinWhat === 0) v.stepIdx++;
    v.spinWhat = -1;
  }

  // IPIs ------------------------------------------------------------------------------------

  private sendIpis(vi: number, s: Step, pathName: number): number {
    const v = this.st.vcpus[vi]!;
    const ipi = s.ipi!;
    let c = 0;
    let acks = 0;
    const base = this.st.vcpus.findIndex((x) => x.g === v.g);
    const n = this.guestSetup(v.g).spec.vcpus;
    const irqSlot = this.irqSlot(v.g, ipi.irqPath);
    for (let i = 0; i < n; i++) {
      const ti = base + i;
      if (ti === vi) continue;
      const t = this.st.vcpus[ti]!;
      if (t.status === S_DONE || t.status === S_DOWN) continue;
      for (const st of ipi.sendPerTarget) {
        if (st.ev >= 0) this.emit(vi, st.ev, st.reason, st.evCycles, pathName);
        this.charge(vi, st.cycles, st.cat);
        c += st.cycles;
      }
      const running = t.status === S_RUN || t.status === S_SPIN;
      if (ipi.shootdown && ipi.pvTlbFlush && !running) continue; // flushed on its next entry
      const needAck = ipi.shootdown;
      if (needAck) acks++;
      this.queueIrq(ti, irqSlot, needAck ? vi : -1);
    }
    if (acks > 0) {
      // the sent work is charged; the wait for acks starts after it
      v.acks += acks;
      this.beginSpin(vi, 1, this.kernel.now + Math.floor(c / this.ghz(vi)));
    }
    return c;
  }

  private irqSlotCache = new Map<Path, number>();
  private irqSlot(_g: number, p: Path): number {
    let slot = this.irqSlotCache.get(p);
    if (slot === undefined) {
      slot = this.addPath(p);
      this.irqSlotCache.set(p, slot);
    }
    return slot;
  }

  private queueIrq(ti: number, slot: number, ackTo: number): void {
    const t = this.st.vcpus[ti]!;
    t.irq.push(slot, ackTo);
    if (t.status === S_HALTED) {
      this.makeReady(ti);
    } else if (t.status === S_RUN && t.runAt > this.kernel.now && t.irq.length === 2) {
      this.takeIrqNow(ti);
    } else if (t.status === S_SPIN) {
      t.gen++;
      this.kernel.at(this.kernel.now, EV_SPIN, ti, t.gen);
    }
  }

  /** Run a whole interrupt path on a vCPU now: its events, its charges, its count. Returns its cycles. */
  private serveIrq(vi: number, slot: number): number {
    const path = this.pathById[slot]!;
    let c = 0;
    for (const s of path.steps) {
      if (s.ev >= 0) this.emit(vi, s.ev, s.reason, s.evCycles, this.slotName[slot]!);
      this.charge(vi, s.cycles, s.cat);
      c += s.cycles;
    }
    this.countPath(this.st.vcpus[vi]!.g, path);
    return c;
  }

  /**
   * A vCPU in the middle of a batch takes an interrupt at once, as hardware would: the handler
   * runs now, the rest of the batch moves later by the handler's time, and an acknowledgement
   * reaches the sender when the handler is done.
   */
  private takeIrqNow(ti: number): void {
    const t = this.st.vcpus[ti]!;
    const slot = t.irq[0]!;
    const ackTo = t.irq[1]!;
    if (!this.pathById[slot]!.plain) return;
    const c = this.serveIrq(ti, slot);
    t.irq.length = 0;
    t.irqStep = 0;
    const dt = Math.ceil(c / this.ghz(ti));
    t.gen++;
    this.scheduleRun(ti, t.runAt + dt);
    if (ackTo >= 0) this.kernel.at(this.kernel.now + dt, EV_ACK, ackTo, this.st.guests[this.st.vcpus[ackTo]!.g]!.epoch);
  }

  private ack(senderVi: number): void {
    const s = this.st.vcpus[senderVi]!;
    s.acks--;
    if (s.acks <= 0 && s.spinWhat === 1) {
      s.acks = 0;
      if (s.status === S_SPIN) {
        this.endSpin(senderVi);
        s.status = S_RUN;
        s.gen++;
        this.scheduleRun(senderVi, this.kernel.now);
      } else {
        this.endSpin(senderVi);
      }
    }
  }

  // halting on timer ticks ---------------------------------------------------------------------

  private halt(vi: number, s: Step): void {
    const v = this.st.vcpus[vi]!;
    const os = this.guestSetup(v.g).os;
    const hz = os.timer.idleTickHz;
    const now = this.kernel.now;
    const gsu = this.guestSetup(v.g);
    if (hz <= 0) {
      this.release(vi, S_HALTED, 'block');
      return;
    }
    const period = Math.round(1e9 / hz);
    const phase = Math.floor((period * v.i) / gsu.spec.vcpus);
    const next = Math.floor((now - phase) / period) * period + period + phase;
    const poll = s.halt!.haltPollNs;
    if (poll > 0 && next - now <= poll) {
      // halt polling catches the wake-up: the pCPU spins in the hypervisor meanwhile
      this.charge(vi, (next - now) * this.ghz(vi), CAT_HYP);
      v.stepIdx++;
      this.queueIrqTick(vi);
      v.gen++;
      this.scheduleRun(vi, next);
      return;
    }
    this.release(vi, S_HALTED, 'block');
    this.kernel.at(next, EV_TICK, vi, v.gen);
  }

  private queueIrqTick(vi: number): void {
    const v = this.st.vcpus[vi]!;
    const step = this.currentStepAt(vi, v.stepIdx - 1);
    if (step?.halt) v.irq.push(this.irqSlot(v.g, step.halt.tickPath), -1);
  }

  private currentStepAt(vi: number, idx: number): Step | undefined {
    const v = this.st.vcpus[vi]!;
    return this.pathById[this.tables[v.g]![v.table]![v.opIdx]!]!.steps[idx];
  }

  // I/O -----------------------------------------------------------------------------------------

  private submitIo(vi: number, s: Step, _send: boolean): void {
    const v = this.st.vcpus[vi]!;
    const io = s.io!;
    const ghz = this.ghz(vi);
    const req: IoRequest = {
      v: vi,
      epoch: this.st.guests[v.g]!.epoch,
      stage: io.backend >= 0 ? 0 : 1,
      arrive: this.kernel.now,
      path: this.irqSlot(v.g, io.irqPath),
      sync: io.sync,
      backend: io.backend,
      device: io.device,
      backendNs: Math.max(1, Math.round(io.backendCycles / ghz)),
      deviceNs: io.deviceNs,
      reason: ReasonId[io.kind === 'net-tx' ? 'net_tx' : io.kind === 'net-rx' ? 'net_rx' : io.kind === 'disk-read' ? 'disk_read' : 'disk_write'],
      rpi: io.sync ? 1 : io.requestsPerInterrupt,
    };
    const slot = this.st.freeRequests.pop() ?? this.st.requests.length;
    this.st.requests[slot] = req;
    this.enterResource(slot, req);
    if (io.sync) {
      this.release(vi, S_BLOCKED, 'block');
    } else {
      v.outstanding++;
      if (v.outstanding >= io.ringSize) {
        v.ringWait = true;
        this.release(vi, S_BLOCKED, 'block');
      }
    }
  }

  /** Queue the request at its current stage's resource; schedule the stage's completion. */
  private enterResource(slot: number, req: IoRequest): void {
    const rid = req.stage === 0 ? req.backend : req.device;
    const r = this.st.resources[rid]!;
    const now = this.kernel.now;
    let best = 0;
    for (let i = 1; i < r.freeAt.length; i++) if (r.freeAt[i]! < r.freeAt[best]!) best = i;
    const start = Math.max(now, r.freeAt[best]!);
    const service = req.stage === 0 ? req.backendNs : req.deviceNs;
    r.freeAt[best] = start + service;
    r.busyNs += service;
    record(r.waits, start - now);
    this.resourceCount(r, +1);
    this.kernel.at(start + service, EV_IO, slot, 0);
  }

  private resourceCount(r: ResourceState, d: number): void {
    const now = this.kernel.now;
    r.queueArea += Math.max(0, r.inSystem - r.freeAt.length) * (now - r.lastChange);
    r.lastChange = now;
    r.inSystem += d;
    const q = r.inSystem - r.freeAt.length;
    if (q > r.maxQueue) r.maxQueue = q;
  }

  private ioStage(slot: number): void {
    const req = this.st.requests[slot]!;
    const r = this.st.resources[req.stage === 0 ? req.backend : req.device]!;
    this.resourceCount(r, -1);
    r.served++;
    if (req.stage === 0) {
      req.stage = 1;
      this.enterResource(slot, req);
      return;
    }
    this.st.requests[slot] = null;
    this.st.freeRequests.push(slot);
    const v = this.st.vcpus[req.v]!;
    const gs = this.st.guests[v.g]!;
    if (req.epoch !== gs.epoch || gs.status !== 'running') return;
    this.emitRaw(v.h, v.g, v.i, EventKindId.io, req.reason, 0, -1);
    if (req.sync) {
      v.irq.push(req.path, -1);
      if (v.status === S_BLOCKED) this.makeReady(req.v);
      return;
    }
    v.outstanding--;
    gs.irqCoalesce++;
    const wake = v.ringWait;
    if (gs.irqCoalesce >= req.rpi || wake) {
      gs.irqCoalesce = 0;
      v.irq.push(req.path, -1);
    }
    if (wake) {
      v.ringWait = false;
      if (v.status === S_BLOCKED) this.makeReady(req.v);
    } else if (v.status === S_HALTED && v.irq.length > 0) this.makeReady(req.v);
  }

  // open-loop arrivals, timeline actions, crashes ----------------------------------------------

  private arrival(g: number): void {
    const gs = this.st.guests[g]!;
    if (gs.status === 'running' && gs.demandKind === 'open') {
      gs.queue.push(this.kernel.now);
      const base = this.st.vcpus.findIndex((x) => x.g === g);
      const n = this.guestSetup(g).spec.vcpus;
      for (let i = 0; i < n; i++) {
        if (this.st.vcpus[base + i]!.status === S_HALTED) {
          this.makeReady(base + i);
          break;
        }
      }
    }
    if (gs.demandKind === 'open' && gs.rate > 0) this.kernel.after(Math.max(1, Math.round(nextExp(this.st.rng, 1e9 / gs.rate))), EV_ARRIVAL, g, 0);
  }

  private guestIndex(id: string): number {
    return this.setup.guests.findIndex((g) => g.spec.id === id);
  }

  /** Schedule timeline action `i` at its time (for a branch whose action was added after its checkpoint). */
  scheduleAction(i: number): void {
    const a = this.scenario.timeline[i];
    if (!a) throw new PvLabError('invalid-input', `The scenario has no timeline action #${i}`, 'add the action to the scenario first');
    const t = Math.round(a.atMs * 1e6);
    if (t < this.kernel.now) throw new PvLabError('invalid-input', `Timeline action #${i} at ${a.atMs} ms is before the engine's time`, 'schedule actions at or after the current time');
    this.kernel.at(t, EV_ACTION, i, 0);
  }

  private hostIndex(id: string): number {
    return this.setup.hosts.findIndex((x) => x.id === id);
  }

  private hostUsable(h: number): boolean {
    const hs = this.st.hosts[h]!;
    return !hs.failed && !hs.maintenance;
  }

  private hostEvent(h: number, r: Reason): void {
    this.emitRaw(h, NO_GUEST, 0, EventKindId.guest, ReasonId[r], 0, -1);
  }

  private note(text: string): void {
    this.st.notes.push(`${(this.kernel.now / 1e6).toFixed(3)} ms: ${text}`);
  }

  /** Why guest `g` cannot go to host `h` now (empty when it can). */
  private targetProblems(g: number, h: number): string[] {
    const host = this.setup.hosts[h]!;
    const hs = this.st.hosts[h]!;
    if (hs.failed) return [`${host.id} has failed`];
    if (hs.maintenance) return [`${host.id} is in maintenance`];
    // the scenario as it stands: current hosts, devices and add-ons of every guest
    const now = this.effectiveScenario(g, this.st.guests[g]!.devices.length - 1);
    return migrationProblems(now, this.catalog, this.guestSetup(g).spec.id, host.id, this.st.guests.map((x) => x.installed[x.installed.length - 1]!));
  }

  /** The least loaded host that can take guest `g`, or -1 with the reasons each host gave. */
  private pickTarget(g: number): { host: number; reasons: string[] } {
    const from = this.guestSetup(g).host;
    const load = (h: number) =>
      this.setup.guests.reduce((a, x, gi) => a + (x.host === h && gi !== g && this.st.guests[gi]!.status !== 'crashed' && this.st.guests[gi]!.status !== 'done' ? x.spec.vcpus : 0), 0) / this.setup.hosts[h]!.pcpus;
    let best = -1;
    const reasons: string[] = [];
    this.setup.hosts.forEach((host, h) => {
      if (h === from) return;
      const p = this.targetProblems(g, h);
      if (p.length) reasons.push(...p);
      else if (best < 0 || load(h) < load(best)) best = h;
    });
    return { host: best, reasons };
  }

  /** Put guest `g` (stopped) on host `h`: its paths are rebuilt for that host. */
  private moveGuest(g: number, h: number): void {
    this.newVersion(g, { host: this.setup.hosts[h]!.id });
    for (const v of this.st.vcpus) if (v.g === g) v.h = h;
  }

  private hostFailure(hostId: string): void {
    const h = this.hostIndex(hostId);
    this.st.hosts[h]!.failed = true;
    const ha = this.scenario.ha;
    this.setup.guests.forEach((g, gi) => {
      const gs = this.st.guests[gi]!;
      // a migration to or from the failed host is abandoned; the guest stays where it was
      if (gs.migrating && (g.host === h || this.hostIndex(gs.migrating.to) === h)) {
        this.emitRaw(g.host, gi, 0, EventKindId.guest, ReasonId.migrate_refused, 0, -1);
        this.note(`${g.spec.id}: migration to ${gs.migrating.to} abandoned: ${hostId} failed`);
        const wasPaused = gs.status === 'paused';
        gs.migrating = null;
        if (wasPaused && g.host !== h) this.bootGuest(gi, 'migrate_refused');
      }
      if (g.host !== h || gs.status === 'crashed' || gs.status === 'done') return;
      this.emitRaw(h, gi, 0, EventKindId.guest, ReasonId.host_failure, 0, -1);
      this.takeGuestDown(gi, 'down');
      if (ha?.enabled) this.kernel.after(Math.round(ha.detectionMs * 1e6), EV_HA, gi, 0);
    });
    this.endIfNothingCanRun();
  }

  /** The run ends early when no guest runs and none can come back. */
  private endIfNothingCanRun(): void {
    if (this.scenario.ha?.enabled) return;
    const over = this.st.guests.every((x, gi) => x.status === 'crashed' || x.status === 'done' || this.st.hosts[this.guestSetup(gi).host]!.failed);
    if (over && !this.scenario.timeline.some((a) => a.action === 'host-repair' && Math.round(a.atMs * 1e6) > this.kernel.now)) this.kernel.at(this.kernel.now, EV_END, 0, 0);
  }

  /** HA: restart a guest of a failed host on another host (it reboots; work in flight was lost). */
  private haRestart(g: number): void {
    const gs = this.st.guests[g]!;
    if (gs.status !== 'down' || !this.st.hosts[this.guestSetup(g).host]!.failed) return;
    const { host, reasons } = this.pickTarget(g);
    const id = this.guestSetup(g).spec.id;
    if (host < 0) {
      this.emitRaw(this.guestSetup(g).host, g, 0, EventKindId.guest, ReasonId.no_target, 0, -1);
      this.note(`${id}: no host can take it after the failure${reasons.length ? ` (${[...new Set(reasons)].join('; ')})` : ''}; it stays down`);
      return;
    }
    this.moveGuest(g, host);
    this.emitRaw(host, g, 0, EventKindId.guest, ReasonId.ha_restart, 0, -1);
    this.kernel.after(Math.round(this.guestSetup(g).os.bootSeconds * 1e9), EV_BOOT, g, 0);
  }

  private hostRepair(hostId: string): void {
    const h = this.hostIndex(hostId);
    const hs = this.st.hosts[h]!;
    if (!hs.failed) return;
    hs.failed = false;
    this.hostEvent(h, 'host_repaired');
    this.setup.guests.forEach((g, gi) => {
      if (g.host === h && this.st.guests[gi]!.status === 'down') this.kernel.after(Math.round(g.os.bootSeconds * 1e9), EV_BOOT, gi, 0);
    });
  }

  /** Start a live migration of guest `g` to host `to`; false (with a refused event and a note) when it cannot go. */
  private startMigration(g: number, to: number, evacuating: number): boolean {
    const gs = this.st.guests[g]!;
    const gsu = this.guestSetup(g);
    const toId = this.setup.hosts[to]!.id;
    const problems = gs.status !== 'running' ? [`${gsu.spec.id} is not running`] : gs.migrating ? [`${gsu.spec.id} is already migrating`] : this.targetProblems(g, to);
    if (problems.length) {
      this.emitRaw(gsu.host, g, 0, EventKindId.guest, ReasonId.migrate_refused, 0, -1);
      this.note(`${gsu.spec.id} → ${toId} refused: ${problems.join('; ')}`);
      return false;
    }
    const src = this.setup.hosts[gsu.host]!.profile;
    const dst = this.setup.hosts[to]!.profile;
    const plan = planPrecopy({
      memoryMiB: gsu.spec.memoryMiB,
      writableWorkingSetMiB: gsu.workload.memory.writableWorkingSetMiB,
      dirtyMiBPerSec: gsu.workload.memory.dirtyMiBPerSec,
      linkGbps: Math.min(src.nic.gbps, dst.nic.gbps),
      settings: MigrationSettings.parse(this.scenario.migration ?? {}),
    });
    // each page the guest dirties in a round takes one write-protection fault: an exit, its
    // dispatch and one shadow/EPT entry update; spread over the guest's work in that round
    const hw = this.setup.hosts[gsu.host]!;
    const faultCycles = hw.profile.virt.vmExitCycles + hw.profile.virt.vmEntryCycles + (hw.hypervisor ? hw.hypervisor.costs.exitDispatch + hw.hypervisor.costs.shadowSync : 0);
    const workCyclesPerSec = gsu.spec.vcpus * src.cpu.clockGhz * 1e9;
    gs.migrating = {
      roundTax: plan.rounds.map((r) => (r.ms > 0 ? (r.dirtiedMiB * 256 * faultCycles) / ((r.ms / 1000) * workCyclesPerSec) : 0)),
      roundThrottle: plan.rounds.map((r) => r.throttlePercent / 100),
      round: 0,
      to: toId,
      startNs: this.kernel.now,
      roundNs: plan.rounds.map((r) => Math.max(1, Math.round(r.ms * 1e6))),
      roundKiB: plan.rounds.map((r) => Math.round(r.sentMiB * 1024)),
      downtimeNs: Math.max(1, Math.round(plan.downtimeMs * 1e6)),
      sentMiB: plan.totalMiB,
      stopReason: plan.stopReason,
      evacuating,
    };
    this.emitRaw(gsu.host, g, 0, EventKindId.guest, ReasonId.migrate_start, Math.round(gsu.spec.memoryMiB * 1024), -1);
    this.kernel.after(gs.migrating.roundNs[0]!, EV_MIGRATE, g, 1);
    return true;
  }

  private migrationStep(g: number, step: number): void {
    const gs = this.st.guests[g]!;
    const m = gs.migrating;
    if (!m) return;
    const gsu = this.guestSetup(g);
    const rounds = m.roundNs.length;
    if (step <= rounds) {
      this.emitRaw(gsu.host, g, 0, EventKindId.guest, ReasonId.migrate_round, m.roundKiB[step - 1]!, -1);
      if (step < rounds) {
        m.round = step;
        return this.kernel.after(m.roundNs[step]!, EV_MIGRATE, g, step + 1);
      }
      // stop-and-copy: the guest pauses while the last dirty pages and device state cross
      m.round = rounds;
      if (gs.status === 'running') this.takeGuestDown(g, 'paused');
      this.emitRaw(gsu.host, g, 0, EventKindId.guest, ReasonId.migrate_stop_copy, 0, -1);
      return this.kernel.after(m.downtimeNs, EV_MIGRATE, g, rounds + 1);
    }
    const to = this.hostIndex(m.to);
    gs.migrations.push({ to: m.to, startNs: m.startNs, endNs: this.kernel.now, rounds, sentMiB: m.sentMiB, downtimeNs: m.downtimeNs, stopReason: m.stopReason });
    gs.migrating = null;
    if (gs.status === 'paused') {
      this.moveGuest(g, to);
      this.bootGuest(g, 'migrate_done');
    }
    if (m.evacuating >= 0) this.evacuate(m.evacuating);
  }

  /** Maintenance: migrate the host's guests away one by one, then take it offline. */
  private evacuate(h: number): void {
    const hs = this.st.hosts[h]!;
    const queue = hs.evacuate ?? [];
    while (queue.length > 0) {
      const g = queue.shift()!;
      const gs = this.st.guests[g]!;
      if (gs.status === 'crashed' || gs.status === 'done' || this.guestSetup(g).host !== h) continue;
      const { host, reasons } = gs.status === 'running' ? this.pickTarget(g) : { host: -1, reasons: [`${this.guestSetup(g).spec.id} is not running`] };
      if (host >= 0 && this.startMigration(g, host, h)) return;
      // nowhere to go: shut it down for the maintenance; it boots here when the host is back
      this.emitRaw(h, g, 0, EventKindId.guest, ReasonId.no_target, 0, -1);
      this.note(`${this.guestSetup(g).spec.id} has nowhere to go during ${this.setup.hosts[h]!.id}'s maintenance${reasons.length ? ` (${[...new Set(reasons)].join('; ')})` : ''}; shut down until the host is back`);
      if (gs.status !== 'down') this.takeGuestDown(g, 'down');
      (hs.parked ??= []).push(g);
    }
    this.hostEvent(h, 'host_offline');
    const a = hs.maintenanceAction ?? -1;
    const action = this.scenario.timeline[a];
    if (action?.action === 'host-maintenance') this.kernel.after(Math.round(action.durationMs * 1e6), EV_ACTION, a, 1);
  }

  private maintenance(i: number, phase: number): void {
    const a = this.scenario.timeline[i]!;
    if (a.action !== 'host-maintenance') return;
    const h = this.hostIndex(a.host);
    const hs = this.st.hosts[h]!;
    if (phase === 0) {
      if (hs.failed || hs.maintenance) return this.note(`${a.host}'s maintenance skipped: the host is ${hs.failed ? 'failed' : 'already in maintenance'}`);
      hs.maintenance = true;
      hs.maintenanceAction = i;
      hs.evacuate = this.setup.guests.flatMap((g, gi) => (g.host === h ? [gi] : []));
      return this.evacuate(h);
    }
    hs.maintenance = false;
    this.hostEvent(h, 'host_online');
    for (const g of hs.parked ?? []) this.kernel.after(Math.round(this.guestSetup(g).os.bootSeconds * 1e9), EV_BOOT, g, 0);
    hs.parked = [];
  }

  /** The scenario with the devices the timeline has changed so far (guest `gi` at `version`, the others at their latest). */
  private effectiveScenario(gi: number, version: number): Scenario {
    const at = (x: GuestState, i: number) => (i === gi ? version : x.devices.length - 1);
    const changed = this.st.guests.map((x, i) => x.devices[at(x, i)]!);
    const placed = this.st.guests.map((x, i) => x.placement[at(x, i)]!);
    if (changed.every((d) => Object.keys(d).length === 0) && placed.every((h, i) => h === this.scenario.guests[i]!.host)) return this.scenario;
    return { ...this.scenario, guests: this.scenario.guests.map((g, i) => ({ ...g, host: placed[i]!, devices: { ...g.devices, ...changed[i] } })) };
  }

  /** A new path-table version for guest `g` with its add-ons, devices and host as given (the latest where omitted). */
  private newVersion(g: number, change: { addons?: string[]; devices?: DeviceOverrides; host?: string }): void {
    const gs = this.st.guests[g]!;
    gs.installed.push(change.addons ?? [...gs.installed[gs.installed.length - 1]!]);
    gs.devices.push(change.devices ?? { ...gs.devices[gs.devices.length - 1]! });
    gs.placement.push(change.host ?? gs.placement[gs.placement.length - 1]!);
    this.buildTable(g);
  }

  private action(i: number, phase: number): void {
    const a = this.scenario.timeline[i]!;
    if (a.action === 'host-failure') return this.hostFailure(a.host);
    if (a.action === 'host-repair') return this.hostRepair(a.host);
    if (a.action === 'host-maintenance') return this.maintenance(i, phase);
    const g = this.guestIndex(a.guest);
    const gs = this.st.guests[g]!;
    const gsu = this.guestSetup(g);
    if (a.action === 'migrate') return void this.startMigration(g, this.hostIndex(a.to), -1);
    if (gs.status === 'crashed' || !this.hostUsable(gsu.host)) return;
    if (a.action === 'set-device') {
      if (phase === 0) {
        // shut down, swap the device, boot: the new device's paths apply from the boot on
        const devices = { ...gs.devices[gs.devices.length - 1]!, [a.device]: a.model };
        this.emitRaw(gsu.host, g, 0, EventKindId.guest, ReasonId.reboot, 0, -1);
        this.takeGuestDown(g, 'down');
        this.newVersion(g, { devices });
        this.kernel.after(Math.round(gsu.os.bootSeconds * 1e9), EV_ACTION, i, 2);
        return;
      }
      return this.bootGuest(g);
    }
    if (a.action === 'set-load') {
      gs.demandKind = a.demand.kind;
      if (a.demand.kind === 'open') gs.rate = a.demand.ratePerSec;
      else gs.concurrency = a.demand.concurrency;
      const base = this.st.vcpus.findIndex((x) => x.g === g);
      for (let k = 0; k < gsu.spec.vcpus; k++) if (this.st.vcpus[base + k]!.status === S_HALTED && this.hasWork(this.st.vcpus[base + k]!)) this.makeReady(base + k);
      if (a.demand.kind === 'open') this.kernel.after(Math.max(1, Math.round(nextExp(this.st.rng, 1e9 / gs.rate))), EV_ARRIVAL, g, 0);
      return;
    }
    const addon = this.catalog.addons.find((x) => x.id === a.addon)!;
    const host = gsu.host;
    const addonEvent = (r: Reason) => this.emitRaw(host, g, 0, EventKindId.addon, ReasonId[r], 0, -1);
    if (phase === 0) {
      addonEvent(a.action === 'install-addon' ? 'installing' : 'removed');
      const seconds = a.action === 'install-addon' ? addon.install.seconds : 1;
      this.kernel.after(Math.round(seconds * 1e9), EV_ACTION, i, 1);
      return;
    }
    if (phase === 1) {
      const current = gs.installed[gs.installed.length - 1]!;
      if (a.action === 'install-addon') {
        const res = gsu.addons.find((r) => r.addon === addon.id);
        const probe = setupScenario(this.scenario, this.catalog, this.st.guests.map((x, k) => (k === g ? [...current, addon.id] : x.installed[x.installed.length - 1]!)));
        const outcome = probe.guests[g]?.addons.find((r) => r.addon === addon.id)?.outcome ?? res?.outcome;
        if (outcome === 'install-refused') {
          addonEvent('install_refused');
          return;
        }
        addonEvent('installed');
        this.newVersion(g, { addons: [...current.filter((x) => x !== addon.id), addon.id] });
      } else {
        this.newVersion(g, { addons: current.filter((x) => x !== addon.id) });
      }
      const reboot = a.action === 'install-addon' ? addon.install.reboot : true;
      if (reboot) {
        this.emitRaw(host, g, 0, EventKindId.guest, ReasonId.reboot, 0, -1);
        this.takeGuestDown(g, 'down');
        this.kernel.after(Math.round(gsu.os.bootSeconds * 1e9), EV_ACTION, i, 2);
      } else {
        this.announceAddon(g, addon.id);
      }
      return;
    }
    // phase 2: boot complete
    this.bootGuest(g);
    this.announceAddon(g, addon.id);
  }

  private bootGuest(g: number, reason: Reason = 'boot'): void {
    const gsu = this.guestSetup(g);
    this.st.guests[g]!.status = 'running';
    this.markUp(g);
    this.emitRaw(gsu.host, g, 0, EventKindId.guest, ReasonId[reason], 0, -1);
    const vcpu0 = this.st.vcpus.findIndex((x) => x.g === g);
    for (let k = 0; k < gsu.spec.vcpus; k++) {
      const v = this.st.vcpus[vcpu0 + k]!;
      v.status = S_HALTED;
      if (this.hasWork(v)) this.makeReady(vcpu0 + k);
    }
  }

  private announceAddon(g: number, addonId: string): void {
    const res = this.setup.guests[g]!.addons.find((r) => r.addon === addonId);
    const r: Reason = !res ? 'removed' : res.outcome === 'active' ? 'active' : res.outcome === 'install-refused' ? 'install_refused' : 'inactive';
    this.emitRaw(this.setup.guests[g]!.host, g, 0, EventKindId.addon, ReasonId[r], 0, -1);
  }

  /**
   * Stop guest `g`. A crash or a shutdown loses the work in flight (counted as requests lost); a
   * pause (stop-and-copy) keeps it: queued requests stay queued and units in progress start over.
   */
  private takeGuestDown(g: number, status: 'down' | 'crashed' | 'paused'): void {
    const gs = this.st.guests[g]!;
    const keep = status === 'paused';
    if (gs.status === 'running') this.markDown(g);
    gs.status = status;
    gs.epoch++;
    if (!keep) {
      gs.requestsLost += gs.queue.length + this.st.vcpus.filter((v) => v.g === g && v.inUnit).length;
      gs.queue = [];
    }
    gs.lockHolder = -1;
    gs.lockWaiters = [];
    this.st.vcpus.forEach((v, vi) => {
      if (v.g !== g) return;
      const host = this.st.hosts[v.h]!;
      if (v.status === S_READY) host.ready.splice(host.ready.indexOf(vi), 1);
      if (v.pcpu >= 0) this.release(vi, S_DOWN, null);
      if (keep && v.inUnit) {
        gs.unitsStarted--;
        if (gs.demandKind === 'open') gs.queue.unshift(v.unitStart);
      }
      v.status = S_DOWN;
      v.gen++;
      v.inUnit = false;
      v.irq = [];
      v.irqStep = 0;
      v.outstanding = 0;
      v.ringWait = false;
      v.acks = 0;
      v.spinWhat = -1;
      v.spinning = false;
    });
  }

  private markDown(g: number): void {
    const gs = this.st.guests[g]!;
    if (gs.downSince < 0) gs.downSince = this.kernel.now;
  }

  private markUp(g: number): void {
    const gs = this.st.guests[g]!;
    if (gs.downSince < 0) return;
    const d = this.kernel.now - gs.downSince;
    gs.downNs += d;
    gs.outages.push(d);
    gs.downSince = -1;
  }

  private crashGuest(g: number): void {
    this.st.guests[g]!.failures++;
    this.takeGuestDown(g, 'crashed');
    if (this.st.guests.every((x) => x.status !== 'running' && x.status !== 'down')) this.kernel.at(this.kernel.now, EV_END, 0, 0);
  }

  // checkpoints ----------------------------------------------------------------------------------

  checkpoint(): EngineCheckpoint {
    this.st.kernel = this.kernel.snapshot();
    this.st.hash = this.hasher.state();
    return { engineVersion: ENGINE_VERSION, scenarioId: this.scenario.id, seed: this.seed, state: clone(this.st) };
  }

  static restore(scenario: Scenario, catalog: Catalog, cp: EngineCheckpoint): Engine {
    if (cp.engineVersion !== ENGINE_VERSION) {
      throw new PvLabError('checkpoint-mismatch', `The checkpoint was written by engine ${cp.engineVersion}; this is engine ${ENGINE_VERSION}`, 'replay the recorded events instead, or re-run the scenario with this engine');
    }
    if (cp.scenarioId !== scenario.id) {
      throw new PvLabError('checkpoint-mismatch', `The checkpoint belongs to scenario "${cp.scenarioId}", not "${scenario.id}"`, 'restore it with the scenario it was taken from');
    }
    const e = new Engine(scenario, catalog, cp.seed);
    e.early = null;
    const st = clone(cp.state);
    e.st = st;
    e.kernel = Kernel.restore(st.kernel);
    if (st.stopped) e.kernel.halt();
    e.hasher.restore(st.hash);
    // rebuild derived tables in the order they were built
    e.pathIds.clear();
    e.pathById.length = 0;
    e.slotName.length = 0;
    e.tables = [];
    e.unitQuiet = [];
    e.irqSlotCache.clear();
    e.resourceIndex.clear();
    e.setup = setupScenario(scenario, catalog);
    const builds = st.builds;
    const versions = st.guests.map((gs) => ({ installed: gs.installed, devices: gs.devices, placement: gs.placement }));
    const built = st.guests.map(() => 0);
    st.builds = [];
    for (const gi of builds) {
      const n = ++built[gi]!;
      st.guests[gi]!.installed = versions[gi]!.installed.slice(0, n);
      st.guests[gi]!.devices = versions[gi]!.devices.slice(0, n);
      st.guests[gi]!.placement = versions[gi]!.placement.slice(0, n);
      e.buildTable(gi);
    }
    st.guests.forEach((gs, gi) => Object.assign(gs, versions[gi]!));
    return e;
  }

  // results --------------------------------------------------------------------------------------

  /** Live state for a replay's inspector: queue depths, vCPU states and shared-resource occupancy now. */
  inspect(): EngineInspection {
    const names = ['running', 'ready', 'blocked', 'halted', 'done', 'spinning', 'down'] as const;
    return {
      tNs: this.kernel.now,
      events: this.hasher.count,
      guests: this.setup.guests.map((g, gi) => {
        const gs = this.st.guests[gi]!;
        const vcpus = this.st.vcpus.filter((v) => v.g === gi);
        return {
          id: g.spec.id,
          status: gs.status,
          queued: gs.queue.length,
          outstandingIo: vcpus.reduce((a, v) => a + v.outstanding, 0),
          unitsDone: gs.unitsDone,
          installed: [...gs.installed[gs.installed.length - 1]!],
          host: this.hostSetup(g.host).id,
          vcpus: vcpus.map((v) => names[v.status] ?? 'down'),
          vcpuHosts: vcpus.map((v) => this.hostSetup(v.h).id),
        };
      }),
      resources: this.st.resources.map((r) => ({ id: r.name, kind: r.kind, inSystem: r.inSystem, servers: r.freeAt.length })),
      hosts: this.setup.hosts.map((h, hi) => ({
        id: h.id,
        pcpus: h.pcpus,
        running: this.st.hosts[hi]!.running.filter((vi) => vi >= 0).map((vi) => `${this.guestSetup(this.st.vcpus[vi]!.g).spec.id}:${this.st.vcpus[vi]!.i}`),
        state: this.st.hosts[hi]!.failed ? 'failed' : this.st.hosts[hi]!.maintenance ? 'maintenance' : 'up',
      })),
    };
  }

  get pathNames(): readonly string[] {
    return this.st.pathNames;
  }

  get eventCount(): number {
    return this.hasher.count;
  }

  get eventHash(): string {
    return this.hasher.digest();
  }

  metrics(): RunMetrics {
    const simNs = this.kernel.now;
    const guests: GuestMetrics[] = this.setup.guests.map((g, gi) => {
      const gs = this.st.guests[gi]!;
      const ghz = this.hostSetup(g.host).profile.cpu.clockGhz;
      const vcpus = this.st.vcpus.filter((v) => v.g === gi);
      const steal = vcpus.reduce((a, v) => a + v.stealNs, 0);
      const busyCycles = gs.cycles.reduce((a, c) => a + c, 0);
      const busyNs = busyCycles / ghz;
      const activeNs = Math.max(1, gs.lastNs || simNs);
      const [user, kernel, exits, hyp, backend] = gs.cycles.map((c) => c / ghz) as [number, number, number, number, number];
      return {
        guest: g.spec.id,
        host: this.hostSetup(g.host).id,
        mode: g.spec.mode,
        unit: g.workload.unit,
        unitsCompleted: gs.unitsDone,
        throughputPerSec: gs.unitsDone / (activeNs / 1e9),
        latencyNs: summarize(gs.latency),
        cyclesPerUnit: gs.unitsDone ? busyCycles / gs.unitsDone : 0,
        cpu: {
          guestUser: user,
          guestKernel: kernel,
          exits,
          hypervisor: hyp,
          backend,
          idle: Math.max(0, vcpus.length * simNs - busyNs - steal),
          steal,
        },
        exitsByReason: sortRecord(gs.exits),
        hypercallsByKind: sortRecord(gs.hypercalls),
        pathCounts: gs.pathCounts,
        fallbacks: gs.fallbacks,
        failures: gs.failures,
        faults: gs.faults,
        crashed: gs.status === 'crashed',
        status: gs.status,
        activePv: g.pv.filter((c) => c.state === 'active').map((c) => (c.device ? `${c.component}:${c.device}` : c.component)).sort(),
        service: this.serviceMetrics(gi, simNs),
      };
    });
    const hosts = this.setup.hosts.map((h, hi) => {
      const gm = guests.filter((_, gi) => this.setup.guests[gi]!.host === hi);
      const sum = (k: keyof GuestMetrics['cpu']) => gm.reduce((a, g) => a + g.cpu[k], 0);
      const backendNs = this.st.resources.filter((r) => r.host === hi && r.kind === 'backend').reduce((a, r) => a + r.busyNs, 0);
      const busy = sum('guestUser') + sum('guestKernel') + sum('exits') + sum('hypervisor') + sum('backend');
      const capacity = h.pcpus * Math.max(1, simNs);
      return {
        host: h.id,
        profile: h.profile.id,
        hypervisor: h.hypervisor?.id ?? null,
        pcpus: h.pcpus,
        cpu: {
          guestUser: sum('guestUser'),
          guestKernel: sum('guestKernel'),
          exits: sum('exits'),
          hypervisor: sum('hypervisor'),
          backend: sum('backend') + backendNs,
          idle: Math.max(0, capacity - busy),
          steal: sum('steal'),
        },
        utilization: Math.min(1, busy / capacity),
      };
    });
    const resources = this.st.resources.map((r) => {
      const span = Math.max(1, simNs);
      const waits = summarize(r.waits);
      return {
        id: r.name,
        kind: r.kind,
        host: this.hostSetup(r.host).id,
        servers: r.freeAt.length,
        served: r.served,
        utilization: Math.min(1, r.busyNs / (span * r.freeAt.length)),
        meanWaitNs: waits.mean,
        waitNs: waits,
        maxQueue: Math.max(0, r.maxQueue),
        meanQueue: r.queueArea / span,
      };
    });
    return {
      scenarioId: this.scenario.id,
      seed: this.seed,
      engineVersion: ENGINE_VERSION,
      simulatedNs: simNs,
      eventCount: this.hasher.count,
      eventHash: this.hasher.digest(),
      completed: this.setup.guests.every((g, gi) => this.unitLimit(gi) !== Infinity && this.st.guests[gi]!.unitsDone >= this.unitLimit(gi)),
      guests,
      hosts,
      resources,
      eventsByKind: Object.fromEntries(EVENT_KINDS.map((k, i) => [k, this.st.eventsByKind[i]!]).filter(([, n]) => (n as number) > 0)),
      service: {
        availability: guests.length ? guests.reduce((a, g) => a + g.service.availability, 0) / guests.length : 1,
        requestsLost: guests.reduce((a, g) => a + g.service.requestsLost, 0),
        migrations: guests.reduce((a, g) => a + g.service.migrations.length, 0),
        migrationDowntimeMs: guests.flatMap((g) => g.service.migrations.map((m) => m.downtimeMs)),
      },
    };
  }

  warnings(): string[] {
    return [...this.setup.guests.flatMap((g) => g.warnings), ...this.st.notes];
  }

  /** Availability, outages, work lost and migrations of guest `gi` over `simNs`. */
  private serviceMetrics(gi: number, simNs: number): GuestMetrics['service'] {
    const gs = this.st.guests[gi]!;
    const open = gs.downSince >= 0 ? simNs - gs.downSince : 0;
    const outages = [...gs.outages, ...(open > 0 ? [open] : [])];
    return {
      availability: simNs > 0 ? Math.max(0, 1 - (gs.downNs + open) / simNs) : 1,
      outagesMs: outages.map((d) => d / 1e6),
      requestsLost: gs.requestsLost,
      migrations: gs.migrations.map((m) => ({
        to: m.to, startMs: m.startNs / 1e6, totalMs: (m.endNs - m.startNs) / 1e6, rounds: m.rounds, sentMiB: m.sentMiB, downtimeMs: m.downtimeNs / 1e6, stopReason: m.stopReason,
      })),
    };
  }
}

function sortRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Run a scenario from start to end. */
export function runScenario(scenario: Scenario, catalog: Catalog, opts: RunOptions = {}): RunResult {
  const e = new Engine(scenario, catalog, opts.seed);
  e.runUntil(Infinity, opts);
  return { metrics: e.metrics(), pathNames: [...e.pathNames], warnings: e.warnings() };
}
