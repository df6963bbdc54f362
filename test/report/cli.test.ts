// The command line: pvlab report in every format (PDF where Chromium is found), CSV as a zip or a
// folder, bundle export and import between two databases, backup, and restore only with --yes.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main.ts';
import { findChromium } from '../../core/cli/pdf.ts';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-report-cli-'));
const dbA = join(dir, 'a.db');
const dbB = join(dir, 'b.db');
process.env.PVLAB_DB = join(dir, 'never.db');

async function cli(db: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main([...argv, '--db', db], { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), isTTY: false });
  return { code, out, err };
}

describe('pvlab report, bundle, backup and restore', () => {
  beforeAll(async () => {
    for (const id of ['lab-nic-paths', 'lab-nic-paths']) expect((await cli(dbA, 'run', id)).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a run report in each format, against a baseline, in Swedish', async () => {
    for (const format of ['html', 'md', 'json']) {
      const out = join(dir, `r.${format}`);
      const r = await cli(dbA, 'report', '2', '--baseline', '1', '--format', format, '--out', out, '--lang', 'sv');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^wrote .* in \d+ ms/);
      expect(readFileSync(out, 'utf8').length).toBeGreaterThan(1000);
    }
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('Mot baslinjen, körning #1');
    const zip = join(dir, 'r.zip');
    expect((await cli(dbA, 'report', '2', '--format', 'csv', '--out', zip)).code).toBe(0);
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK');
    const folder = join(dir, 'tables');
    expect((await cli(dbA, 'report', '1', '2', '--format', 'csv', '--out', folder)).code).toBe(0);
    expect(readdirSync(folder)).toContain('runs.csv');
  });

  it.skipIf(!findChromium())('prints a PDF through Chromium', async () => {
    const out = join(dir, 'r.pdf');
    const r = await cli(dbA, 'report', '1', '--format', 'pdf', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('says what is wrong with the arguments', async () => {
    expect((await cli(dbA, 'report')).code).toBe(2);
    expect((await cli(dbA, 'report', '1', '2', '--baseline', '1')).code).toBe(2);
    expect((await cli(dbA, 'report', '1', '--format', 'docx')).code).toBe(2);
    const missing = await cli(dbA, 'report', '99');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/There is no run #99/);
  });

  it('moves a run and a scenario to another database, and verifies the run there', async () => {
    const file = join(dir, 'run.pvrun.zip');
    expect((await cli(dbA, 'bundle', 'export', '1', '--out', file)).code).toBe(0);
    const imp = await cli(dbB, 'bundle', 'import', file, '--verify');
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toMatch(/imported run #1 .*\n.*verified: \d+ events/);
    const sc = join(dir, 'nic.pvscenario.json');
    expect((await cli(dbA, 'bundle', 'export', 'lab-nic-paths', '--out', sc)).code).toBe(0);
    const r = await cli(dbB, 'bundle', 'import', sc);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/imported scenario lab-nic-paths/);
  });

  it('backs up, and restores only when told to', async () => {
    const backup = join(dir, 'backup.db');
    expect((await cli(dbA, 'backup', backup)).code).toBe(0);
    expect(existsSync(backup)).toBe(true);
    const ask = await cli(dbB, 'restore', backup);
    expect(ask.code).toBe(2);
    expect(ask.err).toMatch(/add --yes/);
    const r = await cli(dbB, 'restore', backup, '--yes');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/restored the lab from .*: 2 runs/);
    expect(r.out).toMatch(/kept at .*before-restore/);
  });
});
