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

/** A 4-ary heap of timers keyed by (time, seq); each timer knows its position. */
class Heap {
  cap: i32 = 64;
  hTimer: StaticArray<Timer | null> = new StaticArray<Timer | null>(64);
  hTime: StaticArray<i64> = new StaticArray<i64>(64);
  hSeq: StaticArray<u64> = new StaticArray<u64>(64);
  size: i32 = 0;

  /** Forgets every entry, leaving the timers unarmed. */
  reset(): void {
    for (let i = 0; i < this.size; i++) {
      const t = unchecked(this.hTimer[i]);
      if (t != null) clearTimer(t);
      unchecked((this.hTimer[i] = null));
    }
    this.size = 0;
  }

  @inline top(): Timer {
    return changetype<Timer>(unchecked(this.hTimer[0]));
  }

  @inline topTime(): i64 {
    return unchecked(this.hTime[0]);
  }

  push(t: Timer): void {
    if (this.size == this.cap) this.grow();
    this.siftUp(this.size++, t);
  }

  // The sifts keep the arrays in locals: a store through memory may alias a field, so the
  // compiler would otherwise reload them after every move.

  @inline siftUp(i0: i32, t: Timer): void {
    const hTimer = this.hTimer;
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const time = t.time;
    const seq = t.seq;
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = unchecked(hTime[p]);
      const ps = unchecked(hSeq[p]);
      if (!lessKey(time, seq, pt, ps)) break;
      const pTimer = changetype<Timer>(unchecked(hTimer[p]));
      unchecked((hTimer[i] = pTimer));
      unchecked((hTime[i] = pt));
      unchecked((hSeq[i] = ps));
      pTimer.pos = i;
      i = p;
    }
    unchecked((hTimer[i] = t));
    unchecked((hTime[i] = time));
    unchecked((hSeq[i] = seq));
    t.pos = i;
  }

  siftDown(i0: i32, t: Timer): void {
    const hTimer = this.hTimer;
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const time = t.time;
    const seq = t.seq;
    const n = this.size;
    let i = i0;
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
      const cTimer = changetype<Timer>(unchecked(hTimer[c]));
      unchecked((hTimer[i] = cTimer));
      unchecked((hTime[i] = ct));
      unchecked((hSeq[i] = cs));
      cTimer.pos = i;
      i = c;
    }
    unchecked((hTimer[i] = t));
    unchecked((hTime[i] = time));
    unchecked((hSeq[i] = seq));
    t.pos = i;
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

  /** Removes the top entry, `t`. */
  popTop(t: Timer): void {
    t.pos = -1;
    const n = --this.size;
    if (n == 0) {
      unchecked((this.hTimer[0] = null));
      return;
    }
    const last = changetype<Timer>(unchecked(this.hTimer[n]));
    unchecked((this.hTimer[n] = null));
    this.siftDown(0, last);
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
