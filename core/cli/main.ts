#!/usr/bin/env node
/**
 * `pvlab`: the PV Lab command line. Runs and records scenarios, lists, replays, verifies and
 * branches recorded runs, manages stored scenarios, lists the catalog, checks compatibility,
 * reproduces the published calibration and exports the JSON Schemas.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError } from 'commander';
import { PvLabError } from '../model/index.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { registerLabCommands } from './lab.ts';
import { registerBrowseCommands, registerDbCommands } from './browse.ts';
import { registerServeCommand } from '../serve/command.ts';
import { registerReportCommands } from './report.ts';

/** Errors that mean the input was wrong (exit code 2); everything else is a failure (1). */
const BAD_INPUT = new Set<string>(['invalid-input', 'not-found', 'incompatible', 'unsupported-mode', 'too-large', 'needs-confirmation']);

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  /** On a terminal: replace the one status line (progress); absent elsewhere. */
  status?: (s: string) => void;
}

/** Text from files (titles, ids, messages) may hold control characters: show them as \u escapes, never raw. */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const line = (s: string) => terminalSafe(s.endsWith('\n') ? s : `${s}\n`);
const defaultIo: Io = {
  out: (s) => void process.stdout.write(line(s)),
  err: (s) => void process.stderr.write(line(s)),
  isTTY: Boolean(process.stderr.isTTY),
  ...(process.stderr.isTTY ? { status: (s: string) => void process.stderr.write(`\r\u001b[K${terminalSafe(s)}`) } : {}),
};

/** Write a file whole or not at all. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path) || '.', { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}


export function buildProgram(io: Io, catalog: () => Catalog | Promise<Catalog>, injected = false): Command {
  const program = new Command('pvlab')
    .description('PV Lab: see what full virtualization, hardware assistance and paravirtualization cost')
    .version('0.1.0')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  registerLabCommands(program, { io, catalog, injected });
  registerBrowseCommands(program, { io, catalog, injected });
  registerDbCommands(program, { io, catalog, injected });
  registerServeCommand(program, { io, catalog, injected });
  registerReportCommands(program, { io, catalog, injected });

  program
    .command('schema')
    .description('write the JSON Schemas of scenario files, run metrics and reports')
    .option('--out <dir>', 'folder to write them into', 'docs')
    .action(async (opts: { out: string }) => {
      const { jsonSchemas } = await import('./schemas.ts');
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
  if (argv.length === 0) {
    // no command is a usage error: the help goes to stderr, exit code 2
    io.err(program.helpInformation());
    return 2;
  }
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
      return BAD_INPUT.has(e.code) ? 2 : 1;
    }
    io.err(`pvlab: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

/** Run as the `pvlab` process: exit code from main, and a reader that went away is not an error. */
export async function runFromProcess(): Promise<void> {
  // a reader that went away (`pvlab runs | head`) is not an error: stop quietly
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
      throw e;
    });
  }
  process.exitCode = await main(process.argv.slice(2));
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) await runFromProcess();
