// Dispatch queues. Built-in (local per CPU, global) DSQs are FIFO only; user DSQs are FIFO or
// vtime-ordered (PRIQ), never both at once (sched_ext.md §2.2). FIFOs are intrusive doubly
// linked lists through the task; PRIQs are binary heaps keyed by (dsq_vtime with wraparound
// compare, insertion sequence), so equal vtimes keep FIFO order.

import { Task } from "./task";

export const DSQ_MODE_NONE: i32 = 0;
export const DSQ_MODE_FIFO: i32 = 1;
export const DSQ_MODE_PRIQ: i32 = 2;

let insertSeq: u64 = 0;

export function dsqResetSeq(): void {
  insertSeq = 0;
}

/** time_before64: a is before b iff (s64)(a - b) < 0. */
// @ts-ignore: decorator
@inline
export function vtimeBefore(a: u64, b: u64): bool {
  return <i64>(a - b) < 0;
}

/** keyLess as 0/1 without branches. */
// @ts-ignore: decorator
@inline
function keyLessBits(av: u64, aq: u64, bv: u64, bq: u64): i32 {
  return i32(<i64>(av - bv) < 0) | (i32(av == bv) & i32(aq < bq));
}

// @ts-ignore: decorator
@inline
function keyLess(av: u64, aq: u64, bv: u64, bq: u64): bool {
  if (av != bv) return vtimeBefore(av, bv);
  return aq < bq;
}

export class Dsq {
  id: u64;
  /** Owning CPU for a local DSQ, -1 otherwise. */
  cpu: i32;
  builtin: bool;
  node: i32 = -1;
  nr: i32 = 0;
  mode: i32 = DSQ_MODE_NONE;
  destroyed: bool = false;
  head: Task | null = null;
  tail: Task | null = null;
  heap: StaticArray<Task | null> = new StaticArray<Task | null>(0);
  hVtime: StaticArray<u64> = new StaticArray<u64>(0);
  hSeq: StaticArray<u64> = new StaticArray<u64>(0);

  constructor(id: u64, cpu: i32, builtin: bool) {
    this.id = id;
    this.cpu = cpu;
    this.builtin = builtin;
  }

  // ---- FIFO ----

  pushTail(t: Task): void {
    t.dsq = this;
    t.dsqSeq = insertSeq++;
    t.dsqNext = null;
    t.dsqPrev = this.tail;
    const tl = this.tail;
    if (tl) tl.dsqNext = t;
    else this.head = t;
    this.tail = t;
    this.nr++;
    this.mode = DSQ_MODE_FIFO;
  }

  pushHead(t: Task): void {
    t.dsq = this;
    t.dsqSeq = insertSeq++;
    t.dsqPrev = null;
    t.dsqNext = this.head;
    const h = this.head;
    if (h) h.dsqPrev = t;
    else this.tail = t;
    this.head = t;
    this.nr++;
    this.mode = DSQ_MODE_FIFO;
  }

  // ---- PRIQ ----
  // The keys (dsq_vtime at insert, insertion sequence) sit in arrays beside the heap, so
  // sifting compares contiguous numbers instead of chasing task pointers. The kernel's rbtree
  // also orders by the vtime a task had when it was inserted: changing it while queued
  // corrupts the order there.

  pushVtime(t: Task): void {
    t.dsq = this;
    t.dsqSeq = insertSeq++;
    if (this.nr == this.heap.length) {
      const cap = this.nr < 8 ? 16 : this.nr * 2;
      const bigger = new StaticArray<Task | null>(cap);
      const bv = new StaticArray<u64>(cap);
      const bs = new StaticArray<u64>(cap);
      for (let i = 0; i < this.nr; i++) {
        unchecked((bigger[i] = this.heap[i]));
        unchecked((bv[i] = this.hVtime[i]));
        unchecked((bs[i] = this.hSeq[i]));
      }
      this.heap = bigger;
      this.hVtime = bv;
      this.hSeq = bs;
    }
    const i = this.nr++;
    this.siftUp(i, t, t.scx.dsq_vtime, t.dsqSeq);
    this.mode = DSQ_MODE_PRIQ;
  }

  @inline private heapAt(i: i32): Task {
    return changetype<Task>(unchecked(this.heap[i]));
  }

  // The sifts keep the three arrays in locals: a store through memory may alias a field, so
  // the compiler would otherwise reload `this.heap` and the key arrays after every move.

  private siftUp(i0: i32, t: Task, v: u64, q: u64): void {
    const heap = this.heap;
    const hv = this.hVtime;
    const hq = this.hSeq;
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = unchecked(hv[p]);
      const pq = unchecked(hq[p]);
      if (!keyLess(v, q, pv, pq)) break;
      const pt = changetype<Task>(unchecked(heap[p]));
      unchecked((heap[i] = pt));
      unchecked((hv[i] = pv));
      unchecked((hq[i] = pq));
      pt.dsqHeapIdx = i;
      i = p;
    }
    unchecked((heap[i] = t));
    unchecked((hv[i] = v));
    unchecked((hq[i] = q));
    t.dsqHeapIdx = i;
  }

  private siftDown(i0: i32, t: Task, v: u64, q: u64): void {
    const heap = this.heap;
    const hv = this.hVtime;
    const hq = this.hSeq;
    const n = this.nr;
    let i = i0;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      let cv = unchecked(hv[l]);
      let cq = unchecked(hq[l]);
      if (l + 1 < n) {
        // Branch-free: which child is smaller is a coin toss the branch predictor loses.
        const rv = unchecked(hv[l + 1]);
        const rq = unchecked(hq[l + 1]);
        const right = keyLessBits(rv, rq, cv, cq) != 0;
        c = select<i32>(l + 1, c, right);
        cv = select<u64>(rv, cv, right);
        cq = select<u64>(rq, cq, right);
      }
      if (!keyLess(cv, cq, v, q)) break;
      const ct = changetype<Task>(unchecked(heap[c]));
      unchecked((heap[i] = ct));
      unchecked((hv[i] = cv));
      unchecked((hq[i] = cq));
      ct.dsqHeapIdx = i;
      i = c;
    }
    unchecked((heap[i] = t));
    unchecked((hv[i] = v));
    unchecked((hq[i] = q));
    t.dsqHeapIdx = i;
  }

  // ---- both ----

  /** The first task in dispatch order, or null. */
  peek(): Task | null {
    if (this.nr == 0) return null;
    if (this.mode == DSQ_MODE_PRIQ) return this.heapAt(0);
    return this.head;
  }

  remove(t: Task): void {
    if (this.mode == DSQ_MODE_PRIQ) {
      const i = t.dsqHeapIdx;
      this.nr--;
      const n = this.nr;
      if (i != n) {
        const last = this.heapAt(n);
        const lv = unchecked(this.hVtime[n]);
        const lq = unchecked(this.hSeq[n]);
        const p = (i - 1) >> 1;
        if (i > 0 && keyLess(lv, lq, unchecked(this.hVtime[p]), unchecked(this.hSeq[p]))) this.siftUp(i, last, lv, lq);
        else this.siftDown(i, last, lv, lq);
      }
      unchecked((this.heap[n] = null));
      t.dsqHeapIdx = -1;
    } else {
      const p = t.dsqPrev;
      const nx = t.dsqNext;
      if (p) p.dsqNext = nx;
      else this.head = nx;
      if (nx) nx.dsqPrev = p;
      else this.tail = p;
      t.dsqPrev = null;
      t.dsqNext = null;
      this.nr--;
    }
    t.dsq = null;
    if (this.nr == 0) this.mode = DSQ_MODE_NONE;
  }

  /**
   * The first task in order that may run on `cpu` (allowed by its cpumask), or null. Tasks
   * that may not are skipped, not removed (sched_ext.md §2.3).
   */
  firstEligible(cpu: i32): Task | null {
    if (this.nr == 0) return null;
    if (this.mode == DSQ_MODE_FIFO) {
      let t = this.head;
      while (t) {
        if (t.cpus_ptr.test(cpu)) return t;
        t = t.dsqNext;
      }
      return null;
    }
    const top = this.heapAt(0);
    if (top.cpus_ptr.test(cpu)) return top;
    // Rare: the head may not run here. Scan for the smallest eligible key.
    let best = -1;
    for (let i = 1; i < this.nr; i++) {
      if (!this.heapAt(i).cpus_ptr.test(cpu)) continue;
      if (best < 0 || keyLess(unchecked(this.hVtime[i]), unchecked(this.hSeq[i]), unchecked(this.hVtime[best]), unchecked(this.hSeq[best]))) best = i;
    }
    return best < 0 ? null : this.heapAt(best);
  }
}

/** User DSQs by id. */
export let userDsqs = new Map<u64, Dsq>();
// A one-entry cache in front of the map: policies mostly name the same DSQ again and again.
let cacheId: u64 = 0;
let cacheDsq: Dsq | null = null;

/** The live user DSQ `id`, or null. */
// @ts-ignore: decorator
@inline
export function findDsq(id: u64): Dsq | null {
  const c = cacheDsq;
  if (c != null && cacheId == id && !c.destroyed) return c;
  return lookupDsq(id);
}

function lookupDsq(id: u64): Dsq | null {
  if (!userDsqs.has(id)) return null;
  const d = userDsqs.get(id);
  cacheId = id;
  cacheDsq = d;
  return d;
}
export let globalDsq = new Dsq(0, -1, true);

export function dsqsReset(): void {
  userDsqs = new Map<u64, Dsq>();
  cacheDsq = null;
  globalDsq = new Dsq(0x8000000000000001, -1, true);
  dsqResetSeq();
}
