/**
 * The database-backed `pvlab` commands: `run` (recorded by default), `runs`, `replay`, `verify`,
 * `branch` and `scenarios`. Each opens the lab database (`--db`, else `$PVLAB_DB`, else the
 * desktop app's), works through LabService like the UI does, and closes it at the end.
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { type DbOpts, type LabCommandsOptions, dbOption, progressReporter, withLab } from './session.ts';
import { EVENT_KINDS, REASONS } from '../model/events.ts';
import { BranchChange, DeviceModel, PvLabError } from '../model/index.ts';
import type { Output } from '../contract/index.ts';
import type { EventFilter } from '../trace/cursor.ts';
import { writeFileAtomic } from './main.ts';
import { printBranch, printEvents, printRun, printRuns, printScenarios, printSweep, printVerify } from './print.ts';
import type { SweepAxis } from '../service/sweep.ts';
import { loadScenarioRef } from './scenario-ref.ts';

const bad = (message: string, hint: string): PvLabError => new PvLabError('invalid-input', message, hint);

export function parseRunId(v: string): number {
  const n = Number(v.replace(/^#/, ''));
  if (!Number.isInteger(n) || n < 1) throw bad(`A run is named by its number; got "${v}"`, 'see `pvlab runs` for the run numbers');
  return n;
}

function parseCount(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw bad(`${name} must be a whole number of 0 or more; got "${v}"`, `pass e.g. ${name} 10`);
    return n;
  };
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** A simulated time: nanoseconds, or a number with a unit (`12.5ms`, `3s`, `400us`). */
export function parseTime(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s)?\s*$/.exec(v);
  if (!m) throw bad(`"${v}" is not a time`, 'give nanoseconds, or a number with a unit: 12.5ms, 3s, 400us, 1500ns');
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ns']!);
}

const CHANGE_FORMS = 'install-addon:GUEST:ADDON, remove-addon:GUEST:ADDON, set-device:GUEST:nic|disk|clock:MODEL, migrate:GUEST:HOST or host-failure:HOST';

/** A branch change: one of CHANGE_FORMS. */
export function parseChange(v: string): BranchChange {
  const parts = v.split(':');
  const [change, a, b, c] = parts;
  if ((change === 'install-addon' || change === 'remove-addon') && parts.length === 3 && a && b) return { change, guest: a, addon: b };
  if (change === 'host-failure' && parts.length === 2 && a) return { change, host: a };
  if (change === 'migrate' && parts.length === 3 && a && b) return { change, guest: a, to: b };
  if (change === 'set-device' && parts.length === 4 && a) {
    const r = BranchChange.safeParse({ change, guest: a, device: b, model: c });
    if (r.success) return r.data;
    throw bad(`"${v}" does not name a device and a model`, `the device is nic, disk or clock; the model one of: ${DeviceModel.options.join(', ')}`);
  }
  throw bad(`"${v}" is not a change`, `use ${CHANGE_FORMS}`);
}

/** `kind=hypercall|exit,reason=kick,guest=0,vcpu=1,host=0`; guests and hosts may be named by id. */
export function parseFilter(v: string, names?: { guests: string[]; hosts: string[] }): EventFilter {
  const f: EventFilter = {};
  const hint = 'write key=value pairs separated by commas: kind=hypercall|exit,reason=kick,guest=0,vcpu=1,host=0';
  for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 1 || !value) throw bad(`"${part}" in the filter is not key=value`, hint);
    const list = value.split('|').map((s) => s.trim());
    if (key === 'kind' || key === 'kinds') {
      for (const k of list) if (!(EVENT_KINDS as readonly string[]).includes(k)) throw bad(`Unknown event kind "${k}"`, `use one of: ${EVENT_KINDS.join(', ')}`);
      f.kinds = list as EventFilter['kinds'];
    } else if (key === 'reason' || key === 'reasons') {
      for (const r of list) if (!(REASONS as readonly string[]).includes(r)) throw bad(`Unknown reason "${r}"`, `use one of: ${REASONS.join(', ')}`);
      f.reasons = list as EventFilter['reasons'];
    } else if (key === 'guest' || key === 'host' || key === 'vcpu') {
      let n = Number(value);
      if (!/^\d+$/.test(value)) {
        if (!names && key !== 'vcpu') continue; // a syntax check before the run's guests and hosts are known
        const ids = key === 'guest' ? (names?.guests ?? []) : key === 'host' ? (names?.hosts ?? []) : [];
        n = ids.indexOf(value);
        if (n < 0) throw bad(`Unknown ${key} "${value}" in the filter`, key === 'vcpu' ? 'give the vCPU number' : `give its number or one of: ${ids.join(', ') || '(none)'}`);
      }
      f[key] = n;
    } else {
      throw bad(`Unknown filter key "${key}"`, hint);
    }
  }
  return f;
}

const json = (x: unknown) => JSON.stringify(x, null, 2);

export function registerLabCommands(program: Command, o: LabCommandsOptions): void {
  const { io } = o;

  program
    .command('run')
    .description('run a scenario (a JSON file, a built-in or stored id), record it in the lab database and print what it achieved')
    .argument('<scenario>', 'scenario.json or a scenario id (see `pvlab scenarios list`)')
    .addOption(new Option('--seed <n>', 'PRNG seed (default: the scenario\'s)').argParser(parseSeed))
    .option('--json', 'print the full metrics as JSON (schema: docs/run-metrics.schema.json)')
    .option('--out <file>', 'also write the metrics JSON to a file')
    .option('--no-record', 'do not record the event stream (the run is still listed)')
    .option('--yes', 'run even when the estimate says it is long (many events, minutes of wall time)')
    .addOption(dbOption())
    .action(async (ref: string, opts: DbOpts & { seed?: number; json?: boolean; out?: string; record: boolean; yes?: boolean }) => {
      await withLab(o, opts, async (svc) => {
        const catalog = o.injected ? await o.catalog() : svc.store.fullCatalog();
        const scenario = loadScenarioRef(ref, catalog);
        const { usesRandomness } = await import('../engine/demand.ts');
        if (opts.seed !== undefined && !usesRandomness(scenario, catalog.workloads)) {
          io.err(`pvlab: note: ${scenario.id} has no random inputs (no open-loop load), so --seed changes nothing in this run`);
        }
        let runId = 0;
        const progress = progressReporter(io);
        const off = svc.on((name, p) => {
          if (name === 'run.progress' && 'simNs' in p && p.runId === runId) progress.report(`simulated ${(p.simNs / 1e6).toFixed(1)} of ${(p.totalNs / 1e6).toFixed(0)} ms, ${p.events} events`);
        });
        ({ runId } = await svc.call('runs.start', { scenario, ...(opts.seed !== undefined ? { seed: opts.seed } : {}), record: opts.record, confirm: opts.yes ?? false }));
        const outcome = await svc.call('runs.wait', { runId });
        off();
        progress.done();
        const recorded = opts.record ? `recorded as run #${runId} (pvlab replay ${runId})` : `run #${runId} (not recorded)`;
        if (outcome.status !== 'completed' || !outcome.metrics) {
          const cancelled = outcome.status === 'cancelled';
          io.err(cancelled
            ? `pvlab: run #${runId} cancelled; what it recorded so far can be replayed (pvlab replay ${runId})`
            : `pvlab: run #${runId} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
          // 130: ended by Ctrl-C, as shells report it
          process.exitCode = cancelled ? 130 : 1;
          return;
        }
        const text = `${json(outcome.metrics)}\n`;
        if (opts.out) writeFileAtomic(opts.out, text);
        if (opts.json) {
          io.out(text);
          io.err(recorded);
        } else {
          const detail = await svc.call('runs.get', { runId });
          io.out(`${printRun(scenario, outcome.metrics, detail.pathNames, detail.warnings)}\n\n${recorded}`);
        }
      });
    });

  program
    .command('runs')
    .description('list the runs in the lab database, newest first')
    .option('--scenario <id>', 'only runs of this scenario')
    .addOption(new Option('--status <s>', 'only runs with this status').choices(['running', 'completed', 'cancelled', 'interrupted', 'failed']))
    .option('--tag <t>', 'only runs with this tag')
    .option('--search <q>', 'only runs whose title or scenario matches')
    .addOption(new Option('--limit <n>', 'at most this many (1–500)').argParser(parseCount('--limit')).default(50))
    .addOption(new Option('--offset <n>', 'skip this many').argParser(parseCount('--offset')).default(0))
    .option('--json', 'print the listing as JSON')
    .addOption(dbOption())
    .action(async (opts: DbOpts & { scenario?: string; status?: string; tag?: string; search?: string; limit: number; offset: number; json?: boolean }) => {
      await withLab(o, opts, async (svc) => {
        const page = await svc.call('runs.list', {
          ...(opts.scenario ? { scenarioId: opts.scenario } : {}), ...(opts.status ? { status: opts.status } : {}),
          ...(opts.tag ? { tag: opts.tag } : {}), ...(opts.search ? { search: opts.search } : {}), limit: opts.limit, offset: opts.offset,
        });
        io.out(opts.json ? json(page) : printRuns(page, opts.offset));
      });
    });

  program
    .command('replay')
    .description('print the recorded events of a run around an event, a time, or the next event matching a filter')
    .argument('<run>', 'run number (see `pvlab runs`)')
    .addOption(new Option('--at <time>', 'the first event at or after this simulated time (ns, or 12.5ms, 3s, 400us)').argParser(parseTime))
    .addOption(new Option('--event <n>', 'this event number').argParser(parseCount('--event')).conflicts('at'))
    .option('--until <filter>', 'move on to the next event matching kind=…,reason=…,guest=…,vcpu=…,host=… (lists with |)')
    .addOption(new Option('--before <n>', 'events to show before the focus').argParser(parseCount('--before')).default(5))
    .addOption(new Option('--after <n>', 'events to show after the focus').argParser(parseCount('--after')).default(10))
    .option('--json', 'print the events as JSON')
    .addOption(dbOption())
    .action(async (ref: string, opts: DbOpts & { at?: number; event?: number; until?: string; before: number; after: number; json?: boolean }) => {
      const runId = parseRunId(ref);
      if (opts.before > 1000 || opts.after > 1000) throw bad('--before and --after are at most 1000', 'show fewer events at a time');
      if (opts.until !== undefined) parseFilter(opts.until); // syntax errors before the database opens
      await withLab(o, opts, async (svc) => {
        const open = await svc.call('replay.open', { runId });
        if (open.total === 0) throw new PvLabError('not-found', `Run #${runId} has no recorded events`, 're-run its scenario with recording on');
        let at: number | undefined = opts.event;
        if (opts.event !== undefined && opts.event >= open.total) throw bad(`Run #${runId} has ${open.total} events; there is no event ${opts.event}`, `give an event number from 0 to ${open.total - 1}`);
        if (opts.at !== undefined) at = (await svc.call('replay.events', { runId, tNs: opts.at, before: 0, after: 0 })).at;
        if (opts.until !== undefined) {
          const f = parseFilter(opts.until, open);
          // the search starts at the point itself: --at 1s --until kind=guest finds a guest event at 1 s
          const from = (at ?? 0) - 1;
          const hit = (await svc.call('replay.find', { runId, from, filter: f })).event;
          if (!hit) {
            io.err(`pvlab: no event matching "${opts.until}" at or after event ${from + 1} of run #${runId}`);
            process.exitCode = 1;
            return;
          }
          at = hit.index;
        }
        const r: Output<'replay.events'> = await svc.call('replay.events', { runId, event: at ?? 0, before: opts.before, after: opts.after });
        io.out(opts.json ? json(r) : printEvents(r, open));
      });
    });

  program
    .command('verify')
    .description('re-simulate a recorded run and check that every event matches the recording')
    .argument('<run>', 'run number')
    .option('--json', 'print the result as JSON')
    .addOption(dbOption())
    .action(async (ref: string, opts: DbOpts & { json?: boolean }) => {
      const runId = parseRunId(ref);
      await withLab(o, opts, async (svc) => {
        const r = await svc.call('replay.verify', { runId });
        io.out(opts.json ? json(r) : printVerify(runId, r));
        if (!r.ok) process.exitCode = 1;
      });
    });

  program
    .command('branch')
    .description('branch a recorded run: replay it to a time, make one change there, and run on from that point')
    .argument('<run>', 'run number')
    .requiredOption('--at <time>', 'simulated time of the change (ns, or 12.5ms, 3s, 400us)', parseTime)
    .requiredOption('--change <spec>', CHANGE_FORMS, parseChange)
    .option('--title <title>', 'title of the branch run')
    .option('--json', 'print the branch and its outcome as JSON')
    .addOption(dbOption())
    .action(async (ref: string, opts: DbOpts & { at: number; change: BranchChange; title?: string; json?: boolean }) => {
      const runId = parseRunId(ref);
      await withLab(o, opts, async (svc) => {
        const b = await svc.call('replay.branch', { runId, tNs: opts.at, change: opts.change, ...(opts.title ? { title: opts.title } : {}) });
        const outcome = await svc.call('runs.wait', { runId: b.runId });
        const { metrics: _m, ...rest } = outcome;
        io.out(opts.json ? json({ parentId: runId, branch: b, outcome: rest }) : printBranch(runId, b, outcome));
        if (outcome.status !== 'completed') process.exitCode = 1;
      });
    });

  program
    .command('sweep')
    .description('run every combination of the varied fields of a scenario on all cores, record them and print the table')
    .argument('<scenario>', 'scenario.json or a scenario id')
    .requiredOption('--vary <path=values>', 'a field and its values, e.g. guests.web.devices.nic=e1000,virtio-net (repeatable)', collectAxis, [])
    .addOption(new Option('--seed <n>', 'PRNG seed for every variant (default: the scenario\'s)').argParser(parseSeed))
    .option('--no-record', 'do not record the event streams')
    .option('--json', 'print the table as JSON')
    .option('--yes', 'run even when a variant\'s estimate says it is long')
    .addOption(dbOption())
    .action(async (ref: string, opts: DbOpts & { vary: SweepAxis[]; seed?: number; record: boolean; json?: boolean; yes?: boolean }) => {
      await withLab(o, opts, async (svc) => {
        const scenario = loadScenarioRef(ref, o.injected ? await o.catalog() : svc.store.fullCatalog());
        let done = 0;
        const off = svc.on((name, p) => {
          if (name === 'run.finished' && 'status' in p && 'runId' in p) io.err(`  run #${p.runId} ${p.status} (${++done} finished)`);
        });
        const r = await svc.call('runs.sweep', { scenario, vary: opts.vary, record: opts.record, confirm: opts.yes ?? false, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
        off();
        io.out(opts.json ? json(r) : printSweep(r));
        if (r.rows.some((row) => row.status !== 'completed')) process.exitCode = 1;
      });
    });

  const scenarios = program.command('scenarios').description('list, import and export the scenarios in the lab database');
  scenarios
    .command('list')
    .description('list built-in and stored scenarios')
    .option('--search <q>', 'only scenarios whose id or title matches')
    .addOption(new Option('--limit <n>', 'at most this many (1–1000)').argParser(parseCount('--limit')).default(100))
    .addOption(new Option('--offset <n>', 'skip this many').argParser(parseCount('--offset')).default(0))
    .option('--json', 'print the listing as JSON')
    .addOption(dbOption())
    .action(async (opts: DbOpts & { search?: string; limit: number; offset: number; json?: boolean }) => {
      await withLab(o, opts, async (svc) => {
        const page = await svc.call('scenarios.list', { ...(opts.search ? { search: opts.search } : {}), limit: opts.limit, offset: opts.offset });
        io.out(opts.json ? json(page) : printScenarios(page, opts.offset));
      });
    });
  scenarios
    .command('import')
    .description('import a scenario JSON file into the lab database')
    .argument('<file>', 'scenario.json')
    .option('--replace', 'replace a stored scenario with the same id')
    .option('--json', 'print the imported scenario as JSON')
    .addOption(dbOption())
    .action(async (file: string, opts: DbOpts & { replace?: boolean; json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new PvLabError('not-found', `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'check the path');
      }
      await withLab(o, opts, async (svc) => {
        let s: Awaited<ReturnType<typeof svc.call<'scenarios.import'>>>;
        try {
          s = await svc.call('scenarios.import', { json: text, source: file, replace: Boolean(opts.replace), runnable: true });
        } catch (e) {
          // an id that is already stored is a problem with the input here: exit code 2
          if (e instanceof PvLabError && e.code === 'conflict') throw new PvLabError('invalid-input', e.message, 'pass --replace to replace it, or change "id" in the file');
          throw e;
        }
        io.out(opts.json ? json(s) : `imported scenario ${s.id}: ${s.title}`);
      });
    });
  scenarios
    .command('export')
    .description('print a scenario as JSON, or write it to a file')
    .argument('<id>', 'scenario id')
    .option('--out <file>', 'write it to this file instead of stdout')
    .addOption(dbOption())
    .action(async (id: string, opts: DbOpts & { out?: string }) => {
      await withLab(o, opts, async (svc) => {
        const { json: text } = await svc.call('scenarios.export', { id });
        if (opts.out) {
          writeFileAtomic(opts.out, text);
          io.out(`wrote ${opts.out}`);
        } else io.out(text);
      });
    });
}

/** `PATH=V1,V2,…`: numbers and true/false become numbers and booleans, the rest stay text. */
export function parseAxis(v: string): SweepAxis {
  const eq = v.indexOf('=');
  if (eq < 1 || eq === v.length - 1) throw bad(`"${v}" is not PATH=VALUES`, 'write e.g. --vary guests.web.devices.nic=e1000,virtio-net');
  const values = v.slice(eq + 1).split(',').map((x) => x.trim()).filter(Boolean).map((x) => (x === 'true' ? true : x === 'false' ? false : /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : x));
  return { path: v.slice(0, eq).trim(), values };
}

function collectAxis(v: string, prev: SweepAxis[]): SweepAxis[] {
  return [...prev, parseAxis(v)];
}

export function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new PvLabError('invalid-input', `--seed must be a whole number from 0 to 4294967295; got "${v}"`, 'pass e.g. --seed 42');
  return n;
}
