// pvlab db: a database moved aside is reported at every command until acknowledged; a folder given
// as the database is a plain error with exit code 2, not a stack trace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-db-cli-'));
process.env.PVLAB_DB = join(dir, 'never.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCli(argv);

describe('pvlab db', () => {
  it('repeats where a moved file went, with how to bring it back, until acknowledged', async () => {
    const db = join(dir, 'lab.db');
    writeFileSync(db, 'my shopping list');
    const first = await cli('runs', '--db', db);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/could not be used \(not a PV Lab database.*moved to .*lab\.db\.not-pvlab-1/);
    const second = await cli('runs', '--db', db);
    expect(second.err).toMatch(/could not be used on \d{4}-.*moved to .*not-pvlab-1/);
    expect(second.err).toMatch(/rename .*not-pvlab-1 to .*lab\.db/);
    expect((await cli('db', 'status', '--db', db)).out).toMatch(/moved aside on .*not-pvlab-1/);
    expect((await cli('db', 'acknowledge', '--db', db)).out).toMatch(/acknowledged 1/);
    expect((await cli('runs', '--db', db)).err).toBe('');
  });

  it('refuses a folder as the database with exit code 2 and no stack trace', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const r = await cli('runs', '--db', folder);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a folder, not a database file/);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
