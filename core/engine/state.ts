/**
 * The engine's mutable state as plain data. Everything a run changes lives here, so a checkpoint
 * is a copy of `EngineState` and a restored engine continues exactly where the copy was taken.
 * Subsystems read and write these records; derived tables (paths, resource lookups) live beside
 * the state in the simulation context and are rebuilt on restore.
 */
import type { PathClass, Scenario } from '../model/index.ts';
import { EVENT_KINDS, REASONS } from './events.ts';
import { type HistogramState, newHistogram } from './histogram.ts';
import type { QueuedEvent } from './kernel.ts';
import { type RngState, seedRng } from './prng.ts';
import type { Setup } from './setup.ts';
import type { StopReason } from './migration.ts';
import { CPU_CATEGORIES, PATH_CLASSES } from './steps.ts';
import { initialJobs, initialReadyJobs } from './jobs.ts';

/**
 * What a vCPU is doing: on a pCPU (`running`, or `spinning` on a lock or on TLB-flush acks),
 * waiting for one (`ready`), waiting for I/O, a PV kick or a ring slot (`blocked`), idle until a
 * tick or work (`halted`), finished for good (`done`), or its guest is rebooting, crashed or
 * paused (`down`). The names are those the inspector shows.
 */
export type VcpuStatus = 'running' | 'ready' | 'blocked' | 'halted' | 'done' | 'spinning' | 'down';

/** What a vCPU in a spin wait waits for. */
export type SpinTarget = 'nothing' | 'lock' | 'flush-acks';

/** "No vCPU" where a field holds a vCPU index (lock holder, pCPU occupant, who to acknowledge). */
export const NO_VCPU = -1;
/** `pcpu` of a vCPU that holds none. */
export const NO_PCPU = -1;
/** In a host's `vcpuOnPcpu`: the pCPU runs a backend thread (scheduler.ts). */
export const BACKEND_ON_PCPU = -2;
/** `divisibleLeft` when no divisible step is in progress. */
export const NOT_STARTED = -1;
/** `job` of a vCPU that runs none (its job blocked and no other was ready: it idles). */
export const NO_JOB = -1;
/** `request` of a job that waits for none. */
export const NO_REQUEST = -1;

export interface VcpuState {
  guest: number;
  /** Its number within its guest (vCPU 0, 1, …). */
  index: number;
  /** The host it runs on (changes when its guest migrates). */
  host: number;
  status: VcpuStatus;
  /** The pCPU it holds, or NO_PCPU. */
  pcpu: number;
  /** Bumped on every state change: kernel events carry it, and a stale one is dropped. */
  generation: number;
  sliceEndNs: number;
  /** How long its last run on a pCPU lasted if it was preempted (ns), else 0: the most cache it can have to refill. */
  lastRunNs: number;
  /** Cycles charged but not yet turned into whole nanoseconds of its clock. */
  cycleRemainder: number;
  inUnit: boolean;
  unitStartNs: number;
  /** Where it is in its unit: operation, repetitions of it left, step of its path. */
  opIndex: number;
  repsLeft: number;
  stepIndex: number;
  /** Cycles left of the divisible step in progress, or NOT_STARTED. */
  divisibleLeft: number;
  /** A PV batch step is full and its flush runs when the vCPU is next scheduled (the step was charged). */
  batchFlushDue: boolean;
  /** The path-table version its current unit started with. */
  tableVersion: number;
  /** Interrupts waiting, as pairs: path slot, vCPU to acknowledge when done (NO_VCPU for none). */
  pendingIrqs: number[];
  /** The step of the first pending interrupt's path it has reached. */
  irqStepIndex: number;
  readySinceNs: number;
  /** Spinning is charged up to this time. */
  spinChargedToNs: number;
  spinningOn: SpinTarget;
  /** Current pause-loop window in cycles (grows per exit, as KVM's does). */
  pleWindowCycles: number;
  /** Cycles spent spinning in the current wait, on a pCPU. */
  spunCycles: number;
  /** TLB-flush acknowledgements still to come. */
  acksAwaited: number;
  /** Asynchronous requests submitted and not completed (against the ring size). */
  requestsInFlight: number;
  waitingForRingSlot: boolean;
  stealNs: number;
  /** When the pending EV_RUN fires: a vCPU in the middle of a batch can take an interrupt before it. */
  runAtNs: number;
  /** What was left of its stretch of work when a backend thread took its pCPU (scheduler.ts). */
  preemptedLeftNs: number;
  /** The job (thread of a closed workload) it runs, or NO_JOB; its own index where the guest runs no jobs (jobs.ts). */
  job: number;
  /** The job it ran last: switching back to it needs no address-space switch. */
  lastJob: number;
}

/**
 * A job: one of a closed workload's `concurrency` threads, where there are more of them than
 * vCPUs (jobs.ts). One a vCPU runs keeps its unit's progress in the vCPU's fields; one off a vCPU
 * keeps it here, parked: blocked on its synchronous request, or ready to run again.
 */
export type JobStatus = 'running' | 'ready' | 'blocked' | 'retired';

/** Where a unit of work stands: the vCPU's while a job runs on it, the job's while it is parked. */
export type UnitProgress = Pick<VcpuState, 'inUnit' | 'unitStartNs' | 'opIndex' | 'repsLeft' | 'stepIndex' | 'divisibleLeft' | 'batchFlushDue' | 'tableVersion'>;

export interface JobState extends UnitProgress {
  status: JobStatus;
  /** The request slot a blocked job waits for, else NO_REQUEST. */
  request: number;
}

/** A guest's configuration at one path-table version: its add-ons, the devices the timeline changed, its host. */
export interface GuestVersion {
  addons: string[];
  devices: DeviceOverrides;
  host: string;
}

export interface GuestState {
  status: 'running' | 'done' | 'crashed' | 'down' | 'paused';
  /** Bumped each time the guest stops: completions and acks from before are dropped. */
  epoch: number;
  unitsStarted: number;
  unitsDone: number;
  lastUnitEndNs: number;
  /** CPU cycles by accounting category (steps.ts CAT_*). */
  cyclesByCategory: number[];
  /** Exits and hypercalls by reason id (events.ts REASONS): arrays, counted per event without a string key. */
  exitsByReason: number[];
  hypercallsByKind: number[];
  /** Operations by path class, indexed by the class's position in PATH_CLASSES (steps.ts). */
  pathCounts: number[];
  fallbacks: number;
  failures: number;
  faults: number;
  latency: HistogramState;
  /** Arrival times of open-loop requests waiting for a vCPU. */
  queuedArrivals: number[];
  /** The vCPU holding the guest's spinlock, or NO_VCPU; those waiting for it, in order. */
  lockHolder: number;
  lockWaiters: number[];
  /** PV page-table updates queued since the last batch flush. */
  batchedUpdates: number;
  /** Asynchronous completions since the last completion interrupt (interrupt coalescing). */
  completionsSinceIrq: number;
  /** Its closed workload's threads when there are more than vCPUs, by job id (empty otherwise: each vCPU is one thread). */
  jobs: JobState[];
  /** Parked jobs ready to run, in the order they became ready. */
  readyJobs: number[];
  /** One per path-table version, the last one current. */
  versions: GuestVersion[];
  demandKind: 'open' | 'closed';
  ratePerSec: number;
  concurrency: number;
  /** Service accounting: when it went down (-1 while up), time down so far, outages, work lost. */
  downSinceNs: number;
  downNs: number;
  outagesNs: number[];
  requestsLost: number;
  migrations: MigrationRecord[];
  activeMigration: ActiveMigration | null;
}

export interface HostState {
  /** The vCPU on each pCPU, or NO_VCPU. */
  vcpuOnPcpu: number[];
  /** Runnable vCPUs waiting for a pCPU, in order. */
  readyQueue: number[];
  /** The vCPU that ran last on each pCPU (NO_VCPU before any): another one refills the caches. */
  lastOnPcpu: number[];
  /** When the vCPU on each pCPU was switched in, and how long the one before it ran there (ns). */
  onPcpuSinceNs: number[];
  lastRunNs: number[];
  /** Set by a host-failure action: nothing on this host runs until it is repaired. */
  failed: boolean;
  /** Being evacuated or offline for maintenance. */
  inMaintenance: boolean;
  /** Guests waiting to be migrated off this host, in order. */
  evacuationQueue: number[];
  /** Guests shut down because no other host could take them; they boot here again. */
  parkedGuests: number[];
  /** The timeline index of the maintenance in progress, or -1. */
  maintenanceAction: number;
}

export interface ResourceState {
  name: string;
  kind: 'backend' | 'nic' | 'disk' | 'lock';
  host: number;
  /** When each server (thread, queue) is next free. */
  serverFreeAtNs: number[];
  served: number;
  busyNs: number;
  /** Requests in service or waiting. */
  inSystem: number;
  maxQueue: number;
  /** Queue length integrated over time (ns), for the mean queue length. */
  queueLengthIntegral: number;
  lastChangeNs: number;
  waits: HistogramState;
}

/** Where an I/O request is: at the software backend, then at the physical device. */
export type IoStage = 'backend' | 'device';

export interface IoRequest {
  vcpu: number;
  /** The job a synchronous request blocks (its completion readies it), or NO_JOB. */
  job: number;
  /** The guest's epoch at submission: a completion after a reboot is dropped. */
  epoch: number;
  stage: IoStage;
  /** The completion interrupt's path slot. */
  irqSlot: number;
  sync: boolean;
  backend: number;
  device: number;
  backendNs: number;
  deviceNs: number;
  /** The reason id of the completion event (net_tx, disk_read, …). */
  reason: number;
  completionsPerIrq: number;
}

export interface EngineState {
  kernel: { now: number; seq: number; events: QueuedEvent[] };
  rng: RngState;
  vcpus: VcpuState[];
  guests: GuestState[];
  hosts: HostState[];
  resources: ResourceState[];
  /** I/O requests in flight by slot (kernel events name the slot); freed slots are reused. */
  requests: (IoRequest | null)[];
  freeRequestSlots: number[];
  pathNames: string[];
  pathClasses: PathClass[];
  eventsByKind: number[];
  hash: [number, number, number];
  stopped: boolean;
  /** Guest index of each path-table build, in order, so a restore rebuilds identical slots. */
  tableBuilds: number[];
  /** Per guest: where the next directed yield starts looking (KVM's last_boosted_vcpu). */
  lastBoosted: number[];
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

export interface ActiveMigration {
  to: string;
  startNs: number;
  roundNs: number[];
  roundKiB: number[];
  downtimeNs: number;
  sentMiB: number;
  stopReason: StopReason;
  /** The host whose maintenance (evacuation) started it, or -1 when the timeline did. */
  evacuatingHost: number;
  /**
   * Per round: extra hypervisor cycles per cycle of guest work while its memory is dirty-tracked,
   * and the auto-converge throttle, the share of time its vCPUs sleep (see resumeAfter).
   */
  roundTax: number[];
  roundThrottle: number[];
  /** The pre-copy round in progress; the number of rounds once the guest is paused for the last copy. */
  round: number;
}

/** The guest's configuration now (its latest path-table version). */
export function currentVersion(guestState: GuestState): GuestVersion {
  return guestState.versions[guestState.versions.length - 1]!;
}

/** Device models a timeline action changed, over the scenario's. */
export type DeviceOverrides = Partial<Pick<Scenario['guests'][number]['devices'], 'nic' | 'disk' | 'clock'>>;

/** The state at time 0: every guest running with no work started, every vCPU halted. */
export function initialState(setup: Setup, seed: number): EngineState {
  const state: EngineState = {
    kernel: { now: 0, seq: 0, events: [] },
    rng: seedRng(seed),
    vcpus: [],
    guests: [],
    hosts: setup.hosts.map((h) => ({
      vcpuOnPcpu: new Array<number>(h.pcpus).fill(NO_VCPU), readyQueue: [], lastOnPcpu: new Array<number>(h.pcpus).fill(NO_VCPU), onPcpuSinceNs: new Array<number>(h.pcpus).fill(0), lastRunNs: new Array<number>(h.pcpus).fill(0), failed: false, inMaintenance: false, evacuationQueue: [], parkedGuests: [], maintenanceAction: -1,
    })),
    resources: [],
    requests: [],
    freeRequestSlots: [],
    pathNames: [],
    pathClasses: [],
    eventsByKind: new Array<number>(EVENT_KINDS.length).fill(0),
    hash: [0, 0, 0],
    stopped: false,
    tableBuilds: [],
    lastBoosted: setup.guests.map(() => 0),
    notes: [],
  };
  for (const g of setup.guests) {
    const w = g.workload;
    const demand = g.spec.workload.demand ?? w.demand;
    state.guests.push({
      status: 'running',
      epoch: 0,
      unitsStarted: 0,
      unitsDone: 0,
      lastUnitEndNs: 0,
      cyclesByCategory: new Array<number>(CPU_CATEGORIES).fill(0),
      exitsByReason: new Array<number>(REASONS.length).fill(0),
      hypercallsByKind: new Array<number>(REASONS.length).fill(0),
      pathCounts: new Array<number>(PATH_CLASSES.length).fill(0),
      fallbacks: 0,
      failures: 0,
      faults: 0,
      latency: newHistogram(),
      queuedArrivals: [],
      lockHolder: NO_VCPU,
      lockWaiters: [],
      batchedUpdates: 0,
      completionsSinceIrq: 0,
      jobs: demand.kind === 'closed' ? initialJobs(demand.concurrency, g.spec.vcpus, g.ops) : [],
      readyJobs: demand.kind === 'closed' ? initialReadyJobs(demand.concurrency, g.spec.vcpus, g.ops) : [],
      versions: [{ addons: [...g.spec.addons], devices: {}, host: g.spec.host }],
      demandKind: demand.kind,
      ratePerSec: demand.kind === 'open' ? demand.ratePerSec : 0,
      concurrency: demand.kind === 'closed' ? demand.concurrency : g.spec.vcpus,
      downSinceNs: -1,
      downNs: 0,
      outagesNs: [],
      requestsLost: 0,
      migrations: [],
      activeMigration: null,
    });
    for (let index = 0; index < g.spec.vcpus; index++) {
      state.vcpus.push({
        guest: g.index, index, host: g.host, status: 'halted', pcpu: NO_PCPU, generation: 0, sliceEndNs: 0, cycleRemainder: 0,
        inUnit: false, unitStartNs: 0, opIndex: 0, repsLeft: 0, stepIndex: 0, divisibleLeft: NOT_STARTED, batchFlushDue: false, tableVersion: 0,
        pendingIrqs: [], irqStepIndex: 0, readySinceNs: 0, spinChargedToNs: 0, spinningOn: 'nothing', pleWindowCycles: 0, spunCycles: 0,
        acksAwaited: 0, requestsInFlight: 0, waitingForRingSlot: false, stealNs: 0, runAtNs: 0, preemptedLeftNs: 0, lastRunNs: 0, job: index, lastJob: index,
      });
    }
  }
  return state;
}
