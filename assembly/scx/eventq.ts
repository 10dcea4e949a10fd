// The event queue: timers keyed by (time, sequence). Every entity owns one Timer (a task its
// wakeup, a CPU its next completion/expiry/tick, a group its next arrival), so rescheduling is
// an O(log n) sift of an existing entry and nothing is allocated per event. Keys live in flat
// arrays beside the heap so sifting touches contiguous memory only; the sequence number orders
// events at the same instant by when they were armed.
//
// CPU timers move on almost every event while task timers (sleeps) are armed once per sleep,
// so they live in two 4-ary heaps: re-arming a CPU timer sifts through a heap the size of the
// machine, not one the size of the workload. The earliest of the two tops fires next. The
// second heap cancels lazily (a generation number marks stale entries) so that sifting it
// never writes into the timers themselves: those are scattered over memory, one per task.

export const TIMER_TASK: i32 = 1;
export const TIMER_CPU: i32 = 2;
export const TIMER_GROUP: i32 = 3;
export const TIMER_WATCHDOG: i32 = 4;
export const TIMER_GOVERNOR: i32 = 5;
export const TIMER_BPF: i32 = 6;

export class Timer {
  kind: i32;
  id: i32;
  time: i64 = 0;
  seq: u64 = 0;
  /** Position in the CPU heap, -1 when not there. */
  pos: i32 = -1;
  armed: bool = false;
  /** Bumped on every arm and disarm: entries of the lazy heap with another value are stale. */
  gen: u32 = 0;
  constructor(kind: i32, id: i32) {
    this.kind = kind;
    this.id = id;
  }
}

// @ts-ignore: decorator
@inline
function lessKey(ta: i64, sa: u64, tb: i64, sb: u64): bool {
  return ta < tb || (ta == tb && sa < sb);
}

export class Heap {
  cap: i32 = 64;
  hTimer: StaticArray<Timer | null> = new StaticArray<Timer | null>(64);
  hTime: StaticArray<i64> = new StaticArray<i64>(64);
  hSeq: StaticArray<u64> = new StaticArray<u64>(64);
  size: i32 = 0;

  reset(): void {
    for (let i = 0; i < this.size; i++) {
      const t = unchecked(this.hTimer[i]);
      if (t != null) {
        t.pos = -1;
        t.armed = false;
      }
      unchecked((this.hTimer[i] = null));
    }
    this.size = 0;
  }

  @inline private put(i: i32, t: Timer, time: i64, seq: u64): void {
    unchecked((this.hTimer[i] = t));
    unchecked((this.hTime[i] = time));
    unchecked((this.hSeq[i] = seq));
    t.pos = i;
  }

  siftUp(i0: i32, t: Timer): void {
    let i = i0;
    const time = t.time;
    const seq = t.seq;
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = unchecked(hTime[p]);
      const ps = unchecked(hSeq[p]);
      if (!lessKey(time, seq, pt, ps)) break;
      this.put(i, changetype<Timer>(unchecked(this.hTimer[p])), pt, ps);
      i = p;
    }
    this.put(i, t, time, seq);
  }

  siftDown(i0: i32, t: Timer): void {
    let i = i0;
    const time = t.time;
    const seq = t.seq;
    const n = this.size;
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    while (true) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first;
      let ct = unchecked(hTime[first]);
      let cs = unchecked(hSeq[first]);
      let last = first + 4;
      if (last > n) last = n;
      // Branch-free choice of the smallest child: the comparisons are unpredictable, and a
      // mispredicted branch per child costs more than the select instructions.
      for (let k = first + 1; k < last; k++) {
        const kt = unchecked(hTime[k]);
        const ks = unchecked(hSeq[k]);
        const better = i32(kt < ct) | (i32(kt == ct) & i32(ks < cs));
        c = select<i32>(k, c, better != 0);
        ct = select<i64>(kt, ct, better != 0);
        cs = select<u64>(ks, cs, better != 0);
      }
      if (!lessKey(ct, cs, time, seq)) break;
      this.put(i, changetype<Timer>(unchecked(this.hTimer[c])), ct, cs);
      i = c;
    }
    this.put(i, t, time, seq);
  }

  grow(): void {
    const n = this.cap * 2;
    const nt = new StaticArray<Timer | null>(n);
    const nk = new StaticArray<i64>(n);
    const ns = new StaticArray<u64>(n);
    for (let i = 0; i < this.size; i++) {
      unchecked((nt[i] = this.hTimer[i]));
      unchecked((nk[i] = this.hTime[i]));
      unchecked((ns[i] = this.hSeq[i]));
    }
    this.hTimer = nt;
    this.hTime = nk;
    this.hSeq = ns;
    this.cap = n;
  }

  remove(t: Timer): void {
    const i = t.pos;
    t.pos = -1;
    const n = --this.size;
    unchecked((this.hTimer[i] = null));
    if (i == n) return;
    const last = changetype<Timer>(unchecked(this.hTimer[n]));
    unchecked((this.hTimer[n] = null));
    const p = (i - 1) >> 2;
    if (i > 0 && lessKey(last.time, last.seq, unchecked(this.hTime[p]), unchecked(this.hSeq[p]))) this.siftUp(i, last);
    else this.siftDown(i, last);
  }
}

/** A 4-ary heap of (time, seq, timer, generation) entries with lazy cancellation. */
class LazyHeap {
  cap: i32 = 256;
  hTimer: StaticArray<Timer | null> = new StaticArray<Timer | null>(256);
  hTime: StaticArray<i64> = new StaticArray<i64>(256);
  hSeq: StaticArray<u64> = new StaticArray<u64>(256);
  hGen: StaticArray<u32> = new StaticArray<u32>(256);
  size: i32 = 0;

  reset(): void {
    for (let i = 0; i < this.size; i++) unchecked((this.hTimer[i] = null));
    this.size = 0;
  }

  @inline private put(i: i32, t: Timer | null, time: i64, seq: u64, gen: u32): void {
    unchecked((this.hTimer[i] = t));
    unchecked((this.hTime[i] = time));
    unchecked((this.hSeq[i] = seq));
    unchecked((this.hGen[i] = gen));
  }

  push(t: Timer): void {
    if (this.size == this.cap) this.grow();
    let i = this.size++;
    const time = t.time;
    const seq = t.seq;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = unchecked(this.hTime[p]);
      const ps = unchecked(this.hSeq[p]);
      if (!lessKey(time, seq, pt, ps)) break;
      this.put(i, unchecked(this.hTimer[p]), pt, ps, unchecked(this.hGen[p]));
      i = p;
    }
    this.put(i, t, time, seq, t.gen);
  }

  /** Removes the top entry. */
  pop(): void {
    const n = --this.size;
    if (n == 0) {
      unchecked((this.hTimer[0] = null));
      return;
    }
    const t = unchecked(this.hTimer[n]);
    const time = unchecked(this.hTime[n]);
    const seq = unchecked(this.hSeq[n]);
    const gen = unchecked(this.hGen[n]);
    unchecked((this.hTimer[n] = null));
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    let i = 0;
    while (true) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first;
      let ct = unchecked(hTime[first]);
      let cs = unchecked(hSeq[first]);
      let last = first + 4;
      if (last > n) last = n;
      // Branch-free choice of the smallest child: the comparisons are unpredictable, and a
      // mispredicted branch per child costs more than the select instructions.
      for (let k = first + 1; k < last; k++) {
        const kt = unchecked(hTime[k]);
        const ks = unchecked(hSeq[k]);
        const better = i32(kt < ct) | (i32(kt == ct) & i32(ks < cs));
        c = select<i32>(k, c, better != 0);
        ct = select<i64>(kt, ct, better != 0);
        cs = select<u64>(ks, cs, better != 0);
      }
      if (!lessKey(ct, cs, time, seq)) break;
      this.put(i, unchecked(this.hTimer[c]), ct, cs, unchecked(this.hGen[c]));
      i = c;
    }
    this.put(i, t, time, seq, gen);
  }

  /** The top timer if its entry is current; stale tops are dropped on the way. */
  top(): Timer | null {
    while (this.size > 0) {
      const t = changetype<Timer>(unchecked(this.hTimer[0]));
      if (t.armed && t.gen == unchecked(this.hGen[0])) return t;
      this.pop();
    }
    return null;
  }

  grow(): void {
    const n = this.cap * 2;
    const nt = new StaticArray<Timer | null>(n);
    const nk = new StaticArray<i64>(n);
    const ns = new StaticArray<u64>(n);
    const ng = new StaticArray<u32>(n);
    for (let i = 0; i < this.size; i++) {
      unchecked((nt[i] = this.hTimer[i]));
      unchecked((nk[i] = this.hTime[i]));
      unchecked((ns[i] = this.hSeq[i]));
      unchecked((ng[i] = this.hGen[i]));
    }
    this.hTimer = nt;
    this.hTime = nk;
    this.hSeq = ns;
    this.hGen = ng;
    this.cap = n;
  }
}

let cpuHeap = new Heap();
let otherHeap = new LazyHeap();
let seqCounter: u64 = 0;

export function eventqReset(): void {
  cpuHeap.reset();
  otherHeap.reset();
  seqCounter = 0;
}

/** Arms `t` at `time`, or moves it there if it is already armed. */
export function arm(t: Timer, time: i64): void {
  const old = t.time;
  t.time = time;
  t.seq = seqCounter++;
  if (t.kind != TIMER_CPU) {
    t.gen++;
    t.armed = true;
    otherHeap.push(t);
    return;
  }
  t.armed = true;
  const h = cpuHeap;
  const i = t.pos;
  if (i >= 0) {
    if (time < old) h.siftUp(i, t);
    else h.siftDown(i, t);
    return;
  }
  if (h.size == h.cap) h.grow();
  h.size++;
  h.siftUp(h.size - 1, t);
}

export function disarm(t: Timer): void {
  if (!t.armed) return;
  t.armed = false;
  if (t.kind != TIMER_CPU) t.gen++;
  else if (t.pos >= 0) cpuHeap.remove(t);
}

/** The earliest timer, or null. */
export function peek(): Timer | null {
  const a = cpuHeap.size > 0 ? changetype<Timer>(unchecked(cpuHeap.hTimer[0])) : null;
  const b = otherHeap.top();
  if (a == null) return b;
  if (b == null) return a;
  return lessKey(a.time, a.seq, b.time, b.seq) ? a : b;
}

/**
 * Takes the timer `peek()` returned off its heap before it fires (its handler may arm it
 * again). CPU timers stay in place: most handlers re-arm them, which is one sift.
 */
export function take(t: Timer): void {
  if (t.kind == TIMER_CPU) return;
  otherHeap.pop();
  t.armed = false;
}
