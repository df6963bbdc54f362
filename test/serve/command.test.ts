import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePort } from '../../core/serve/command.ts';
import { get } from './http.ts';

const MAIN = new URL('../../core/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pvlab-serve-cli-'));
const site = join(dir, 'site');
mkdirSync(site);
writeFileSync(join(site, 'index.html'), '<!doctype html><title>PV Lab</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Proc {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function pvlab(...args: string[]): Proc {
  // nothing may reach the user's own database
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, PVLAB_DB: join(dir, 'never.db') } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // 'close', not 'exit': by then both pipes have been read to their end
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function servingUrl(p: Proc): Promise<string> {
  await expect.poll(() => p.out(), { timeout: 30_000 }).toMatch(/\n$/);
  const m = /^PV Lab is serving at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]{32}))\n$/.exec(p.out());
  expect(m, p.out() + p.err()).not.toBeNull();
  return m![1]!;
}

describe('pvlab serve', () => {
  it('prints one line with the URL, serves the lab, and stops cleanly on Ctrl-C and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const p = pvlab('serve', '--port', '0', '--db', join(dir, 'lab.db'), '--no-open', '--static', site);
      const url = new URL(await servingUrl(p));
      // stderr is another pipe: its line may arrive a moment after the URL
      await expect.poll(() => p.err(), { timeout: 10_000 }).toMatch(/Ctrl-C/);
      const page = await get(Number(url.port), `/?token=${url.searchParams.get('token')}`);
      expect(page.status).toBe(200);
      expect((await get(Number(url.port), '/')).status).toBe(401);
      p.child.kill(signal);
      expect(await p.exited).toBe(0);
      expect(p.out().split('\n')).toHaveLength(2);
      expect(p.err()).toMatch(/stopping/);
    }
  });

  it('says so when the port is taken, and refuses a port that is no port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const p = pvlab('serve', '--port', String(port), '--db', join(dir, 'lab.db'), '--no-open', '--static', site);
    expect(await p.exited).toBe(1);
    expect(p.err()).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    expect(p.out()).toBe('');
    blocker.close();

    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['-1', '65536', '80.5', 'http', '']) expect(() => parsePort(bad), bad).toThrow(/--port/);
    const q = pvlab('serve', '--port', 'nope', '--no-open', '--static', site);
    expect(await q.exited).toBe(2);
  });
});
