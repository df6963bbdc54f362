// A checkpoint written in an older state layout (before the subsystem restructuring) is refused
// with the reason, never restored into the wrong fields; replay then shows recorded events only.
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { CHECKPOINT_FORMAT, Engine } from '../../core/engine/engine.ts';
import { builtIn } from '../helpers/lab.ts';

describe('checkpoint layout', () => {
  const catalog = builtInCatalog();
  const s = builtIn('consolidation-8', 5);

  it('restores a checkpoint of this layout', () => {
    const e = new Engine(s, catalog);
    e.runUntil(2e6);
    const cp = e.checkpoint();
    expect(cp.format).toBe(CHECKPOINT_FORMAT);
    expect(Engine.restore(s, catalog, cp).eventCount).toBe(e.eventCount);
  });

  it('refuses one of the old layout with the reason', () => {
    const e = new Engine(s, catalog);
    e.runUntil(2e6);
    const { format: _format, ...old } = e.checkpoint();
    expect(() => Engine.restore(s, catalog, old)).toThrow(expect.objectContaining({ code: 'checkpoint-mismatch', message: expect.stringMatching(/layout 1/) }));
  });
});
