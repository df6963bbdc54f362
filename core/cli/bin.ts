#!/usr/bin/env node
/**
 * The installed `pvlab` (package.json "bin": bundled by scripts/build-cli.ts into
 * dist/core/cli/pvlab.js). It asks Node to keep the compiled code of PV Lab's modules on disk
 * (node:module enableCompileCache: the second start skips compiling them), then loads the command
 * line. Commands load what they need when they run, so listing commands, --help and --version
 * start without the engine, reports or workers.
 */
import module from 'node:module';

module.enableCompileCache?.();
const { runFromProcess } = await import('./main.ts');
await runFromProcess();
