/**
 * `pvlab report`, `pvlab bundle export|import`, `pvlab backup` and `pvlab restore`: reports of a
 * run, of N runs or of a sweep in every format (PDF through a Chromium found here), scenario and
 * run bundles, and whole-lab backups — all through LabService, like the app.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { type ExportedFile, RUN_BUNDLE_EXT, SCENARIO_BUNDLE_EXT, isRunBundlePath } from '../contract/files.ts';
import { PvLabError } from '../model/index.ts';
import { parseRunId } from './lab.ts';
import { type DbOpts, type LabCommandsOptions, dbOption, withLab } from './session.ts';
import { writeFileAtomic } from './main.ts';

const FORMATS = ['html', 'pdf', 'csv', 'json', 'md'] as const;
type CliFormat = (typeof FORMATS)[number];

const bad = (message: string, hint: string) => new PvLabError('invalid-input', message, hint);
const size = (n: number) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 2 ** 20).toFixed(1)} MB`);

function writeBytes(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

function bytesOf(f: ExportedFile): Uint8Array {
  if (f.encoding === 'text') return new TextEncoder().encode(f.text);
  if (f.encoding === 'base64') return Buffer.from(f.base64, 'base64');
  return readFileSync(f.path);
}

interface ReportOpts extends DbOpts {
  baseline?: number;
  sweep?: string;
  format: CliFormat;
  out?: string;
  lang: 'en' | 'sv';
}

export function registerReportCommands(program: Command, o: LabCommandsOptions): void {
  const { io } = o;

  program
    .command('report')
    .description('write the report of a run (against a baseline run, if given), of several runs side by side, or of a sweep: HTML, PDF, CSV, JSON or Markdown')
    .argument('[runs...]', 'one run number for a run report; two to eight for a comparison (the first is the baseline)')
    .addOption(new Option('--baseline <run>', 'compare the run against this run').argParser(parseRunId))
    .option('--sweep <tag>', 'report on the runs of a sweep (its tag, e.g. sweep-12)')
    .addOption(new Option('--format <format>', 'html (self-contained, printable), pdf (needs Chromium), csv (a .zip of tables, or a folder), json or md').choices(FORMATS).default('html'))
    .option('--out <file>', 'where to write it (default: its own name in this folder; for csv a name ending in / or without .zip is a folder)')
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['en', 'sv']).default('en'))
    .addOption(dbOption())
    .action(async (refs: string[], opts: ReportOpts) => {
      const ids = refs.map(parseRunId);
      if (opts.sweep !== undefined ? ids.length > 0 : ids.length === 0) throw bad('Name the runs to report on, or a sweep with --sweep, not both', 'e.g. pvlab report 12, pvlab report 3 4 5, pvlab report --sweep sweep-12');
      if (opts.baseline !== undefined && ids.length !== 1) throw bad('--baseline goes with one run', 'for several runs the first one listed is the baseline');
      await withLab(o, opts, async (svc) => {
        const started = performance.now();
        const wanted = opts.format === 'pdf' ? 'html' : opts.format;
        // CSV into a folder is rendered here from the JSON document: one file per table
        const folderCsv = opts.format === 'csv' && opts.out !== undefined && !opts.out.endsWith('.zip');
        const format = folderCsv ? 'json' : wanted;
        const file = opts.sweep !== undefined
          ? await svc.call('reports.sweep', { tag: opts.sweep, format, lang: opts.lang })
          : ids.length === 1
            ? await svc.call('reports.run', { runId: ids[0]!, ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}), format, lang: opts.lang })
            : await svc.call('reports.compare', { runIds: ids, format, lang: opts.lang });
        if (folderCsv) {
          const dir = resolve(opts.out!);
          if (existsSync(dir) && !statSync(dir).isDirectory()) throw bad(`${dir} is a file`, 'give a folder for the CSV tables, or a name ending in .zip');
          mkdirSync(dir, { recursive: true });
          const [{ ReportDoc }, { renderCsvFiles }] = await Promise.all([import('../report/model.ts'), import('../report/csv.ts')]);
          const doc = ReportDoc.parse(JSON.parse(file.encoding === 'text' ? file.text : ''));
          const files = renderCsvFiles(doc);
          for (const f of files) writeFileAtomic(join(dir, f.name), f.text);
          io.out(`wrote ${files.length} tables to ${dir} in ${Math.round(performance.now() - started)} ms`);
          return;
        }
        let bytes = bytesOf(file);
        let name = file.fileName;
        if (opts.format === 'pdf') {
          const { htmlToPdf } = await import('./pdf.ts');
          bytes = await htmlToPdf(new TextDecoder().decode(bytes));
          name = name.replace(/\.html$/, '.pdf');
        }
        const out = resolve(opts.out ?? name);
        writeBytes(out, bytes);
        io.out(`wrote ${out} (${size(bytes.length)}) in ${Math.round(performance.now() - started)} ms`);
      });
    });

  const bundle = program.command('bundle').description('export and import scenario bundles (a scenario with the catalog entries it uses) and run bundles (a recorded run, whole)');
  bundle
    .command('export')
    .description('export a run (by number) as a run bundle, or a stored scenario (by id) as a scenario bundle')
    .argument('<run-or-scenario>', 'a run number (#12 or 12) or a scenario id')
    .option('--scenario', 'the argument is a scenario id even if it looks like a number')
    .option('--out <file>', 'where to write it (default: its own name in this folder)')
    .addOption(dbOption())
    .action(async (ref: string, opts: DbOpts & { scenario?: boolean; out?: string }) => {
      await withLab(o, opts, async (svc) => {
        const isRun = !opts.scenario && /^#?\d+$/.test(ref);
        if (isRun) {
          const runId = parseRunId(ref);
          const probe = opts.out ? resolve(opts.out) : null;
          const file = await svc.call('bundles.exportRun', { runId, ...(probe && isRunBundlePath(probe) ? { to: probe } : {}) });
          const out = file.encoding === 'file' ? file.path : resolve(opts.out ?? file.fileName);
          if (file.encoding !== 'file') writeBytes(out, bytesOf(file));
          io.out(`wrote run #${runId} to ${out} (${size(file.bytes)})`);
        } else {
          const file = await svc.call('bundles.exportScenario', { id: ref });
          const out = resolve(opts.out ?? file.fileName);
          writeBytes(out, bytesOf(file));
          io.out(`wrote scenario ${ref} to ${out} (${size(file.bytes)})`);
        }
      });
    });
  bundle
    .command('import')
    .description('import a scenario bundle or a run bundle; every hash is checked and a changed bundle is refused with the reason')
    .argument('<file>', `a ${SCENARIO_BUNDLE_EXT} or ${RUN_BUNDLE_EXT} file (or the .pvscenario.json / .pvrun.zip of earlier versions)`)
    .option('--replace', 'replace a stored scenario or catalog entry of yours with the same id')
    .option('--verify', 'after importing a run, re-simulate it and check every event')
    .addOption(dbOption())
    .action(async (path: string, opts: DbOpts & { replace?: boolean; verify?: boolean }) => {
      const file = resolve(path);
      if (!existsSync(file)) throw new PvLabError('not-found', `There is no file ${file}`, 'check the path');
      const head = readFileSync(file).subarray(0, 2).toString('latin1');
      await withLab(o, opts, async (svc) => {
        if (head === 'PK') {
          const r = await svc.call('bundles.importRun', { from: file });
          io.out(`imported run #${r.runId} "${r.title}": ${r.eventCount} events in ${r.chunks} chunks, ${r.checkpoints} checkpoints`);
          for (const w of r.warnings) io.err(`pvlab: note: ${w}`);
          if (opts.verify) {
            const v = await svc.call('replay.verify', { runId: r.runId });
            if (v.ok) io.out(`verified: ${v.eventsChecked} events in ${v.chunksChecked} chunks match a re-simulation`);
            else {
              io.err(`pvlab: the imported run does not verify: first difference at event ${v.divergence?.index} (${v.divergence?.field})`);
              process.exitCode = 1;
            }
          }
        } else {
          const r = await svc.call('bundles.importScenario', { text: readFileSync(file, 'utf8'), replace: opts.replace ?? false });
          io.out(`imported scenario ${r.scenario.id} "${r.scenario.title}"${r.catalogAdded.length ? `; added ${r.catalogAdded.join(', ')}` : ''}${r.replaced.length ? `; replaced ${r.replaced.join(', ')}` : ''}`);
          for (const w of r.warnings) io.err(`pvlab: note: ${w}`);
        }
      });
    });

  program
    .command('backup')
    .description('copy the whole lab database (scenarios, catalog, every run and recording) to a new file, safely while the app is open')
    .argument('<file>', 'the backup file to create (it must not exist)')
    .addOption(dbOption())
    .action(async (path: string, opts: DbOpts) => {
      await withLab(o, opts, async (svc) => {
        const r = await svc.call('lab.backup', { to: resolve(path) });
        io.out(`backed up the lab to ${r.file} (${size(r.bytes)})`);
      });
    });

  program
    .command('restore')
    .description('replace the lab with a backup: it is checked and brought up to date first, and the current lab is kept aside')
    .argument('<file>', 'a backup written by `pvlab backup`')
    .option('--yes', 'replace the lab (without it, only says what would happen)')
    .addOption(dbOption())
    .action(async (path: string, opts: DbOpts & { yes?: boolean }) => {
      const from = resolve(path);
      if (!opts.yes) {
        throw new PvLabError('needs-confirmation', `Restoring replaces everything in the lab with ${from}`, 'add --yes to restore; the current lab is kept aside as a file beside it');
      }
      await withLab(o, opts, async (svc) => {
        const r = await svc.call('lab.restore', { from });
        io.out(`restored the lab from ${r.restoredFrom}: ${r.runs} runs, ${r.scenarios} scenarios`);
        io.out(`the lab as it was is kept at ${r.keptAside}`);
      });
    });
}
