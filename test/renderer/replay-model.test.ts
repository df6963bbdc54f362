/**
 * The replay page's pure parts: the timeline window (zoom, pan, clamp), breakpoints, and the
 * route of an event across the layers read from its path name.
 */
import { describe, expect, it } from 'vitest';
import { type Breakpoint, breakpointFilter, hitBreakpoint, nearest, toggleBreakpoint } from '../../renderer/src/pages/replay/breakpoints.ts';
import { routeOf } from '../../renderer/src/pages/replay/path-layers.ts';
import { MAX_BUCKETS, MIN_SPAN_NS, bucketsFor, clampSpan, follow, fullSpan, panBy, timeAt, zoomAt } from '../../renderer/src/pages/replay/viewport.ts';

describe('timeline window', () => {
  const tEnd = 200e6;
  it('zooms around the anchor, keeping it at the same place on screen', () => {
    const s = zoomAt({ t0: 0, t1: 200e6 }, 0.5, 50e6, tEnd);
    expect(s.t1 - s.t0).toBeCloseTo(100e6);
    expect((50e6 - s.t0) / (s.t1 - s.t0)).toBeCloseTo(0.25);
  });
  it('never zooms in past a microsecond nor out past the run', () => {
    let s = fullSpan(tEnd);
    for (let i = 0; i < 100; i++) s = zoomAt(s, 0.1, 123_456, tEnd);
    expect(s.t1 - s.t0).toBe(MIN_SPAN_NS);
    expect(s.t0).toBeLessThanOrEqual(123_456);
    expect(s.t1).toBeGreaterThanOrEqual(123_456);
    for (let i = 0; i < 100; i++) s = zoomAt(s, 10, 123_456, tEnd);
    expect(s).toEqual({ t0: 0, t1: tEnd });
  });
  it('pans within the run', () => {
    expect(panBy({ t0: 150e6, t1: 190e6 }, 1, tEnd)).toEqual({ t0: 160e6, t1: 200e6 });
    expect(panBy({ t0: 10e6, t1: 50e6 }, -1, tEnd)).toEqual({ t0: 0, t1: 40e6 });
  });
  it('keeps a run that ends at 0 drawable', () => {
    expect(fullSpan(0)).toEqual({ t0: 0, t1: MIN_SPAN_NS });
    expect(clampSpan({ t0: Number.NaN, t1: 5 }, 0)).toEqual({ t0: 0, t1: MIN_SPAN_NS });
  });
  it('follows the cursor only when it leaves the middle of the window', () => {
    const s = { t0: 0, t1: 100 * MIN_SPAN_NS };
    expect(follow(s, 50 * MIN_SPAN_NS, tEnd)).toBe(s);
    const moved = follow(s, 150 * MIN_SPAN_NS, tEnd);
    expect((moved.t0 + moved.t1) / 2).toBeCloseTo(150 * MIN_SPAN_NS);
  });
  it('asks for one bucket per pixel, within what the service draws', () => {
    expect(bucketsFor(950.7)).toBe(950);
    expect(bucketsFor(10_000)).toBe(MAX_BUCKETS);
    expect(bucketsFor(0)).toBe(1);
    expect(timeAt({ t0: 100, t1: 200 }, 50, 100)).toBe(150);
  });
});

describe('breakpoints', () => {
  const ev = { kind: 'exit' as const, reason: 'MMIO' as const, guest: 2 };
  it('b adds a breakpoint on kind and reason, and a second b removes it', () => {
    const one = toggleBreakpoint([], { kind: 'exit', reason: 'MMIO', guest: null });
    expect(one).toHaveLength(1);
    expect(hitBreakpoint(one, ev)?.reason).toBe('MMIO');
    expect(toggleBreakpoint(one, { kind: 'exit', reason: 'MMIO', guest: null })).toEqual([]);
  });
  it('every set field must hold; a disabled breakpoint never stops', () => {
    const b: Breakpoint = { id: 'x', kind: 'exit', reason: null, guest: 1, enabled: true };
    expect(hitBreakpoint([b], ev)).toBeNull();
    expect(hitBreakpoint([{ ...b, guest: 2 }], ev)).not.toBeNull();
    expect(hitBreakpoint([{ ...b, guest: 2, enabled: false }], ev)).toBeNull();
  });
  it('searches the service with the same condition and stops at the nearest match', () => {
    expect(breakpointFilter({ id: 'x', kind: 'io', reason: 'net_tx', guest: 0, enabled: true })).toEqual({ kinds: ['io'], reasons: ['net_tx'], guest: 0 });
    expect(breakpointFilter({ id: 'x', kind: null, reason: null, guest: null, enabled: true })).toEqual({});
    expect(nearest([null, { index: 9 }, { index: 4 }], 1)?.index).toBe(4);
    expect(nearest([{ index: 9 }, { index: 4 }], -1)?.index).toBe(9);
    expect(nearest([null], 1)).toBeNull();
  });
});

describe('an event’s route across the layers', () => {
  const layers = (r: ReturnType<typeof routeOf>) => r.stops.filter((s) => !s.side).map((s) => s.layer);
  it('an emulated NIC exits to the hypervisor and its device model on every register access', () => {
    const r = routeOf({ kind: 'exit', reason: 'MMIO', pathName: 'net-tx 1500 B via Intel e1000 (emulated): 2 register exits' }, 'hw-nested');
    expect(layers(r)).toEqual(['user', 'kernel', 'hypervisor', 'backend', 'hardware']);
    expect(r.stops[r.event]).toMatchObject({ layer: 'hypervisor', what: 'exit' });
    expect(r.skips).toEqual([]);
    expect(r.via).toBe('emulated');
  });
  it('a PV ring goes around the hypervisor; only its kick passes through it', () => {
    const r = routeOf({ kind: 'exit', reason: 'IO_INSTRUCTION', pathName: 'net-tx 1500 B via virtio-net: ring, kernel backend' }, 'hw-nested');
    expect(layers(r)).toEqual(['user', 'kernel', 'backend', 'hardware']);
    expect(r.stops[r.event]).toMatchObject({ layer: 'hypervisor', what: 'kick', side: true });
    expect(r.stops.find((s) => s.layer === 'backend')?.what).toBe('backendKernel');
    expect(r.skips).toEqual(['hypervisor']);
    expect(r.via).toBe('pv');
  });
  it('an SR-IOV VF skips hypervisor and backend; its doorbell is the event', () => {
    const r = routeOf({ kind: 'notify', reason: 'doorbell', pathName: 'net-tx 1500 B via SR-IOV virtual function: direct to the VF' }, 'hw-nested');
    expect(r.skips).toEqual(['hypervisor', 'backend']);
    expect(r.stops[r.event]?.what).toBe('vf');
    expect(r.via).toBe('passthrough');
  });
  it('a PV clock reads a shared page: no hypervisor on the way to the TSC', () => {
    const r = routeOf({ kind: 'inject', reason: 'timer', pathName: 'timer tick: clock read: kvmclock (pvclock); timer program: LAPIC TSC-deadline MSR' }, 'hw-nested');
    expect(r.stops.map((s) => s.what)).toEqual(['timer', 'inject', 'kernel', 'clockPage', 'tsc', 'exit']);
    expect(r.stops[r.event]?.what).toBe('inject');
  });
  it('a failed PV call is drawn before the emulated path it falls back to', () => {
    const r = routeOf({ kind: 'fallback', reason: 'pv_call_failed', pathName: 'net-tx 1500 B via virtio-net: ring, userspace backend failed → net-tx 1500 B via Intel e1000 (emulated): 2 register exits' }, 'hw-nested');
    expect(r.via).toBe('fallback');
    expect(r.stops[r.event]?.what).toBe('pvFailed');
    expect(r.stops.some((s) => s.what === 'deviceModel')).toBe(true);
  });
  it('bare metal has no virtual layer to skip', () => {
    const r = routeOf({ kind: 'io', reason: 'net_tx', pathName: 'net-tx 1500 B via Intel e1000 (emulated) (bare metal)' }, 'native');
    expect(layers(r)).toEqual(['user', 'kernel', 'hardware']);
    expect(r.skips).toEqual([]);
    expect(r.via).toBe('native');
    expect(r.stops[r.event]?.what).toBe('device');
  });
  it('Xen PV bounces a syscall through the hypervisor; a 32-bit PV guest traps straight to ring 1', () => {
    expect(layers(routeOf({ kind: 'exit', reason: 'SYSCALL_BOUNCE', pathName: 'syscall: bounced through Xen' }, 'xen-pv'))).toEqual(['user', 'hypervisor', 'kernel']);
    // no event runs on that path; whatever event is shown with it, the route never enters the hypervisor
    expect(layers(routeOf({ kind: 'guest', reason: 'done', pathName: 'syscall: direct trap to ring 1' }, 'xen-pv'))).not.toContain('hypervisor');
  });
  it('an emulated port or timer is called emulated, BT’s in-VMM emulation is not', () => {
    expect(routeOf({ kind: 'exit', reason: 'IO_INSTRUCTION', pathName: 'port I/O: exit, emulated' }, 'hw-shadow').via).toBe('emulated');
    expect(routeOf({ kind: 'exit', reason: 'MMIO', pathName: 'timer program: emulated HPET comparator' }, 'hw-nested').via).toBe('emulated');
    expect(routeOf({ kind: 'guest', reason: 'done', pathName: 'port I/O: emulated in the VMM' }, 'bt').via).toBe('bt');
  });
  it('an event without a path is placed by its kind', () => {
    expect(routeOf({ kind: 'schedule', reason: 'preempt', pathName: null }, 'hw-nested').stops).toEqual([{ layer: 'hypervisor', what: 'schedule' }]);
    const mig = routeOf({ kind: 'exit', reason: 'migrate_round', pathName: null }, 'hw-nested');
    expect(mig.stops[mig.event]?.what).toBe('hostEvent');
  });
  it('an exit the path name does not show is added after the guest kernel', () => {
    const r = routeOf({ kind: 'exit', reason: 'MMIO', pathName: 'interrupt (io_completion): EOI without exit' }, 'hw-shadow');
    expect(r.stops.map((s) => s.what)).toEqual(['irq', 'inject', 'kernel', 'exit']);
    expect(r.event).toBe(3);
  });
});
