/**
 * The engine's mutable state as plain data. Everything a run changes lives here, so a checkpoint
 * is a copy of `EngineState` and a restored engine continues exactly where the copy was taken.
 * Subsystems read and write these records; derived tables (paths, resource lookups) live beside
 * the state in the simulation context and are rebuilt on restore.
 */
import type { PathClass, Scenario } from '../model/index.ts';
import { EVENT_KINDS } from './events.ts';
import { type HistogramState, newHistogram } from './histogram.ts';
import type { QueuedEvent } from './kernel.ts';
import { type RngState, seedRng } from './prng.ts';
import type { Setup } from './setup.ts';
import type { StopReason } from './migration.ts';
import { CPU_CATEGORIES } from './steps.ts';

// vCPU status
export const S_RUN = 0; // on a pCPU
export const S_READY = 1; // runnable, waiting for a pCPU
export const S_BLOCKED = 2; // waiting for I/O, a PV kick or a ring slot
export const S_HALTED = 3; // idle: waiting for a tick or for work
export const S_DONE = 4;
export const S_SPIN = 5; // on a pCPU, spinning on a lock or on TLB-flush acks
export const S_DOWN = 6; // its guest is rebooting or crashed

export interface VcpuState {
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

export interface GuestState {
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

export interface HostState {
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

export interface ResourceState {
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

export interface IoRequest {
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

export interface ActiveMigration {
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
export type DeviceOverrides = Partial<Pick<Scenario['guests'][number]['devices'], 'nic' | 'disk' | 'clock'>>;

/** The state at time 0: every guest running with no work started, every vCPU halted. */
export function initialState(setup: Setup, seed: number): EngineState {
  const st: EngineState = {
    kernel: { now: 0, seq: 0, events: [] },
    rng: seedRng(seed),
    vcpus: [],
    guests: [],
    hosts: setup.hosts.map((h) => ({ running: new Array<number>(h.pcpus).fill(-1), ready: [] })),
    resources: [],
    requests: [],
    freeRequests: [],
    pathNames: [],
    pathClasses: [],
    eventsByKind: new Array<number>(EVENT_KINDS.length).fill(0),
    hash: [0, 0, 0],
    stopped: false,
    builds: [],
    yieldFrom: setup.guests.map(() => 0),
    notes: [],
  };
  for (const g of setup.guests) {
    const w = g.workload;
    const demand = g.spec.workload.demand ?? w.demand;
    st.guests.push({
      status: 'running',
      epoch: 0,
      unitsStarted: 0,
      unitsDone: 0,
      firstNs: 0,
      lastNs: 0,
      cycles: new Array<number>(CPU_CATEGORIES).fill(0),
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
  return st;
}
