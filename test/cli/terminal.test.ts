// The command line with bad input and closed pipes: a BOM is accepted, a misspelt key gets a "did
// you mean", control characters from a file never reach the terminal raw, a closed pipe ends the
// command quietly, and no arguments is a usage error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../../core/cli/main.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-term-'));
process.env.PVLAB_DB = join(dir, 'lab.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCli(argv);

const scenario = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1, id: 'term', title: 'Terminal test', durationMs: 5,
  hosts: [{ id: 'h', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }],
  guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode: 'hw-nested', workload: { id: 'specweb' }, ...extra }],
});

describe('pvlab with hostile or careless input', () => {
  it('accepts a scenario file that starts with a UTF-8 byte-order mark', async () => {
    const f = join(dir, 'bom.json');
    writeFileSync(f, `\ufeff${JSON.stringify(scenario())}`);
    const r = await cli('check', f);
    expect(r.code, r.err).toBe(0);
  });

  it('names a misspelt key and the field that was meant, exit 2', async () => {
    const f = join(dir, 'typo.json');
    writeFileSync(f, JSON.stringify(scenario({ cpuModle: 'baseline' })));
    const r = await cli('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/guests\.0: Unrecognized key: "cpuModle" — did you mean "cpuModel"/);
  });

  it('escapes control characters instead of writing them to the terminal', () => {
    expect(terminalSafe('title\u001b[2Jwiped\u0007')).toBe('title\\u001b[2Jwiped\\u0007');
    expect(terminalSafe('two\nlines\tand tabs')).toBe('two\nlines\tand tabs');
  });

  it('exits with the usage code when given no command', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Usage: pvlab/);
  });

  it('ends quietly when the reader of its output goes away', () => {
    const node = process.execPath;
    const r = spawnSync('sh', ['-c', `"${node}" core/cli/main.ts catalog scenarios --json | head -c 100 >/dev/null`], { encoding: 'utf8', env: { ...process.env } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  });
});

describe('pvlab run and import with inputs that do nothing or cannot run', () => {
  it('says that --seed changes nothing in a scenario without random inputs', async () => {
    const r = await cli('run', 'nanobench-syscall', '--seed', '5', '--no-record');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/no random inputs .* --seed changes nothing/);
    const random = join(dir, 'random.json');
    writeFileSync(random, JSON.stringify(scenario()));
    expect((await cli('run', random, '--seed', '5', '--no-record')).err).not.toMatch(/changes nothing/);
  });

  it('refuses to import a scenario that cannot run, and a second copy of an id, with exit 2', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...scenario(), id: 'broken', guests: [{ ...scenario().guests[0], mode: 'trap-emulate' }] }));
    const r = await cli('scenarios', 'import', broken);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot run, so it was not imported/);
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, JSON.stringify({ ...scenario(), id: 'fine' }));
    expect((await cli('scenarios', 'import', ok)).code).toBe(0);
    const again = await cli('scenarios', 'import', ok);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already stored[\s\S]*--replace/);
  });
});
