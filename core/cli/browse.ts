/**
 * Commands that look things up through the service, like the desktop UI does: the catalog (built-in
 * and the user's entries), the compatibility check of a scenario file or of any stored scenario by id
 * (an imported one too), the curriculum and the calibration.
 */
import { Option, type Command } from 'commander';
import type { Catalog, CatalogKind } from '../catalog/catalog.ts';
import { PvLabError, type Scenario } from '../model/index.ts';
import { type DbOpts, type LabCommandsOptions, dbOption, withLab } from './session.ts';
import { printCalibration, printCatalog, printCheck, printLessons, scenarioTable } from './print.ts';
import { isScenarioFile, loadScenarioFile, loadScenarioRef } from './scenario-ref.ts';
import type { LabService } from '../service/service.ts';
import type { Output } from '../contract/index.ts';

type ScenarioSummary = Output<'scenarios.list'>['items'][number];

const KINDS: CatalogKind[] = ['profiles', 'hypervisors', 'oses', 'addons', 'workloads', 'scenarios'];

/** Every stored scenario's summary (built-in and imported), in the store's order. */
async function scenarioSummaries(svc: LabService): Promise<ScenarioSummary[]> {
  const items: ScenarioSummary[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await svc.call('scenarios.list', { limit: 1000, offset });
    items.push(...page.items);
    if (offset + page.items.length >= page.total) return items;
  }
}

/** The catalog as the service sees it, with every stored scenario; only the part `kind` names is read. */
async function catalogOf(svc: LabService, kind?: CatalogKind): Promise<Catalog> {
  const none = { profiles: [], hypervisors: [], oses: [], addons: [], workloads: [] };
  const all = kind === 'scenarios' ? none : await svc.call('catalog.all', {});
  const scenarios: Scenario[] = [];
  if (kind === undefined || kind === 'scenarios') {
    for (const s of await scenarioSummaries(svc)) scenarios.push(await svc.call('scenarios.get', { id: s.id }));
  }
  return { profiles: all.profiles, hypervisors: all.hypervisors, oses: all.oses, addons: all.addons, workloads: all.workloads, scenarios };
}

export function registerBrowseCommands(program: Command, o: LabCommandsOptions): void {
  const { io } = o;

  program
    .command('catalog')
    .description('list hardware profiles, hypervisors, guest OSes, add-ons, workloads or scenarios (built in and yours)')
    .argument('[kind]', 'profiles | hypervisors | oses | addons | workloads | scenarios (default: a summary of all)')
    .option('--json', 'print the entries as JSON')
    .addOption(dbOption())
    .action(async (kind: string | undefined, opts: DbOpts & { json?: boolean }) => {
      if (kind !== undefined && !KINDS.includes(kind as CatalogKind)) {
        throw new PvLabError('invalid-input', `Unknown catalog kind "${kind}"`, `use one of: ${KINDS.join(', ')}`);
      }
      await withLab(o, opts, async (svc) => {
        // the table of scenarios shows id, title and the numbers of hosts and guests: the store's
        // summaries (columns it wrote from validated scenarios), without parsing every scenario
        if (kind === 'scenarios' && !opts.json && !o.injected) return io.out(scenarioTable(await scenarioSummaries(svc)));
        const cat = o.injected ? await o.catalog() : await catalogOf(svc, kind as CatalogKind | undefined);
        if (opts.json) io.out(JSON.stringify(kind ? cat[kind as CatalogKind] : cat, null, 2));
        else io.out(printCatalog(cat, kind as CatalogKind | undefined));
      });
    });

  program
    .command('check')
    .description('validate a scenario and report compatibility: modes, devices, drivers, add-ons and the path of each operation')
    .argument('<scenario>', 'scenario.json, or the id of a built-in or stored scenario')
    .option('--json', 'print the report as JSON')
    .addOption(dbOption())
    .action(async (ref: string, opts: DbOpts & { json?: boolean }) => {
      // a file is read (and its syntax checked) before the database opens
      // (tools that bring their own catalog name its scenarios by id)
      const scenario = isScenarioFile(ref) ? loadScenarioFile(ref) : o.injected ? loadScenarioRef(ref, await o.catalog()) : undefined;
      await withLab(o, opts, async (svc) => {
        const { report, estimate } = await svc.call('scenarios.check', scenario ? { scenario } : { id: ref });
        io.out(opts.json ? JSON.stringify({ ...report, estimate }, null, 2) : printCheck(report, estimate));
        if (!report.ok || estimate?.verdict === 'refuse') process.exitCode = 2;
      });
    });

  program
    .command('calibrate')
    .description('reproduce the published nanobenchmark and exit-cost measurements (REFERENCES.md §A–C)')
    .option('--json', 'print the table as JSON')
    .addOption(dbOption())
    .action(async (opts: DbOpts & { json?: boolean }) => {
      await withLab(o, opts, async (svc) => {
        const report = await svc.call('calibration.run', {});
        io.out(opts.json ? JSON.stringify(report, null, 2) : printCalibration(report));
        if (!report.ok) process.exitCode = 1;
      });
    });

  program
    .command('lessons')
    .description('the curriculum: the built-in scenarios that each teach one thing, in order, with what to look at and a question')
    .addOption(new Option('--lang <lang>', 'language of the texts').choices(['en', 'sv']).default('en'))
    .option('--json', 'print the lessons as JSON')
    .addOption(dbOption())
    .action(async (opts: DbOpts & { lang: 'en' | 'sv'; json?: boolean }) => {
      await withLab(o, opts, async (svc) => {
        const { lessons } = await svc.call('lessons.list', { lang: opts.lang });
        io.out(opts.json ? JSON.stringify(lessons, null, 2) : printLessons(lessons, opts.lang));
      });
    });
}

/** `pvlab db status` and `pvlab db acknowledge`: the open database, files moved aside, and stopping the reminder. */
export function registerDbCommands(program: Command, o: LabCommandsOptions): void {
  const db = program.command('db').description('the lab database: where it is, files moved aside, and acknowledging them');
  db.command('status')
    .description('show the database file, any earlier files moved aside (and how to bring them back), and checks after an unclean end')
    .option('--json', 'print as JSON')
    .addOption(dbOption())
    .action(async (opts: DbOpts & { json?: boolean }) => {
      await withLab(o, opts, async (svc) => {
        const st = await svc.call('lab.status', {});
        if (opts.json) return o.io.out(JSON.stringify(st, null, 2));
        o.io.out(`database: ${st.file}`);
        o.io.out(st.notices.length ? st.notices.map((n) => `moved aside on ${n.at}: ${n.to} (${n.reason})\n  ${n.restore}`).join('\n') : 'no files moved aside');
        for (const line of st.integrity) o.io.out(`check after an unclean end: ${line}`);
      });
    });
  db.command('acknowledge')
    .description('stop reminding about files moved aside (the files themselves stay where they are)')
    .addOption(dbOption())
    .action(async (opts: DbOpts) => {
      await withLab(o, opts, async (svc) => {
        const { acknowledged } = await svc.call('lab.acknowledge', {});
        o.io.out(acknowledged ? `acknowledged ${acknowledged} notice(s); the moved files stay where they are` : 'nothing to acknowledge');
      });
    });
}
