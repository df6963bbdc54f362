import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main.ts';
import { parseChange, parseFilter, parseTime } from '../../core/cli/lab.ts';

// a short Xen PV web server: it makes event-channel hypercalls within a few milliseconds
const scenario = {
  schemaVersion: 1,
  id: 'cli-xen-web',
  title: 'Xen PV web server (CLI test)',
  durationMs: 5,
  hosts: [{ id: 'h', profile: 'xeon-x5570', hypervisor: 'xen' }],
  guests: [{ id: 'pv', host: 'h', os: 'linux-6', vcpus: 2, memoryMiB: 1024, mode: 'xen-pv', workload: { id: 'specweb' } }],
};

const dir = mkdtempSync(join(tmpdir(), 'pvlab-lab-cli-'));
const db = join(dir, 'lab.db');
const file = join(dir, 'scenario.json');
// nothing here may reach the user's own database, whatever a command forgets
process.env.PVLAB_DB = join(dir, 'never.db');

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main([...argv, '--db', db], { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), isTTY: false });
  return { code, out, err };
}

interface Runs {
  items: { id: number; status: string; recorded: boolean; parentId: number | null; scenarioId: string }[];
  total: number;
}
const runs = async () => JSON.parse((await cli('runs', '--json')).out) as Runs;

let recorded = 0;

beforeAll(async () => {
  writeFileSync(file, JSON.stringify(scenario));
  const imp = await cli('scenarios', 'import', file);
  expect(imp.code, imp.err).toBe(0);
  const r = await cli('run', 'cli-xen-web');
  expect(r.code, r.err).toBe(0);
  recorded = Number(/recorded as run #(\d+) \(pvlab replay \1\)/.exec(r.out)?.[1]);
  expect(recorded).toBeGreaterThan(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pvlab scenarios', () => {
  it('checks an imported scenario by its id and lists it in the catalog', async () => {
    const r = await cli('check', 'cli-xen-web');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^cli-xen-web: OK/);
    expect((await cli('check', 'no-such-scenario')).code).toBe(2);
    const listed = JSON.parse((await cli('catalog', 'scenarios', '--json')).out) as { id: string }[];
    expect(listed.map((s) => s.id)).toContain('cli-xen-web');
  });

  it('imports, lists and exports a scenario, round trip', async () => {
    const list = JSON.parse((await cli('scenarios', 'list', '--json', '--search', 'cli-xen')).out) as { items: { id: string; builtIn: boolean }[] };
    expect(list.items).toEqual([expect.objectContaining({ id: 'cli-xen-web', builtIn: false })]);
    expect((await cli('scenarios', 'list')).out).toMatch(/cli-xen-web\s+Xen PV web server \(CLI test\)\s+stored/);
    const out = join(dir, 'export.json');
    expect((await cli('scenarios', 'export', 'cli-xen-web', '--out', out)).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as typeof scenario;
    expect(exported).toMatchObject(scenario);
    expect(JSON.parse((await cli('scenarios', 'export', 'cli-xen-web')).out)).toEqual(exported);
    // importing it again needs --replace
    expect((await cli('scenarios', 'import', file)).code).not.toBe(0);
    expect((await cli('scenarios', 'import', file, '--replace')).code).toBe(0);
  });
});

describe('pvlab run and runs', () => {
  it('records a run by default and lists it as completed', async () => {
    const page = await runs();
    expect(page.items.find((r) => r.id === recorded)).toMatchObject({ status: 'completed', recorded: true, scenarioId: 'cli-xen-web' });
    const text = (await cli('runs', '--scenario', 'cli-xen-web')).out;
    expect(text).toMatch(/id\s+status\s+scenario\s+title\s+events\s+sim ms\s+wall s\s+started/);
    expect(text).toMatch(new RegExp(`#${recorded}\\s+completed\\s+cli-xen-web`));
  });

  it('runs without recording with --no-record, still listing the run', async () => {
    const r = await cli('run', file, '--no-record', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ scenarioId: 'cli-xen-web' });
    const id = Number(/run #(\d+) \(not recorded\)/.exec(r.err)?.[1]);
    expect((await runs()).items.find((x) => x.id === id)).toMatchObject({ status: 'completed', recorded: false });
    expect((await cli('runs', '--status', 'failed', '--json')).out).toMatch(/"total": 0/);
  });
});

describe('pvlab replay', () => {
  it('prints the events around an event number, marking the focus', async () => {
    const r = await cli('replay', String(recorded), '--event', '3', '--before', '2', '--after', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/#\s+t \(ms\)\s+host\s+guest\s+vcpu\s+kind\s+reason\s+cycles\s+path/);
    expect(r.out).toMatch(/^>\s+3\s+\d+\.\d{6}\s+h\s+/m);
    expect(r.out.trim().split('\n')).toHaveLength(3 + 5);
  });

  it('moves on to the next event matching --until', async () => {
    const r = await cli('replay', String(recorded), '--until', 'kind=hypercall,guest=pv', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { at: number; events: { index: number; kind: string; reason: string }[] };
    expect(j.events.find((e) => e.index === j.at)).toMatchObject({ kind: 'hypercall', reason: 'event_channel_op' });
    // from a time, to the next one after it
    const later = await cli('replay', String(recorded), '--at', '2ms', '--until', 'kind=hypercall|fallback', '--before', '0', '--after', '0');
    expect(later.out).toMatch(/^>\s+\d+\s+(\d+\.\d{6})\s+h\s+pv\s+\d+\s+hypercall/m);
    expect(Number(/^>\s+\d+\s+(\d+\.\d{6})/m.exec(later.out)?.[1])).toBeGreaterThanOrEqual(2);
    const none = await cli('replay', String(recorded), '--until', 'kind=fallback');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no event matching "kind=fallback"/);
  });
});

describe('pvlab verify and branch', () => {
  it('verifies a recorded run', async () => {
    const r = await cli('verify', String(recorded));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`^run #${recorded} verified: \\d+ events in \\d+ chunks match`));
  });

  it('branches a run with a host failure and waits for it', async () => {
    const r = await cli('branch', String(recorded), '--at', '2.5ms', '--change', 'host-failure:h');
    expect(r.code, r.err).toBe(0);
    const m = /branch run #(\d+) of run #(\d+): branch point event (\d+) at (\d+\.\d+) ms\nstatus completed/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(Number(m![2])).toBe(recorded);
    expect(Number(m![4])).toBeLessThanOrEqual(2.5);
    expect((await runs()).items.find((x) => x.id === Number(m![1]))).toMatchObject({ status: 'completed', parentId: recorded });
  }, 30_000);
});

describe('bad input', () => {
  it('exits 2 with a clear message and changes nothing', async () => {
    const before = await runs();
    const unknown = await cli('replay', '999', '--event', '0');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/999/);
    expect((await cli('verify', '999')).code).toBe(2);
    const change = await cli('branch', String(recorded), '--at', '1ms', '--change', 'explode:h');
    expect(change.code).toBe(2);
    expect(change.err).toMatch(/"explode:h" is not a change.*install-addon:GUEST:ADDON/s);
    const time = await cli('replay', String(recorded), '--at', '12 parsecs');
    expect(time.code).toBe(2);
    expect(time.err).toMatch(/"12 parsecs" is not a time/);
    const filter = await cli('replay', String(recorded), '--until', 'kind=teleport');
    expect(filter.code).toBe(2);
    expect(filter.err).toMatch(/Unknown event kind "teleport"/);
    const host = await cli('branch', String(recorded), '--at', '1ms', '--change', 'host-failure:nowhere');
    expect(host.code).toBe(2);
    expect((await cli('replay', 'latest')).code).toBe(2);
    expect(await runs()).toEqual(before);
  });

  it('parses times, changes and filters', () => {
    expect([parseTime('12.5ms'), parseTime('3s'), parseTime('400us'), parseTime('1500')]).toEqual([12_500_000, 3e9, 400_000, 1500]);
    expect(parseChange('install-addon:win:virtio-win')).toEqual({ change: 'install-addon', guest: 'win', addon: 'virtio-win' });
    expect(() => parseChange('host-failure:')).toThrow(/is not a change/);
    expect(parseChange('migrate:web:b')).toEqual({ change: 'migrate', guest: 'web', to: 'b' });
    expect(parseChange('set-device:web:nic:e1000')).toEqual({ change: 'set-device', guest: 'web', device: 'nic', model: 'e1000' });
    expect(() => parseChange('set-device:web:nic:e2000')).toThrow(/does not name a device and a model/);
    expect(parseFilter('kind=hypercall|exit,reason=kick,guest=web,vcpu=1,host=0', { guests: ['db', 'web'], hosts: ['h'] })).toEqual({ kinds: ['hypercall', 'exit'], reasons: ['kick'], guest: 1, vcpu: 1, host: 0 });
  });
});
