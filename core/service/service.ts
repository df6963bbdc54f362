/**
 * LabService: every operation of the desktop UI and the CLI, over one LabStore. Methods take and
 * return plain data described by `contract`; runs execute in worker threads and report progress
 * and completion as events.
 */
import type { z } from 'zod';
import type { Catalog } from '../catalog/index.ts';
import { type BranchChange, EVENT_KINDS, PvLabError, Scenario, invalidInput, parseJsonText, parseScenario } from '../model/index.ts';
import { type LabStore, acknowledgeNotices, pendingNotices, restoreHint, storeFailure } from '../store/index.ts';
import type { ReplayCursor } from '../trace/cursor.ts';
import { type EntryKind, type EventName, type EventPayload, type Input, type Method, type Output, contract, events } from '../contract/index.ts';
import { type JobControl, Jobs } from './jobs.ts';
import { verifyInWorker } from './verify-job.ts';
import { ReplayThread } from './replay-thread.ts';
import type { FileMethod } from './files.ts';
import { availableParallelism } from 'node:os';
import type { RunHandle, RunProgress } from './runner.ts';
import { WorkerPool } from './run-threads.ts';
import { type SweepRow, expandSweep, label, sweepRow } from './sweep.ts';

type Handler<M extends Method> = (input: z.output<(typeof contract)[M]['input']>) => Output<M> | Promise<Output<M>>;
type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

const OK = { ok: true as const };

/** The engine, recordings and reports (simulation.ts), loaded when a method first needs them. */
let simulationModule: Promise<typeof import('./simulation.ts')> | undefined;
const simulation = () => (simulationModule ??= import('./simulation.ts'));

export interface ServiceOptions {
  /** Run engines in this thread instead of worker threads (tests, tools). */
  inline?: boolean;
  /** Resolve scenarios against this catalog instead of the database's (tools that bring their own). */
  catalog?: Catalog;
  /** Start a run thread ahead of the first run (the desktop app; not worth it for one CLI command). */
  warm?: boolean;
}

export class LabService {
  readonly store: LabStore;
  private readonly inline: boolean;
  private readonly catalogOverride: Catalog | undefined;
  private readonly pool = new WorkerPool();
  private readonly warm: boolean;
  private readonly active = new Map<number, RunHandle>();
  private readonly listeners = new Set<Listener>();
  private readonly cursors = new Map<number, ReplayCursor>();
  private readonly jobs = new Jobs((name, payload) => this.emit(name, payload));
  private readonly replayThread = new ReplayThread();
  private files: ReturnType<typeof import('./files.ts').fileHandlers> | undefined;

  constructor(store: LabStore, opts: ServiceOptions = {}) {
    this.store = store;
    this.inline = opts.inline ?? false;
    this.catalogOverride = opts.catalog;
    this.warm = opts.warm ?? false;
    if (this.warm && !this.inline) this.pool.warm();
  }

  /** Subscribe to events; returns the unsubscribe function. */
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const p = events[name].parse(payload) as EventPayload<E>;
    for (const l of this.listeners) l(name, p);
  }

  /** Call a method by name with unvalidated input: validates the input and the output against the contract. */
  async call<M extends Method>(method: M, input: Input<M> | unknown): Promise<Output<M>> {
    const spec = contract[method];
    if (!spec) throw new PvLabError('invalid-input', `There is no method "${String(method)}"`, 'use one of the methods in core/service/contract.ts');
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      throw invalidInput(`The arguments of ${method} are not valid`, parsed.error.issues, 'correct the fields listed', spec.input);
    }
    const handler = this.handlers[method] as Handler<M>;
    let out: Output<M>;
    try {
      out = await handler(parsed.data as z.output<(typeof contract)[M]['input']>);
    } catch (e) {
      // a database that fails while in use (a full disk, damage found after opening) is named, not an internal error
      throw storeFailure(e, this.store.lab.file) ?? e;
    }
    return spec.output.parse(out) as Output<M>;
  }

  /** Wait for every active run to end (for shutdown and tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.active.values()].map((h) => h.done));
  }

  /** Cancel every run and job in progress (Ctrl-C in the CLI, closing the app). */
  cancelAll(): void {
    for (const h of this.active.values()) h.cancel();
    this.jobs.cancelAll();
  }

  close(): void {
    this.replayThread.close();
    for (const h of this.active.values()) h.cancel();
    this.pool.close();
  }

  private catalog(): Catalog {
    return this.catalogOverride ?? this.store.fullCatalog();
  }

  private async cursor(runId: number): Promise<ReplayCursor> {
    const c = this.cursors.get(runId);
    const now = this.store.runs.progress(runId);
    // a cursor over a run still recording (or just finished) must see the latest chunks
    if (c && c.total === now.eventCount && now.status !== 'running') return c;
    const plan = this.store.runs.plan(runId);
    const { ReplayCursor } = await simulation();
    const fresh = new ReplayCursor(this.store.runs.source(runId), { plan, pathNames: now.pathNames, engineVersion: plan.engineVersion });
    this.cursors.set(runId, fresh);
    if (this.cursors.size > 8) this.cursors.delete(this.cursors.keys().next().value!);
    return fresh;
  }

  private parseScenario(input: unknown): Scenario {
    const r = Scenario.safeParse(input);
    if (!r.success) throw invalidInput('The scenario is not valid', r.error.issues, 'correct the fields listed', Scenario);
    return r.data;
  }

  private scenarioOf(scenarioId: string | undefined, scenario: unknown): Scenario {
    if ((scenarioId === undefined) === (scenario === undefined)) {
      throw new PvLabError('invalid-input', 'Start a run with either a stored scenario id or a scenario', 'pass scenarioId, or scenario, not both');
    }
    return scenario !== undefined ? this.parseScenario(scenario) : this.store.scenarios.get(scenarioId!);
  }

  /** A scenario that can run and whose size is within bounds (or confirmed by the person). */
  private async requireRunnable(s: Scenario, confirmed: boolean, variant?: string): Promise<void> {
    const name = `Scenario "${s.id}"${variant ? ` with ${variant}` : ''}`;
    const { checkScenario, estimateRun } = await simulation();
    const check = checkScenario(s, this.catalog());
    if (!check.ok) {
      throw new PvLabError('incompatible', `${name} cannot run`, 'fix the fields named below; the compatibility preview shows the full report', check.problems.map((p) => `${p.where}: ${p.message}`));
    }
    const estimate = estimateRun(s, this.catalog());
    if (estimate.verdict === 'refuse') {
      throw new PvLabError('too-large', `${name} is too large to run`, 'shorten durationMs, lower the load (ratePerSec, concurrency) or use fewer guests', estimate.reasons);
    }
    if (estimate.verdict === 'confirm' && !confirmed) {
      throw new PvLabError('needs-confirmation', `${name} is a long run`, 'confirm to run it anyway (pvlab run --yes), or make it shorter', estimate.reasons);
    }
  }

  /** Start a checked scenario in a run thread. */
  private async launch(s: Scenario, seed: number | undefined, record: boolean, title?: string): Promise<RunHandle> {
    const { catalogFor, startRun } = await simulation();
    const plan = { scenario: s, catalog: catalogFor(s, this.catalog()), seed: seed ?? s.seed };
    const handle = startRun(this.store.runs, {
      plan, recorded: record, inline: this.inline, pool: this.pool, ...(title ? { title } : {}),
      onProgress: (p) => this.emit('run.progress', p),
    });
    this.track(handle);
    return handle;
  }

  private track(handle: RunHandle): void {
    this.active.set(handle.runId, handle);
    void handle.done.then((outcome) => {
      this.active.delete(handle.runId);
      if (this.warm && !this.inline) this.pool.warm();
      this.cursors.delete(handle.runId);
      this.emit('run.finished', outcome);
      this.emit('runs.changed', { runId: handle.runId, change: 'finished' });
    });
    this.emit('runs.changed', { runId: handle.runId, change: 'started' });
  }

  private readonly handlers: { [M in Method]: Handler<M> } = {
    'catalog.list': ({ kind, ...opts }) => this.store.catalog.list(kind, opts),
    'catalog.get': ({ kind, id }) => this.store.catalog.get(kind, id),
    'catalog.all': () => {
      const c = this.catalog();
      // every entry says whether it is built in: the map is read off the entries themselves
      const builtIn = Object.fromEntries((['profiles', 'hypervisors', 'oses', 'addons', 'workloads'] as const).flatMap((kind) => c[kind].map((e) => [`${kind}/${e.id}`, e.builtIn])));
      return { profiles: [...c.profiles], hypervisors: [...c.hypervisors], oses: [...c.oses], addons: [...c.addons], workloads: [...c.workloads], builtIn };
    },
    'catalog.create': ({ kind, entry }) => this.changed(kind, this.store.catalog.create(kind, entry)),
    'catalog.update': ({ kind, id, entry }) => this.changed(kind, this.store.catalog.update(kind, id, entry)),
    'catalog.duplicate': ({ kind, id, newId }) => this.changed(kind, this.store.catalog.duplicate(kind, id, newId)),
    'catalog.remove': ({ kind, id }) => (this.store.catalog.remove(kind, id), this.emit('catalog.changed', { kind, id }), OK),

    'scenarios.list': (opts) => this.store.scenarios.list(opts),
    'scenarios.get': ({ id }) => this.store.scenarios.get(id),
    'scenarios.create': ({ scenario }) => this.scenarioChanged(this.store.scenarios.create(scenario)),
    'scenarios.update': ({ id, scenario }) => this.scenarioChanged(this.store.scenarios.update(id, scenario)),
    'scenarios.remove': ({ id }) => (this.store.scenarios.remove(id), this.emit('scenarios.changed', { id }), OK),
    'scenarios.import': async ({ json, source, replace, runnable }) => {
      if (runnable) {
        const s = parseScenario(parseJsonText(json, source), source);
        const { checkScenario } = await simulation();
        const check = checkScenario(s, this.catalog());
        if (!check.ok) throw new PvLabError('incompatible', `${source} cannot run, so it was not imported`, 'fix the fields named below (pvlab check shows the full report), or import it in the app to edit it there', check.problems.map((p) => `${p.where}: ${p.message}`));
      }
      return this.scenarioChanged(this.store.scenarios.importJson(json, source, { replace }).scenario);
    },
    'scenarios.export': ({ id }) => ({ json: this.store.scenarios.exportJson(id) }),
    'scenarios.check': async ({ id, scenario, estimate: wanted }) => {
      const s = this.scenarioOf(id, scenario);
      const { checkScenario, estimateRun } = await simulation();
      const report = checkScenario(s, this.catalog());
      const estimate = report.ok && wanted ? estimateRun(s, this.catalog()) : null;
      return { ok: report.ok, problems: report.problems.map((p) => `${p.where}: ${p.message}`), report, estimate };
    },
    'lessons.list': ({ lang }) => ({
      // the lessons alone: the catalog and the scenarios around them are not parsed
      lessons: (this.catalogOverride?.scenarios.flatMap((s) => (s.lesson ? [{ id: s.id, lesson: s.lesson }] : [])) ?? this.store.scenarios.lessons())
        .map(({ id, lesson }) => ({ id, order: lesson.order, ...lesson[lang] }))
        .sort((a, b) => a.order - b.order),
    }),
    'calibration.run': async () => (await simulation()).calibrate(this.catalog()),

    'runs.start': async ({ scenarioId, scenario, seed, record, title, confirm }) => {
      const s = this.scenarioOf(scenarioId, scenario);
      await this.requireRunnable(s, confirm);
      return { runId: (await this.launch(s, seed, record, title)).runId };
    },
    'runs.sweep': ({ jobId, ...rest }) => this.jobs.run(jobId, 'sweep', (ctl) => this.sweep(rest, ctl)),
    'runs.cancel': ({ runId }) => {
      const h = this.active.get(runId);
      if (!h) throw new PvLabError('not-found', `Run #${runId} is not running in this session`, 'only runs started here and still going can be cancelled');
      h.cancel();
      return OK;
    },
    'runs.wait': async ({ runId }) => {
      const h = this.active.get(runId);
      if (h) return h.done;
      const d = this.store.runs.get(runId);
      if (d.status === 'running') throw new PvLabError('conflict', `Run #${runId} is being recorded by another process`, 'wait for it there, or list runs again later');
      return { runId, status: d.status, metrics: d.metrics, eventCount: d.eventCount, wallMs: d.wallMs ?? 0, error: d.error };
    },
    'runs.list': (filter) => this.store.runs.list(filter),
    'runs.get': ({ runId }) => this.store.runs.get(runId),
    'runs.remove': ({ runId }) => {
      if (this.active.has(runId)) throw new PvLabError('conflict', `Run #${runId} is still running`, 'cancel it first, then delete it');
      this.cursors.delete(runId);
      this.store.runs.remove(runId);
      this.emit('runs.changed', { runId, change: 'removed' });
      return OK;
    },
    'runs.tag': ({ runId, tag, remove }) => {
      if (remove) this.store.runs.removeTag(runId, tag);
      else this.store.runs.addTag(runId, tag);
      this.emit('runs.changed', { runId, change: 'tagged' });
      return OK;
    },
    'runs.note': ({ runId, text }) => {
      const note = this.store.runs.addNote(runId, text);
      this.emit('runs.changed', { runId, change: 'noted' });
      return note;
    },
    'runs.compare': async ({ a, b }) => {
      const ra = this.store.runs.get(a);
      const rb = this.store.runs.get(b);
      const { compareMetrics } = await simulation();
      return { a: ra, b: rb, metrics: compareMetrics(ra.metrics, rb.metrics) };
    },
    'runs.compareMany': async ({ runIds }) => {
      const runs = runIds.map((id) => this.store.runs.get(id));
      const metrics = runs.map((r) => r.metrics);
      const { compareRows, findings } = await simulation();
      return { runs, ...compareRows(metrics), findings: findings(metrics) };
    },
    'runs.series': ({ runId }) => this.store.runs.series(runId),

    'replay.open': async ({ runId }) => {
      const c = await this.cursor(runId);
      return {
        runId, total: c.total, tEnd: c.tEnd, chunks: c.chunks.length, pathNames: [...c.paths], guests: c.scenario.guests.map((g) => g.id),
        hosts: c.scenario.hosts.map((h) => h.id), vcpus: c.scenario.guests.map((g) => g.vcpus), kinds: [...EVENT_KINDS],
      };
    },
    'replay.events': async ({ runId, event, tNs, before, after }) => {
      const c = await this.cursor(runId);
      const at = tNs !== undefined ? c.seekTime(tNs).index : c.seek(event ?? 0).index;
      return { at, events: c.range(at - before, before + after + 1) };
    },
    'replay.list': async ({ runId, from, limit, filter }) => (await simulation()).listEvents(await this.cursor(runId), from, limit, filter),
    'replay.lanes': async ({ runId, t0, t1, buckets }) => {
      if (!(t1 > t0)) throw new PvLabError('invalid-input', 'A timeline window needs t1 > t0', 'pass the visible time range');
      return (await simulation()).lanes(await this.cursor(runId), t0, t1, buckets);
    },
    'replay.markers': async ({ runId }) => ({ markers: (await simulation()).markers(await this.cursor(runId)) }),
    'replay.find': async ({ runId, from, filter, direction }) => ({ event: (await this.cursor(runId)).find(filter, direction, from) }),
    'replay.state': ({ runId, event, live, jobId }) => this.jobs.run(jobId, 'state', async () => {
      const c = await this.cursor(runId);
      // the live state re-simulates from a checkpoint: in the replay thread, unless runs are inline
      if (!live || this.inline) return c.stateAt(event, live);
      c.event(event); // an event outside the run is refused here, with the range
      return this.replayThread.state(this.store.lab.file, runId, event, this.store.runs.progress(runId).eventCount);
    }),
    'replay.timeline': async ({ runId, t0, t1, buckets, by, filter }) => (await this.cursor(runId)).aggregate(t0, t1, buckets, by, filter),
    'replay.verify': ({ runId, jobId }) => {
      const d = this.store.runs.get(runId);
      if (!d.recorded) throw new PvLabError('invalid-input', `Run #${runId} was not recorded`, 're-run its scenario with recording on to verify it');
      if (d.status === 'running') throw new PvLabError('conflict', `Run #${runId} is still running`, 'verify it when it has finished');
      const complete = d.status === 'completed';
      return this.jobs.run(jobId, 'verify', async (ctl) => {
        if (!this.inline) return verifyInWorker({ file: this.store.lab.file, runId, complete, cancel: ctl.flag.buffer as SharedArrayBuffer }, ctl);
        const plan = this.store.runs.plan(runId);
        const { verifyRecording } = await simulation();
        return verifyRecording(plan, { engineVersion: plan.engineVersion, branch: d.branch, complete }, this.store.runs.source(runId), { progress: ctl.progress, cancelled: ctl.cancelled });
      });
    },
    'replay.branch': ({ runId, tNs, change, title, jobId }) => this.jobs.run(jobId, 'branch', () => this.branch(runId, tNs, change, title)),
    'jobs.cancel': ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
    'lab.status': () => {
      const file = this.store.lab.file;
      return {
        file,
        notices: pendingNotices(file).map((n) => ({ ...n, restore: restoreHint(file, n) })),
        integrity: this.store.report.integrity,
      };
    },
    'lab.acknowledge': () => ({ acknowledged: acknowledgeNotices(this.store.lab.file) }),
    'reports.run': this.fileMethod('reports.run'),
    'reports.compare': this.fileMethod('reports.compare'),
    'reports.sweep': this.fileMethod('reports.sweep'),
    'bundles.exportScenario': this.fileMethod('bundles.exportScenario'),
    'bundles.importScenario': this.fileMethod('bundles.importScenario'),
    'bundles.exportRun': this.fileMethod('bundles.exportRun'),
    'bundles.importRun': this.fileMethod('bundles.importRun'),
    'lab.backup': this.fileMethod('lab.backup'),
    'lab.restore': this.fileMethod('lab.restore'),
  };

  /** A report, bundle or backup method (files.ts), loaded with the rest of the simulation on first use. */
  private fileMethod<M extends FileMethod>(method: M): Handler<M> {
    return async (input) => {
      const { fileHandlers } = await simulation();
      this.files ??= fileHandlers({ store: () => this.store, busy: () => this.active.size > 0, forget: () => this.cursors.clear() });
      return this.files[method](input);
    };
  }

  private changed<T extends { id: string }>(kind: EntryKind, entry: T): T {
    this.emit('catalog.changed', { kind, id: entry.id });
    return entry;
  }

  private scenarioChanged(s: Scenario): Scenario {
    this.emit('scenarios.changed', { id: s.id });
    return s;
  }

  /** Every combination of the varied fields, as many at a time as the machine has cores; cancelling the job cancels the runs. */
  private async sweep({ scenarioId, scenario, vary, seed, record, concurrency, confirm }: Omit<z.output<(typeof contract)['runs.sweep']['input']>, 'jobId'>, ctl: JobControl): Promise<Output<'runs.sweep'>> {
    const base = this.scenarioOf(scenarioId, scenario);
    const variants = expandSweep(base, vary);
    // every variant is checked before the first starts; between checks the thread answers other
    // calls, a cancel among them (a check and estimate take up to a few tenths of a second each)
    for (const v of variants) {
      if (ctl.cancelled()) return { tag: '', cancelled: true, rows: [] };
      await this.requireRunnable(v.scenario, confirm, label(v.assignments));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const rows: SweepRow[] = new Array<SweepRow>(variants.length);
    let tag = '';
    let next = 0;
    // as many at a time as the machine has cores: each run is one worker thread
    const width = Math.max(1, Math.min(concurrency ?? availableParallelism(), variants.length));
    const lane = async () => {
      while (next < variants.length && !ctl.cancelled()) {
        const i = next++;
        const v = variants[i]!;
        const h = await this.launch(v.scenario, seed, record, `${base.title} [${label(v.assignments)}]`);
        tag ||= `sweep-${h.runId}`;
        this.store.runs.addTag(h.runId, tag);
        ctl.onCancel(() => h.cancel());
        const out = await h.done;
        rows[i] = sweepRow(h.runId, v.assignments, out.status, out.metrics);
        ctl.progress(rows.filter(Boolean).length, variants.length);
      }
    };
    await Promise.all(Array.from({ length: width }, lane));
    return { tag, cancelled: ctl.cancelled(), rows: rows.filter(Boolean) };
  }

  /** Start a run from the parent's last checkpoint at or before `tNs`, with one change at that moment. */
  private async branch(parentId: number, tNs: number, change: BranchChange, title?: string): Promise<Output<'replay.branch'>> {
    const deps = {
      runs: this.store.runs, catalog: this.catalog(), parseScenario: (x: unknown) => this.parseScenario(x), inline: this.inline, pool: this.pool,
      replayThread: this.replayThread, onProgress: (p: RunProgress) => this.emit('run.progress', p),
    };
    const { startBranch } = await simulation();
    const { handle, eventIndex, tNs: at } = await startBranch(deps, parentId, tNs, change, title);
    this.track(handle);
    return { runId: handle.runId, eventIndex, tNs: at };
  }
}
