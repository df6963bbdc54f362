/**
 * `pvlab serve`: the lab in a browser. Opens the lab database like the other commands, builds the
 * renderer if it was never built, serves it and the service on 127.0.0.1 with a fresh token, and
 * runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { PvLabError } from '../model/index.ts';
import { defaultDbPath } from '../store/paths.ts';
import { type LabCommandsOptions, warnAboutMoves } from '../cli/session.ts';
import type { Io } from '../cli/main.ts';

interface ServeOpts {
  port: number;
  db?: string;
  open: boolean;
  static?: string;
}

export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isInteger(n) || n > 65535) {
    throw new PvLabError('invalid-input', `--port must be a whole number from 0 to 65535; got "${v}"`, 'pass e.g. --port 8080, or --port 0 for any free port');
  }
  return n;
}

/** Open the URL in the desktop's browser; say so on stderr when that is not possible. */
function openBrowser(url: string, io: Io): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => io.err('pvlab: could not open a browser; open the URL above yourself'));
    child.unref();
  } catch {
    io.err('pvlab: could not open a browser; open the URL above yourself');
  }
}

/** Resolves with the signal's name at the first SIGINT or SIGTERM; `release` stops listening. */
function untilStopped(): { stopped: Promise<NodeJS.Signals>; release: () => void } {
  let on: (sig: NodeJS.Signals) => void = () => {};
  const release = () => {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  };
  const stopped = new Promise<NodeJS.Signals>((done) => {
    on = (sig) => {
      release();
      done(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
  return { stopped, release };
}

export function registerServeCommand(program: Command, o: LabCommandsOptions): void {
  const { io } = o;
  program
    .command('serve')
    .description('serve the lab to a browser on this computer (127.0.0.1 only) and print the URL to open')
    .addOption(new Option('--port <n>', 'the port to listen on (0: any free port)').argParser(parsePort).default(0))
    .addOption(new Option('--db <file>', `the lab database (default: $PVLAB_DB, else the desktop app's lab.db)`))
    .option('--no-open', 'do not open a browser')
    .addOption(new Option('--static <dir>', 'serve this built renderer instead of renderer/dist'))
    .action(async (opts: ServeOpts) => {
      const [{ ensureRenderer }, { startServer }, { openLabStore }, { LabService }] = await Promise.all([
        import('./renderer.ts'), import('./server.ts'), import('../store/open.ts'), import('../service/service.ts'),
      ]);
      const staticDir = opts.static !== undefined ? resolve(opts.static) : await ensureRenderer(io.err);
      const file = opts.db ?? defaultDbPath();
      const store = openLabStore(file);
      warnAboutMoves(io, file, store.report);
      const svc = new LabService(store, { warm: true, ...(o.injected ? { catalog: await o.catalog() } : {}) });
      const { stopped, release } = untilStopped();
      try {
        const server = await startServer({ service: svc, port: opts.port, staticDir, host: '127.0.0.1' });
        io.out(`PV Lab is serving at ${server.url}`);
        io.err(`pvlab: the lab database is ${file}; press Ctrl-C to stop the server`);
        if (opts.open) openBrowser(server.url, io);
        const sig = await stopped;
        io.err(`pvlab: ${sig === 'SIGINT' ? 'Ctrl-C' : sig}: stopping`);
        await server.close();
      } finally {
        release();
        svc.close();
        await svc.idle();
        store.close();
      }
    });
}
