import { describe, expect, it } from 'vitest';
import { Kernel } from '../../core/engine/kernel.ts';
import { exp, ln, nextExp, nextU32, nextUnit, seedRng } from '../../core/engine/prng.ts';
import { newHistogram, percentile, record, summarize } from '../../core/engine/histogram.ts';

describe('event queue', () => {
  it('dispatches by time, and simultaneous events in the order they were scheduled', () => {
    const k = new Kernel(4);
    const seen: string[] = [];
    k.at(30, 0, 1, 0);
    k.at(10, 0, 2, 0);
    k.at(10, 0, 3, 0);
    k.at(20, 0, 4, 0);
    k.at(10, 0, 5, 0);
    k.run(Infinity, (_kind, a) => seen.push(`${k.now}:${a}`));
    expect(seen).toEqual(['10:2', '10:3', '10:5', '20:4', '30:1']);
  });

  it('grows past its initial capacity and keeps the order', () => {
    const k = new Kernel(2);
    const n = 5000;
    for (let i = 0; i < n; i++) k.at((i * 7919) % 1000, 0, i, 0);
    const out: number[] = [];
    k.run(Infinity, () => out.push(k.now));
    expect(out).toHaveLength(n);
    for (let i = 1; i < n; i++) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
  });

  it('keeps the order when events scheduled during a dispatch grow the queue', () => {
    const k = new Kernel(4);
    const out: number[] = [];
    k.at(0, 0, 0, 0);
    k.run(Infinity, (_kind, a) => {
      out.push(k.now);
      // the first event fans out into 3000 future events, growing the queue while it runs
      if (a === 0) for (let i = 1; i <= 3000; i++) k.at((i * 7919) % 2000 + 1, 0, i, 0);
    });
    expect(out).toHaveLength(3001);
    for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
  });

  it('stops at the time limit and resumes where it stopped', () => {
    const k = new Kernel();
    for (let t = 0; t < 100; t += 10) k.at(t, 0, t, 0);
    const first: number[] = [];
    k.run(45, (_k, a) => first.push(a));
    expect(first).toEqual([0, 10, 20, 30, 40]);
    expect(k.now).toBe(45);
    const rest: number[] = [];
    k.run(Infinity, (_k, a) => rest.push(a));
    expect(rest).toEqual([50, 60, 70, 80, 90]);
  });

  it('restores from a snapshot to exactly the same continuation, new events included', () => {
    const build = () => {
      const k = new Kernel(8);
      for (let i = 0; i < 50; i++) k.at((i * 37) % 17, i % 3, i, i * 0.5);
      return k;
    };
    const trace = (k: Kernel, limit: number) => {
      const out: string[] = [];
      k.run(limit, (kind, a, b) => {
        out.push(`${k.now}/${kind}/${a}/${b}`);
        if (a % 5 === 0 && k.now < 40) k.after(3, kind, a + 1000, b);
      });
      return out;
    };
    const whole = build();
    const full = trace(whole, Infinity);
    const part = build();
    const head = trace(part, 8);
    const restored = Kernel.restore(part.snapshot());
    const tail = trace(restored, Infinity);
    expect([...head, ...tail]).toEqual(full);
  });
});

/** The order the kernel promises, kept the slow way: (time, scheduling sequence), times before now meaning now. */
class NaiveQueue {
  now = 0;
  private seq = 0;
  private events: { t: number; seq: number; a: number }[] = [];
  at(t: number, a: number): void {
    this.events.push({ t: Math.max(t, this.now), seq: this.seq++, a });
  }
  next(): { t: number; a: number } | undefined {
    this.events.sort((x, y) => x.t - y.t || x.seq - y.seq);
    const e = this.events.shift();
    if (e) this.now = e.t;
    return e;
  }
}

describe('events for the current instant', () => {
  /** A workload that schedules now, in the past and in the future from inside dispatches. */
  const react = (a: number, now: number, at: (t: number, a: number) => void) => {
    if (a >= 3000) return;
    const r = (a * 7919 + 13) % 10;
    if (r < 4) at(now, a * 2 + 1); // now: after this instant's events already queued
    if (r === 4) at(now - 5, a * 2 + 2); // in the past: now
    if (r >= 3) at(now + (r % 3), a * 2 + 3); // the same instant or just after
  };

  it('run after the events of this instant already queued, in the order they were scheduled', () => {
    const k = new Kernel(4);
    const ref = new NaiveQueue();
    for (let i = 0; i < 20; i++) {
      k.at(i % 4, 0, i, 0);
      ref.at(i % 4, i);
    }
    const got: string[] = [];
    k.run(Infinity, (_kind, a) => {
      got.push(`${k.now}:${a}`);
      react(a, k.now, (t, x) => k.at(t, 0, x, 0));
    });
    const want: string[] = [];
    for (let e = ref.next(); e; e = ref.next()) {
      want.push(`${e.t}:${e.a}`);
      react(e.a, e.t, (t, x) => ref.at(t, x));
    }
    expect(got.length).toBeGreaterThan(200);
    expect(got).toEqual(want);
  });

  it('survive a snapshot taken in the middle of an instant', () => {
    const build = () => {
      const k = new Kernel(4);
      for (let i = 0; i < 20; i++) k.at(i % 4, 0, i, 0);
      return k;
    };
    const drive = (k: Kernel, max: number) => {
      const out: string[] = [];
      k.run(Infinity, (_kind, a) => {
        out.push(`${k.now}:${a}`);
        react(a, k.now, (t, x) => k.at(t, 0, x, 0));
      }, max);
      return out;
    };
    const full = drive(build(), Infinity);
    for (const cut of [1, 7, 25, 333]) {
      const part = build();
      const head = drive(part, cut);
      const tail = drive(Kernel.restore(part.snapshot()), Infinity);
      expect([...head, ...tail], `cut after ${cut}`).toEqual(full);
    }
  });
});

describe('deterministic random numbers and math', () => {
  it('produces the same sequence for a seed on every platform (golden values)', () => {
    const s = seedRng(42);
    const xs = Array.from({ length: 5 }, () => nextU32(s));
    // Golden values: a change here breaks every recorded run's verification.
    expect(xs).toEqual(GOLDEN_42);
  });

  it('gives different streams for different seeds and uniform values in [0, 1)', () => {
    const a = seedRng(1);
    const b = seedRng(2);
    expect(nextU32(a)).not.toBe(nextU32(b));
    const s = seedRng(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = nextUnit(s);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('computes ln and exp from basic operations to within a few ulps of the platform', () => {
    for (const x of [1e-300, 1e-9, 0.001, 0.3, 0.5, 0.70710678, 1, 1.5, 2, Math.E, 10, 12345.678, 1e12, 1e300]) {
      expect(Math.abs(ln(x) - Math.log(x))).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(Math.log(x))));
    }
    for (const x of [-700, -20, -1, -1e-9, 0, 1e-9, 0.5, 1, 3.3, 20, 700]) {
      expect(Math.abs(exp(x) - Math.exp(x)) / Math.exp(x)).toBeLessThan(1e-14);
    }
    expect(ln(0)).toBe(-Infinity);
    expect(Number.isNaN(ln(-1))).toBe(true);
  });

  it('draws exponential variates with the requested mean', () => {
    const s = seedRng(3);
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) sum += nextExp(s, 250);
    expect(sum / n).toBeGreaterThan(247);
    expect(sum / n).toBeLessThan(253);
  });
});

describe('latency histogram', () => {
  it('reports percentiles within 3 % of the exact values', () => {
    const h = newHistogram();
    const values: number[] = [];
    for (let i = 1; i <= 100_000; i++) {
      const v = (i * 7919) % 1_000_003;
      values.push(v);
      record(h, v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99, 0.999]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(percentile(h, q) - exact) / exact).toBeLessThan(0.03);
    }
    const s = summarize(h);
    expect(s.count).toBe(100_000);
    expect(s.max).toBe(values[values.length - 1]);
  });

  it('counts repeated values in one call and keeps small values exact', () => {
    const h = newHistogram();
    record(h, 7, 1000);
    record(h, 9);
    expect(percentile(h, 0.5)).toBe(7);
    expect(percentile(h, 1)).toBe(9);
    expect(summarize(h).count).toBe(1001);
  });
});

const GOLDEN_42 = [2837322924, 544945897, 479756282, 3500138142, 339756180];
