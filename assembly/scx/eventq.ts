// The event queue: a binary min-heap of timers keyed by (time, sequence). Every entity owns
// one Timer (a task its wakeup, a CPU its next completion/expiry/tick, a group its next
// arrival), so rescheduling is an O(log n) sift of an existing entry and nothing is allocated
// per event. The sequence number orders events at the same instant by when they were armed.

export const TIMER_TASK: i32 = 1;
export const TIMER_CPU: i32 = 2;
export const TIMER_GROUP: i32 = 3;
export const TIMER_WATCHDOG: i32 = 4;

export class Timer {
  kind: i32;
  id: i32;
  time: i64 = 0;
  seq: u64 = 0;
  /** Position in the heap, -1 when not armed. */
  pos: i32 = -1;
  constructor(kind: i32, id: i32) {
    this.kind = kind;
    this.id = id;
  }
}

let heap = new StaticArray<Timer | null>(1024);
let size: i32 = 0;
let seqCounter: u64 = 0;

export function eventqReset(): void {
  heap = new StaticArray<Timer | null>(1024);
  size = 0;
  seqCounter = 0;
}

export function eventqSize(): i32 {
  return size;
}

// @ts-ignore: decorator
@inline
function less(a: Timer, b: Timer): bool {
  return a.time < b.time || (a.time == b.time && a.seq < b.seq);
}

// @ts-ignore: decorator
@inline
function at(i: i32): Timer {
  return changetype<Timer>(unchecked(heap[i]));
}

// @ts-ignore: decorator
@inline
function put(i: i32, t: Timer): void {
  unchecked((heap[i] = t));
  t.pos = i;
}

function siftUp(i0: i32): void {
  let i = i0;
  const t = at(i);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pt = at(p);
    if (!less(t, pt)) break;
    put(i, pt);
    i = p;
  }
  put(i, t);
}

function siftDown(i0: i32): void {
  let i = i0;
  const t = at(i);
  const n = size;
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let c = l;
    const r = l + 1;
    if (r < n && less(at(r), at(l))) c = r;
    const ct = at(c);
    if (!less(ct, t)) break;
    put(i, ct);
    i = c;
  }
  put(i, t);
}

/** Arms `t` at `time`, or moves it there if it is already armed. */
export function arm(t: Timer, time: i64): void {
  t.time = time;
  t.seq = seqCounter++;
  if (t.pos >= 0) {
    const i = t.pos;
    if (i > 0 && less(t, at((i - 1) >> 1))) siftUp(i);
    else siftDown(i);
    return;
  }
  if (size == heap.length) {
    const bigger = new StaticArray<Timer | null>(size * 2);
    for (let i = 0; i < size; i++) unchecked((bigger[i] = heap[i]));
    heap = bigger;
  }
  put(size, t);
  size++;
  siftUp(size - 1);
}

export function disarm(t: Timer): void {
  const i = t.pos;
  if (i < 0) return;
  t.pos = -1;
  size--;
  if (i == size) {
    unchecked((heap[size] = null));
    return;
  }
  const last = at(size);
  unchecked((heap[size] = null));
  put(i, last);
  if (i > 0 && less(last, at((i - 1) >> 1))) siftUp(i);
  else siftDown(i);
}

/** The earliest timer, or null. */
export function peek(): Timer | null {
  return size > 0 ? at(0) : null;
}

export function pop(): Timer {
  const t = at(0);
  disarm(t);
  return t;
}
