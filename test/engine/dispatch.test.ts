// The dispatch table: each subsystem claims the kernel event kinds it owns. Kind numbers are
// stored in the queue and so in checkpoints, so they must not move, and no two owners may claim one.
import { describe, expect, it } from 'vitest';
import { EventTable } from '../../core/engine/dispatch.ts';
import { kernelEventKinds } from '../../core/engine/engine.ts';

describe('kernel event dispatch table', () => {
  it('keeps every kernel event kind at the number checkpoints store', () => {
    expect(kernelEventKinds()).toEqual([
      'vcpu-run', 'spin-check', 'timer-tick', 'io-stage', 'arrival', 'timeline-action', 'end',
      'flush-ack', 'migration-step', 'ha-restart', 'boot', 'backend-cpu',
    ]);
  });

  it('refuses a kind claimed by two subsystems, naming both', () => {
    const t = new EventTable();
    t.register(0, 'vcpu-run', () => {});
    expect(() => t.register(0, 'other', () => {})).toThrow(/claimed by both vcpu-run and other/);
  });

  it('refuses a table with a kind nobody handles', () => {
    const t = new EventTable();
    t.register(0, 'a', () => {});
    t.register(2, 'c', () => {});
    expect(() => t.dispatcher({} as never)).toThrow(/kind 1 has no handler/);
  });
});
