// The event queue: timers keyed by (time, sequence). Every entity owns one Timer (a task its
// wakeup, a CPU its next completion/expiry/tick, a group its next arrival), so re-arming moves
// an existing entry and nothing is allocated per event. The sequence number orders events at
// the same instant by when they were armed.
//
// Most timers are armed far ahead of the next event (sleeps of milliseconds, slices, run
// bursts) and many are moved or cancelled before they fire, so a single heap of every timer
// spends its time sifting entries that are nowhere near the top. Instead the queue is a
// calendar (a timing wheel) in front of a small heap:
//   - `near`, a 4-ary heap of the timers due before `horizon`: the only ones kept in order;
//   - the wheel, NBUCKETS unsorted doubly-linked buckets of BUCKET_NS each, holding the timers
//     due in [horizon, horizon + SPAN): arming or moving one there is O(1);
//   - `far`, a second heap for the timers beyond the wheel (rare: long sleeps, the watchdog).
// When `near` runs dry the next non-empty bucket (found with an occupancy bitmap) is poured
// into it and the horizon moves past it. The order of events is exactly that of one heap keyed
// by (time, seq), so results do not depend on the bucket size.

export const TIMER_TASK: i32 = 1;
export const TIMER_CPU: i32 = 2;
export const TIMER_GROUP: i32 = 3;
export const TIMER_WATCHDOG: i32 = 4;
export const TIMER_GOVERNOR: i32 = 5;
export const TIMER_BPF: i32 = 6;

const IN_NONE: u8 = 0;
const IN_NEAR: u8 = 1;
const IN_WHEEL: u8 = 2;
const IN_FAR: u8 = 3;

/**
 * log2 of a bucket's width: 2^16 ns ≈ 65 µs, a few events per bucket on a busy machine (the
 * fastest of 2^14–2^20 on `npm run bench`). Any value gives the same order of events.
 */
const BUCKET_SHIFT: i64 = 16;
const BUCKET_NS: i64 = 1 << BUCKET_SHIFT;
const NBUCKETS: i32 = 4096;
const BUCKET_MASK: i32 = NBUCKETS - 1;
/** The wheel covers this long from the horizon (≈ 268 ms). */
const SPAN: i64 = (<i64>NBUCKETS) << BUCKET_SHIFT;
const OCC_WORDS: i32 = NBUCKETS >> 6;

export class Timer {
  kind: i32;
  id: i32;
  time: i64 = 0;
  seq: u64 = 0;
  /** Position in the heap it is in (near or far), -1 otherwise. */
  pos: i32 = -1;
  armed: bool = false;
  /** Which part of the queue holds it (IN_*). */
  where: u8 = IN_NONE;
  /** Neighbours in its wheel bucket. */
  prev: Timer | null = null;
  next: Timer | null = null;
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

/** Bytes per heap entry: time, sequence, the timer's address (and padding). */
const ENT: usize = 24;

/**
 * A 4-ary heap of timers keyed by (time, seq); each timer knows its position. Entry i is 24
 * bytes at ENT * i of one array, so the sifts work from one base address; the timers stay
 * reachable through the entities that own them.
 */
class Heap {
  cap: i32 = 64;
  ents: StaticArray<u64> = new StaticArray<u64>(3 * 64);
  size: i32 = 0;

  /** Forgets every entry, leaving the timers unarmed. */
  reset(): void {
    for (let i = 0; i < this.size; i++) clearTimer(this.at(i));
    this.size = 0;
  }

  @inline private at(i: i32): Timer {
    return changetype<Timer>(<usize>load<u32>(changetype<usize>(this.ents) + <usize>i * ENT, 16));
  }

  @inline top(): Timer {
    return this.at(0);
  }

  @inline topTime(): i64 {
    return load<i64>(changetype<usize>(this.ents));
  }

  push(t: Timer): void {
    if (this.size == this.cap) this.grow();
    this.siftUp(this.size++, t);
  }

  @inline siftUp(i0: i32, t: Timer): void {
    const base = changetype<usize>(this.ents);
    const time = t.time;
    const seq = t.seq;
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pe = base + <usize>p * ENT;
      const pt = load<i64>(pe);
      const ps = load<u64>(pe, 8);
      if (!lessKey(time, seq, pt, ps)) break;
      const pTimer = load<u32>(pe, 16);
      const e = base + <usize>i * ENT;
      store<i64>(e, pt);
      store<u64>(e, ps, 8);
      store<u32>(e, pTimer, 16);
      changetype<Timer>(<usize>pTimer).pos = i;
      i = p;
    }
    const e = base + <usize>i * ENT;
    store<i64>(e, time);
    store<u64>(e, seq, 8);
    store<u32>(e, <u32>changetype<usize>(t), 16);
    t.pos = i;
  }

  siftDown(i0: i32, t: Timer): void {
    const base = changetype<usize>(this.ents);
    const time = t.time;
    const seq = t.seq;
    const n = this.size;
    let i = i0;
    while (true) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first;
      const fe = base + <usize>first * ENT;
      let ct = load<i64>(fe);
      let cs = load<u64>(fe, 8);
      let last = first + 4;
      if (last > n) last = n;
      // Branch-free choice of the smallest child: the comparisons are unpredictable, and a
      // mispredicted branch per child costs more than the select instructions.
      for (let k = first + 1; k < last; k++) {
        const ke = base + <usize>k * ENT;
        const kt = load<i64>(ke);
        const ks = load<u64>(ke, 8);
        const better = i32(kt < ct) | (i32(kt == ct) & i32(ks < cs));
        c = select<i32>(k, c, better != 0);
        ct = select<i64>(kt, ct, better != 0);
        cs = select<u64>(ks, cs, better != 0);
      }
      if (!lessKey(ct, cs, time, seq)) break;
      const cTimer = load<u32>(base + <usize>c * ENT, 16);
      const e = base + <usize>i * ENT;
      store<i64>(e, ct);
      store<u64>(e, cs, 8);
      store<u32>(e, cTimer, 16);
      changetype<Timer>(<usize>cTimer).pos = i;
      i = c;
    }
    const e = base + <usize>i * ENT;
    store<i64>(e, time);
    store<u64>(e, seq, 8);
    store<u32>(e, <u32>changetype<usize>(t), 16);
    t.pos = i;
  }

  grow(): void {
    const n = this.cap * 2;
    const bigger = new StaticArray<u64>(3 * n);
    for (let i = 0; i < 3 * this.size; i++) unchecked((bigger[i] = this.ents[i]));
    this.ents = bigger;
    this.cap = n;
  }

  /** Removes the top entry, `t`. */
  popTop(t: Timer): void {
    t.pos = -1;
    const n = --this.size;
    if (n > 0) this.siftDown(0, this.at(n));
  }

  remove(t: Timer): void {
    const i = t.pos;
    t.pos = -1;
    const n = --this.size;
    if (i == n) return;
    const last = this.at(n);
    const p = (i - 1) >> 2;
    const pe = changetype<usize>(this.ents) + <usize>p * ENT;
    if (i > 0 && lessKey(last.time, last.seq, load<i64>(pe), load<u64>(pe, 8))) this.siftUp(i, last);
    else this.siftDown(i, last);
  }
}

let near = new Heap();
let far = new Heap();
/** Bucket heads of the wheel; bucket b holds times t with (t >> BUCKET_SHIFT) & BUCKET_MASK == b. */
let wheel = new StaticArray<Timer | null>(NBUCKETS);
/** One bit per non-empty bucket. */
let occupied = new StaticArray<u64>(OCC_WORDS);
let wheelCount: i32 = 0;
/** A multiple of BUCKET_NS: `near` holds the timers due before it, the wheel those up to SPAN after. */
let horizon: i64 = 0;
let seqCounter: u64 = 0;

// @ts-ignore: decorator
@inline
function clearTimer(t: Timer): void {
  t.pos = -1;
  t.armed = false;
  t.where = IN_NONE;
  t.prev = null;
  t.next = null;
}

export function eventqReset(): void {
  near.reset();
  far.reset();
  for (let b = 0; b < NBUCKETS; b++) {
    let t = unchecked(wheel[b]);
    while (t != null) {
      const nx = t.next;
      clearTimer(t);
      t = nx;
    }
    unchecked((wheel[b] = null));
  }
  for (let w = 0; w < OCC_WORDS; w++) unchecked((occupied[w] = 0));
  wheelCount = 0;
  horizon = 0;
  seqCounter = 0;
}

/** The occupancy bit of bucket `b` in its word. */
// @ts-ignore: decorator
@inline
function bitOf(b: i32): u64 {
  return u64(1) << u64(b & 63);
}

// @ts-ignore: decorator
@inline
function bucketOf(time: i64): i32 {
  return <i32>(time >> BUCKET_SHIFT) & BUCKET_MASK;
}

function wheelAdd(t: Timer): void {
  const b = bucketOf(t.time);
  const head = unchecked(wheel[b]);
  t.where = IN_WHEEL;
  t.prev = null;
  t.next = head;
  if (head != null) head.prev = t;
  else unchecked((occupied[b >> 6] |= bitOf(b)));
  unchecked((wheel[b] = t));
  wheelCount++;
}

function wheelRemove(t: Timer): void {
  const p = t.prev;
  const nx = t.next;
  if (nx != null) nx.prev = p;
  if (p != null) p.next = nx;
  else {
    const b = bucketOf(t.time);
    unchecked((wheel[b] = nx));
    if (nx == null) unchecked((occupied[b >> 6] &= ~(bitOf(b))));
  }
  t.prev = null;
  t.next = null;
  wheelCount--;
}

/** Puts an armed timer where its time belongs. */
function place(t: Timer): void {
  const time = t.time;
  if (time < horizon) {
    t.where = IN_NEAR;
    near.push(t);
  } else if (time - horizon < SPAN) {
    wheelAdd(t);
  } else {
    t.where = IN_FAR;
    far.push(t);
  }
}

function unplace(t: Timer): void {
  const w = t.where;
  if (w == IN_NEAR) near.remove(t);
  else if (w == IN_WHEEL) wheelRemove(t);
  else if (w == IN_FAR) far.remove(t);
  t.where = IN_NONE;
}

/** Arms `t` at `time`, or moves it there if it is already armed. */
export function arm(t: Timer, time: i64): void {
  if (t.where != IN_NONE) unplace(t);
  t.time = time;
  t.seq = seqCounter++;
  t.armed = true;
  place(t);
}

export function disarm(t: Timer): void {
  if (!t.armed) return;
  unplace(t);
  t.armed = false;
}

/** Moves the far timers that the wheel now covers into it. */
// @ts-ignore: decorator
@inline
function pullFar(): void {
  if (far.size > 0 && far.topTime() - horizon < SPAN) pullFarInto();
}

function pullFarInto(): void {
  const end = horizon + SPAN;
  while (far.size > 0 && far.topTime() < end) {
    const t = far.top();
    far.remove(t);
    wheelAdd(t);
  }
}

/** Buckets from `b` (cyclically) to the first non-empty one; the wheel must not be empty. */
function bucketsToNext(b: i32): i32 {
  let w = b >> 6;
  let bits = unchecked(occupied[w]) & (u64.MAX_VALUE << u64(b & 63));
  let skipped = -(b & 63);
  while (bits == 0) {
    skipped += 64;
    w = (w + 1) & (OCC_WORDS - 1);
    bits = unchecked(occupied[w]);
  }
  return skipped + <i32>ctz(bits);
}

/** Refills `near` from the wheel (and the wheel from `far`) until it has a timer or all are empty. */
function refill(): void {
  while (near.size == 0) {
    if (wheelCount == 0) {
      if (far.size == 0) return;
      horizon = (far.topTime() >> BUCKET_SHIFT) << BUCKET_SHIFT;
      pullFar();
    }
    // Skipping empty buckets moves the wheel's end too; the pull below covers it.
    horizon += (<i64>bucketsToNext(bucketOf(horizon))) << BUCKET_SHIFT;
    const b = bucketOf(horizon);
    let t = unchecked(wheel[b]);
    unchecked((wheel[b] = null));
    unchecked((occupied[b >> 6] &= ~(bitOf(b))));
    while (t != null) {
      const nx = t.next;
      t.prev = null;
      t.next = null;
      t.where = IN_NEAR;
      near.push(t);
      wheelCount--;
      t = nx;
    }
    horizon += BUCKET_NS;
    pullFar();
  }
}

/** The earliest timer, or null. */
export function peek(): Timer | null {
  if (near.size == 0) {
    refill();
    if (near.size == 0) return null;
  }
  return near.top();
}

/** Takes the timer `peek()` returned off the queue before it fires (its handler may arm it again). */
export function take(t: Timer): void {
  near.popTop(t);
  t.where = IN_NONE;
  t.armed = false;
}
