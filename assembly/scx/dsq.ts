// Dispatch queues. Built-in (local per CPU, global) DSQs are FIFO only; user DSQs are FIFO or
// vtime-ordered (PRIQ), never both at once (sched_ext.md §2.2). FIFOs are intrusive doubly
// linked lists through the task; PRIQs are binary heaps keyed by (dsq_vtime with wraparound
// compare, insertion sequence), so equal vtimes keep FIFO order.

import { Task } from "./task";

export const DSQ_MODE_NONE: i32 = 0;
export const DSQ_MODE_FIFO: i32 = 1;
export const DSQ_MODE_PRIQ: i32 = 2;

let insertSeq: u64 = 0;
/** Bytes per PRIQ heap entry: vtime, sequence, task address (and padding). */
const ENT: usize = 24;

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
  /**
   * The PRIQ's heap: entry i is 24 bytes at ENT * i — its key (dsq_vtime at insert, insertion
   * sequence) and its task's address. The tasks stay reachable through the engine's task list.
   */
  ents: StaticArray<u64> = new StaticArray<u64>(0);
  cap: i32 = 0;

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
    if (this.nr == this.cap) {
      const cap = this.nr < 8 ? 16 : this.nr * 2;
      const bigger = new StaticArray<u64>(3 * cap);
      for (let i = 0; i < 3 * this.nr; i++) unchecked((bigger[i] = this.ents[i]));
      this.ents = bigger;
      this.cap = cap;
    }
    const i = this.nr++;
    this.siftUp(i, t, t.scx.dsq_vtime, t.dsqSeq);
    this.mode = DSQ_MODE_PRIQ;
  }

  /** The task of heap entry `i`. */
  @inline heapAt(i: i32): Task {
    return changetype<Task>(<usize>load<u32>(changetype<usize>(this.ents) + <usize>i * ENT, 16));
  }

  @inline private vtimeAt(i: i32): u64 {
    return load<u64>(changetype<usize>(this.ents) + <usize>i * ENT);
  }

  @inline private seqAt(i: i32): u64 {
    return load<u64>(changetype<usize>(this.ents) + <usize>i * ENT, 8);
  }

  // One base address for keys and tasks keeps the sifts' loops within the registers.

  private siftUp(i0: i32, t: Task, v: u64, q: u64): void {
    const base = changetype<usize>(this.ents);
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = base + <usize>p * ENT;
      const pv = load<u64>(pe);
      const pq = load<u64>(pe, 8);
      if (!keyLess(v, q, pv, pq)) break;
      const pt = load<u32>(pe, 16);
      const e = base + <usize>i * ENT;
      store<u64>(e, pv);
      store<u64>(e, pq, 8);
      store<u32>(e, pt, 16);
      changetype<Task>(<usize>pt).dsqHeapIdx = i;
      i = p;
    }
    const e = base + <usize>i * ENT;
    store<u64>(e, v);
    store<u64>(e, q, 8);
    store<u32>(e, <u32>changetype<usize>(t), 16);
    t.dsqHeapIdx = i;
  }

  private siftDown(i0: i32, t: Task, v: u64, q: u64): void {
    const base = changetype<usize>(this.ents);
    const n = this.nr;
    let i = i0;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      const le = base + <usize>l * ENT;
      let cv = load<u64>(le);
      let cq = load<u64>(le, 8);
      if (l + 1 < n) {
        // Branch-free: which child is smaller is a coin toss the branch predictor loses.
        const rv = load<u64>(le, ENT);
        const rq = load<u64>(le, ENT + 8);
        const right = keyLessBits(rv, rq, cv, cq) != 0;
        c = select<i32>(l + 1, c, right);
        cv = select<u64>(rv, cv, right);
        cq = select<u64>(rq, cq, right);
      }
      if (!keyLess(cv, cq, v, q)) break;
      const ct = load<u32>(base + <usize>c * ENT, 16);
      const e = base + <usize>i * ENT;
      store<u64>(e, cv);
      store<u64>(e, cq, 8);
      store<u32>(e, ct, 16);
      changetype<Task>(<usize>ct).dsqHeapIdx = i;
      i = c;
    }
    const e = base + <usize>i * ENT;
    store<u64>(e, v);
    store<u64>(e, q, 8);
    store<u32>(e, <u32>changetype<usize>(t), 16);
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
        const lv = this.vtimeAt(n);
        const lq = this.seqAt(n);
        const p = (i - 1) >> 1;
        if (i > 0 && keyLess(lv, lq, this.vtimeAt(p), this.seqAt(p))) this.siftUp(i, last, lv, lq);
        else this.siftDown(i, last, lv, lq);
      }
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
      if (best < 0 || keyLess(this.vtimeAt(i), this.seqAt(i), this.vtimeAt(best), this.seqAt(best))) best = i;
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
