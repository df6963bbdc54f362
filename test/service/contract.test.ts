import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabClient, contract, events } from '../../core/contract/index.ts';
import { inProcessClient, serve } from '../../core/service/transport.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';

type Lab = ReturnType<typeof tempLab>;

describe('the service contract through the in-process transport', () => {
  let lab: Lab;
  let api: LabClient;
  beforeAll(() => {
    lab = tempLab();
    api = inProcessClient(lab.svc);
  });
  afterAll(() => lab.done());

  it('answers every method with a value or a typed error, never an internal one', async () => {
    for (const method of Object.keys(contract)) {
      const reply = await serve(lab.svc, { method, input: {} });
      if (!reply.ok) expect(reply.error.code, `${method}: ${reply.error.message}`).not.toBe('internal');
    }
    const bad = await serve(lab.svc, { method: 'runs.explode', input: {} });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await serve(lab.svc, 'not a request')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('rejects bad input with the field named and changes nothing', async () => {
    await expect(api.call('runs.start', { scenarioId: 'consolidation-8', seed: -1 })).rejects.toMatchObject({ code: 'invalid-input', details: [expect.stringMatching(/^seed/)] });
    await expect(api.call('runs.start', { scenario: { ...builtIn('consolidation-8'), durationMs: -5 } })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(api.call('runs.start', {})).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(api.call('runs.start', { scenarioId: 'no-such-scenario' })).rejects.toMatchObject({ code: 'not-found' });
    expect((await api.call('runs.list', {})).total).toBe(0);
    await expect(api.call('runs.get', { runId: 42 })).rejects.toMatchObject({ code: 'not-found', hint: expect.stringContaining('pvlab runs') });
  });

  it('keeps built-ins read-only and user entries editable', async () => {
    const page = await api.call('catalog.list', { kind: 'profiles', limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(page.total).toBeGreaterThan(3);
    const id = page.items[0]!.id;
    await expect(api.call('catalog.remove', { kind: 'profiles', id })).rejects.toMatchObject({ code: 'read-only' });
    const copy = await api.call('catalog.duplicate', { kind: 'profiles', id, newId: 'my-box' });
    expect(copy.id).toBe('my-box');
    const again = await api.call('catalog.get', { kind: 'profiles', id: 'my-box' });
    expect(again).toEqual(copy);
    await api.call('catalog.remove', { kind: 'profiles', id: 'my-box' });
    await expect(api.call('catalog.get', { kind: 'profiles', id: 'my-box' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('imports, previews, runs with progress and completion events, lists, tags, notes and compares', async () => {
    const s = { ...builtIn('consolidation-8', 60), id: 'short-consolidation', title: 'Short consolidation' };
    await api.call('scenarios.import', { json: JSON.stringify(s), source: 'test' });
    const exported = JSON.parse((await api.call('scenarios.export', { id: 'short-consolidation' })).json) as { durationMs: number };
    expect(exported.durationMs).toBe(60);
    const preview = await api.call('scenarios.check', { scenario: s });
    expect(preview.ok).toBe(true);
    const seen: string[] = [];
    const offs = (['run.progress', 'run.finished'] as const).map((name) =>
      api.on(name, (payload) => {
        expect(events[name].safeParse(payload).success).toBe(true);
        seen.push(name);
      }),
    );
    const off = () => offs.forEach((f) => f());
    const a = await api.call('runs.start', { scenarioId: 'short-consolidation' });
    const outA = await api.call('runs.wait', { runId: a.runId });
    const b = await api.call('runs.start', { scenarioId: 'short-consolidation', seed: 99, record: false });
    const outB = await api.call('runs.wait', { runId: b.runId });
    off();
    expect(outA.status).toBe('completed');
    expect(outB.status).toBe('completed');
    expect(seen.filter((n) => n === 'run.finished')).toHaveLength(2);
    expect(seen).toContain('run.progress');
    const detailB = await api.call('runs.get', { runId: b.runId });
    expect(detailB).toMatchObject({ recorded: false, chunks: 0, seed: 99 });
    await api.call('runs.tag', { runId: a.runId, tag: 'baseline' });
    await api.call('runs.note', { runId: a.runId, text: 'first try' });
    const tagged = await api.call('runs.list', { tag: 'baseline' });
    expect(tagged.items.map((r) => r.id)).toEqual([a.runId]);
    expect((await api.call('runs.get', { runId: a.runId })).notes.map((n) => n.text)).toEqual(['first try']);
    const paged = await api.call('runs.list', { limit: 1, offset: 1 });
    expect(paged).toMatchObject({ total: 2, items: [{ id: a.runId }] });
    const cmp = await api.call('runs.compare', { a: a.runId, b: b.runId });
    expect(cmp.metrics.find((m) => m.name === 'events')).toMatchObject({ a: outA.eventCount, b: outB.eventCount });
    await expect(api.call('replay.verify', { runId: b.runId })).rejects.toMatchObject({ code: 'invalid-input' });
    await api.call('runs.remove', { runId: b.runId });
    expect((await api.call('runs.list', {})).total).toBe(1);
  });
});
