#!/usr/bin/env node
/**
 * `pvlab`: the PV Lab command line. Runs and records scenarios, lists, replays, verifies and
 * branches recorded runs, manages stored scenarios, lists the catalog, checks compatibility,
 * reproduces the published calibration and exports the JSON Schemas.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { PvLabError, RunMetrics, Scenario } from '../model/index.ts';
import type { Catalog, CatalogKind } from '../catalog/catalog.ts';
import { calibrate, checkScenario } from '../engine/index.ts';
import { loadScenarioRef } from './scenario-ref.ts';
import { printCalibration, printCatalog, printCheck, printLessons } from './print.ts';
import { registerLabCommands } from './lab.ts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Write a file whole or not at all. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path) || '.', { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function jsonSchemas(): Record<string, unknown> {
  return {
    'scenario.schema.json': { $id: 'https://pvlab.invalid/scenario.schema.json', title: 'PV Lab scenario', ...z.toJSONSchema(Scenario, { io: 'input' }) },
    'run-metrics.schema.json': { $id: 'https://pvlab.invalid/run-metrics.schema.json', title: 'PV Lab run metrics (pvlab run --json)', ...z.toJSONSchema(RunMetrics) },
  };
}

export function buildProgram(io: Io, catalog: () => Catalog | Promise<Catalog>, injected = false): Command {
  const program = new Command('pvlab')
    .description('PV Lab: see what full virtualization, hardware assistance and paravirtualization cost')
    .version('0.1.0')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  registerLabCommands(program, { io, catalog, injected });

  program
    .command('catalog')
    .description('list built-in hardware profiles, hypervisors, guest OSes, add-ons, workloads or scenarios')
    .argument('[kind]', 'profiles | hypervisors | oses | addons | workloads | scenarios (default: a summary of all)')
    .option('--json', 'print the entries as JSON')
    .action(async (kind: string | undefined, opts: { json?: boolean }) => {
      const kinds: CatalogKind[] = ['profiles', 'hypervisors', 'oses', 'addons', 'workloads', 'scenarios'];
      if (kind !== undefined && !kinds.includes(kind as CatalogKind)) {
        throw new PvLabError('invalid-input', `Unknown catalog kind "${kind}"`, `use one of: ${kinds.join(', ')}`);
      }
      const cat = await catalog();
      if (opts.json) io.out(JSON.stringify(kind ? cat[kind as CatalogKind] : cat, null, 2));
      else io.out(printCatalog(cat, kind as CatalogKind | undefined));
    });

  program
    .command('check')
    .description('validate a scenario and report compatibility: modes, devices, drivers, add-ons and the path of each operation')
    .argument('<scenario>', 'scenario.json or a built-in scenario id')
    .option('--json', 'print the report as JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const cat = await catalog();
      const report = checkScenario(loadScenarioRef(ref, cat), cat);
      io.out(opts.json ? JSON.stringify(report, null, 2) : printCheck(report));
      if (!report.ok) process.exitCode = 2;
    });

  program
    .command('calibrate')
    .description('reproduce the published nanobenchmark and exit-cost measurements (REFERENCES.md §A–C)')
    .option('--json', 'print the table as JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = calibrate(await catalog());
      io.out(opts.json ? JSON.stringify(report, null, 2) : printCalibration(report));
      if (!report.ok) process.exitCode = 1;
    });

  program
    .command('lessons')
    .description('the curriculum: the built-in scenarios that each teach one thing, in order, with what to look at and a question')
    .addOption(new Option('--lang <lang>', 'language of the texts').choices(['en', 'sv']).default('en'))
    .option('--json', 'print the lessons as JSON')
    .action(async (opts: { lang: 'en' | 'sv'; json?: boolean }) => {
      const lessons = (await catalog()).scenarios.filter((s) => s.lesson).sort((a, b) => a.lesson!.order - b.lesson!.order);
      if (opts.json) io.out(JSON.stringify(lessons.map((s) => ({ id: s.id, order: s.lesson!.order, ...s.lesson![opts.lang] })), null, 2));
      else io.out(printLessons(lessons, opts.lang));
    });

  program
    .command('schema')
    .description('write the JSON Schemas of scenario files and of run metrics')
    .option('--out <dir>', 'folder to write them into', 'docs')
    .action((opts: { out: string }) => {
      for (const [name, schema] of Object.entries(jsonSchemas())) {
        writeFileAtomic(`${opts.out}/${name}`, `${JSON.stringify(schema, null, 2)}\n`);
        io.out(`wrote ${opts.out}/${name}`);
      }
    });

  return program;
}

/** Run the CLI; returns the exit code (0 ok, 1 failure, 2 bad input). */
export async function main(argv: string[], io: Io = defaultIo, catalog?: () => Catalog): Promise<number> {
  process.exitCode = 0;
  // the built-in catalog is loaded (and validated) only when a command needs it
  const builtIn = catalog ?? (async () => (await import('../catalog/index.ts')).builtInCatalog());
  const program = buildProgram(io, builtIn, catalog !== undefined);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof PvLabError) {
      io.err(`pvlab: ${e.describe()}`);
      return e.code === 'invalid-input' || e.code === 'not-found' || e.code === 'incompatible' || e.code === 'unsupported-mode' ? 2 : 1;
    }
    io.err(`pvlab: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith('/pvlab')) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
