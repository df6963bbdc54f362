// Ctrl-C during `pvlab run`: the run ends with what it recorded, is marked cancelled (not
// interrupted, which is a run whose process ended), the command says so and exits with 130 — also
// when Ctrl-C comes while the run is still being checked, before it has started.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { withLab } from '../../core/cli/session.ts';
import { runCli } from '../helpers/cli.ts';
import { builtIn } from '../helpers/lab.ts';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-int-'));
const db = join(dir, 'lab.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Ctrl-C during a run', () => {
  it('cancels the run, says so, exits 130, and `pvlab runs` lists it as cancelled', async () => {
    // a run of a minute of simulated time: far longer than the test waits
    const file = join(dir, 'long.json');
    writeFileSync(file, JSON.stringify({ ...builtIn('consolidation-8', 60_000), id: 'long' }));
    const child = spawn(process.execPath, ['core/cli/main.ts', 'run', file, '--yes', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    // interrupt as a terminal would, once the run reports progress (or has surely started)
    const interrupt = () => void (child.killed || child.kill('SIGINT'));
    const fallback = setTimeout(interrupt, 4000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/simulated/.test(err)) interrupt();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(fallback);
    expect(code, err).toBe(130);
    expect(err).toMatch(/run #1 cancelled/);
    const runs = await runCli(['runs', '--json', '--db', db]);
    expect(runs.code, runs.err).toBe(0);
    expect(JSON.parse(runs.out)).toMatchObject({ items: [{ id: 1, status: 'cancelled' }] });
  }, 60_000);

  it('cancels a run that starts after Ctrl-C (pressed while the run was still being checked)', async () => {
    // in this process, so that Ctrl-C lands exactly there: after the lab is open, before runs.start
    // (the signal is emitted, not sent; this test process's own handlers are set aside meanwhile)
    const others = process.rawListeners('SIGINT') as Array<() => void>;
    process.removeAllListeners('SIGINT');
    let said = '';
    try {
      const io = { out: () => {}, err: (line: string) => void (said += `${line}\n`), isTTY: false };
      const outcome = await withLab({ io, catalog: builtInCatalog, injected: false }, { db: join(dir, 'early.db') }, async (svc) => {
        process.emit('SIGINT');
        const { runId } = await svc.call('runs.start', { scenario: builtIn('io-emulated-vs-pv', 2000), record: true, confirm: true });
        return svc.call('runs.wait', { runId });
      });
      expect(said).toMatch(/cancelling/);
      expect(outcome).toMatchObject({ runId: 1, status: 'cancelled' });
      expect(process.listenerCount('SIGINT'), 'the session removes its handler').toBe(0);
    } finally {
      for (const l of others) process.on('SIGINT', l);
    }
  }, 60_000);
});
