/**
 * The simulation kernel: an integer-nanosecond clock and an event queue with a stable order
 * for simultaneous events (time, then insertion sequence). Events are (kind, a, b) integer
 * triples dispatched by the model, so the whole queue is plain data that checkpoints exactly.
 * The heap holds slot indices; slot arrays hold the fields, so sifting moves one int each.
 * Events for the current instant (a model often schedules work "now, after what is already
 * queued") skip the heap: they wait in a FIFO lane, dispatched after the heap's events of this
 * instant that were scheduled before them — the same (time, sequence) order, without the sifting.
 */
export type Dispatch = (kind: number, a: number, b: number) => void;

/** A queued event as plain data, for checkpoints. */
export type QueuedEvent = [time: number, seq: number, kind: number, a: number, b: number];

export class Kernel {
  now = 0;
  private seq = 0;
  private size = 0;
  private heap: Int32Array;
  private time: Float64Array;
  private order: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Float64Array;
  private free: Int32Array;
  private freeTop = 0;
  private capacity: number;
  private halted = false;
  // the lane: a ring of events at `now`, in the order they were scheduled
  private laneKind = new Int32Array(256);
  private laneA = new Int32Array(256);
  private laneB = new Float64Array(256);
  private laneSeq = new Float64Array(256);
  private laneHead = 0;
  private laneCount = 0;

  constructor(capacity = 1024) {
    this.capacity = capacity;
    this.heap = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.order = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Float64Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeTop = capacity;
  }

  get pending(): number {
    return this.size + this.laneCount;
  }

  /** Schedule an event at absolute time `at` (integer ns; a time before now means now). */
  at(at: number, kind: number, a: number, b: number): void {
    if (at <= this.now) {
      this.toLane(kind, a, b);
      return;
    }
    this.toHeap(at, kind, a, b);
  }

  private toLane(kind: number, a: number, b: number): void {
    let cap = this.laneKind.length;
    if (this.laneCount === cap) {
      // double the ring, unrolled from the head
      const grow = <T extends Int32Array | Float64Array>(x: T, y: T) => {
        for (let i = 0; i < cap; i++) y[i] = x[(this.laneHead + i) % cap]!;
        return y;
      };
      this.laneKind = grow(this.laneKind, new Int32Array(cap * 2));
      this.laneA = grow(this.laneA, new Int32Array(cap * 2));
      this.laneB = grow(this.laneB, new Float64Array(cap * 2));
      this.laneSeq = grow(this.laneSeq, new Float64Array(cap * 2));
      this.laneHead = 0;
      cap *= 2;
    }
    const i = (this.laneHead + this.laneCount) & (cap - 1);
    this.laneKind[i] = kind;
    this.laneA[i] = a;
    this.laneB[i] = b;
    this.laneSeq[i] = this.seq++;
    this.laneCount++;
  }

  private toHeap(at: number, kind: number, a: number, b: number): void {
    if (this.freeTop === 0) this.grow();
    const slot = this.free[--this.freeTop]!;
    this.time[slot] = at;
    this.order[slot] = this.seq++;
    this.kind[slot] = kind;
    this.a[slot] = a;
    this.b[slot] = b;
    // sift up
    const heap = this.heap;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = heap[p]!;
      if (this.less(slot, ps)) {
        heap[i] = ps;
        i = p;
      } else break;
    }
    heap[i] = slot;
  }

  /** Schedule an event `delay` ns from now. */
  after(delay: number, kind: number, a: number, b: number): void {
    this.at(this.now + delay, kind, a, b);
  }

  private less(x: number, y: number): boolean {
    const tx = this.time[x]!;
    const ty = this.time[y]!;
    return tx < ty || (tx === ty && this.order[x]! < this.order[y]!);
  }

  /** Time of the next event, or Infinity. */
  peekTime(): number {
    if (this.laneCount > 0) return this.now;
    return this.size === 0 ? Infinity : this.time[this.heap[0]!]!;
  }

  /** Stop dispatching: the current `run` returns after the event being dispatched. */
  halt(): void {
    this.halted = true;
  }

  get isHalted(): boolean {
    return this.halted;
  }

  /** Dispatch events in order while their time is ≤ `until`. Returns the number dispatched. */
  run(until: number, dispatch: Dispatch, maxEvents = Infinity): number {
    let n = 0;
    while (n < maxEvents && !this.halted) {
      // the lane's events are all at `now`; the heap's events at `now` go before them, as every
      // one was scheduled before now became now (later ones for now join the lane), so it has
      // the smaller sequence number — after a restore too, where the lane starts empty
      if (this.laneCount > 0) {
        const h = this.laneHead;
        if (this.size === 0 || this.time[this.heap[0]!]! > this.now) {
          if (this.now > until) break;
          const kind = this.laneKind[h]!;
          const a = this.laneA[h]!;
          const b = this.laneB[h]!;
          this.laneHead = (h + 1) & (this.laneKind.length - 1);
          this.laneCount--;
          dispatch(kind, a, b);
          n++;
          continue;
        }
      }
      if (this.size === 0) break;
      // re-read every time: a dispatched event may have grown (replaced) the arrays
      const heap = this.heap;
      const top = heap[0]!;
      const t = this.time[top]!;
      if (t > until) break;
      const kind = this.kind[top]!;
      const a = this.a[top]!;
      const b = this.b[top]!;
      // pop
      const last = heap[--this.size]!;
      this.free[this.freeTop++] = top;
      if (this.size > 0) {
        const time = this.time;
        const order = this.order;
        const lt = time[last]!;
        const lo = order[last]!;
        let i = 0;
        const size = this.size;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= size) break;
          const r = l + 1;
          let c = l;
          let cs = heap[l]!;
          if (r < size) {
            const rs = heap[r]!;
            const tr = time[rs]!;
            const tl = time[cs]!;
            if (tr < tl || (tr === tl && order[rs]! < order[cs]!)) {
              c = r;
              cs = rs;
            }
          }
          const tc = time[cs]!;
          if (tc < lt || (tc === lt && order[cs]! < lo)) {
            heap[i] = cs;
            i = c;
          } else break;
        }
        heap[i] = last;
      }
      this.now = t;
      dispatch(kind, a, b);
      n++;
    }
    if (!this.halted && this.laneCount === 0 && (this.size === 0 || this.peekTime() > until)) {
      if (until !== Infinity && until > this.now) this.now = until;
    }
    return n;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const grow64 = (x: Float64Array) => {
      const y = new Float64Array(cap);
      y.set(x);
      return y;
    };
    const grow32 = (x: Int32Array) => {
      const y = new Int32Array(cap);
      y.set(x);
      return y;
    };
    this.heap = grow32(this.heap);
    this.time = grow64(this.time);
    this.order = grow64(this.order);
    this.kind = grow32(this.kind);
    this.a = grow32(this.a);
    this.b = grow64(this.b);
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let i = cap - 1; i >= this.capacity; i--) free[this.freeTop++] = i;
    this.free = free;
    this.capacity = cap;
  }

  /** The queue as plain data. Order within the array is irrelevant: (time, seq) is a total order. */
  snapshot(): { now: number; seq: number; events: QueuedEvent[] } {
    const events: QueuedEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const s = this.heap[i]!;
      events.push([this.time[s]!, this.order[s]!, this.kind[s]!, this.a[s]!, this.b[s]!]);
    }
    for (let i = 0; i < this.laneCount; i++) {
      const l = (this.laneHead + i) & (this.laneKind.length - 1);
      events.push([this.now, this.laneSeq[l]!, this.laneKind[l]!, this.laneA[l]!, this.laneB[l]!]);
    }
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    return { now: this.now, seq: this.seq, events };
  }

  static restore(snap: { now: number; seq: number; events: readonly QueuedEvent[] }): Kernel {
    const k = new Kernel(Math.max(1024, snap.events.length * 2));
    // all into the heap (run() orders them against lane events by sequence)
    for (const [time, seq, kind, a, b] of snap.events) {
      k.seq = seq;
      k.toHeap(time, kind, a, b);
    }
    k.now = snap.now;
    k.seq = snap.seq;
    return k;
  }
}
