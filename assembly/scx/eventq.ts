// The event queue: a 4-ary min-heap of timers keyed by (time, sequence). Every entity owns
// one Timer (a task its wakeup, a CPU its next completion/expiry/tick, a group its next
// arrival), so rescheduling is an O(log n) sift of an existing entry and nothing is allocated
// per event. Keys live in flat arrays beside the heap so sifting touches contiguous memory
// only. The sequence number orders events at the same instant by when they were armed.

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
  /** Position in the heap, -1 when not armed. */
  pos: i32 = -1;
  constructor(kind: i32, id: i32) {
    this.kind = kind;
    this.id = id;
  }
}

let cap: i32 = 1024;
let hTimer = new StaticArray<Timer | null>(cap);
let hTime = new StaticArray<i64>(cap);
let hSeq = new StaticArray<u64>(cap);
let size: i32 = 0;
let seqCounter: u64 = 0;

export function eventqReset(): void {
  cap = 1024;
  hTimer = new StaticArray<Timer | null>(cap);
  hTime = new StaticArray<i64>(cap);
  hSeq = new StaticArray<u64>(cap);
  size = 0;
  seqCounter = 0;
}

export function eventqSize(): i32 {
  return size;
}

// @ts-ignore: decorator
@inline
function lessKey(ta: i64, sa: u64, tb: i64, sb: u64): bool {
  return ta < tb || (ta == tb && sa < sb);
}

// @ts-ignore: decorator
@inline
function put(i: i32, t: Timer, time: i64, seq: u64): void {
  unchecked((hTimer[i] = t));
  unchecked((hTime[i] = time));
  unchecked((hSeq[i] = seq));
  t.pos = i;
}

function siftUp(i0: i32, t: Timer): void {
  let i = i0;
  const time = t.time;
  const seq = t.seq;
  while (i > 0) {
    const p = (i - 1) >> 2;
    const pt = unchecked(hTime[p]);
    const ps = unchecked(hSeq[p]);
    if (!lessKey(time, seq, pt, ps)) break;
    put(i, changetype<Timer>(unchecked(hTimer[p])), pt, ps);
    i = p;
  }
  put(i, t, time, seq);
}

function siftDown(i0: i32, t: Timer): void {
  let i = i0;
  const time = t.time;
  const seq = t.seq;
  const n = size;
  while (true) {
    const first = 4 * i + 1;
    if (first >= n) break;
    let c = first;
    let ct = unchecked(hTime[first]);
    let cs = unchecked(hSeq[first]);
    let last = first + 4;
    if (last > n) last = n;
    for (let k = first + 1; k < last; k++) {
      const kt = unchecked(hTime[k]);
      const ks = unchecked(hSeq[k]);
      if (lessKey(kt, ks, ct, cs)) {
        c = k;
        ct = kt;
        cs = ks;
      }
    }
    if (!lessKey(ct, cs, time, seq)) break;
    put(i, changetype<Timer>(unchecked(hTimer[c])), ct, cs);
    i = c;
  }
  put(i, t, time, seq);
}

function grow(): void {
  const n = cap * 2;
  const nt = new StaticArray<Timer | null>(n);
  const nk = new StaticArray<i64>(n);
  const ns = new StaticArray<u64>(n);
  for (let i = 0; i < size; i++) {
    unchecked((nt[i] = hTimer[i]));
    unchecked((nk[i] = hTime[i]));
    unchecked((ns[i] = hSeq[i]));
  }
  hTimer = nt;
  hTime = nk;
  hSeq = ns;
  cap = n;
}

/** Arms `t` at `time`, or moves it there if it is already armed. */
export function arm(t: Timer, time: i64): void {
  const old = t.time;
  t.time = time;
  t.seq = seqCounter++;
  const i = t.pos;
  if (i >= 0) {
    if (time < old) siftUp(i, t);
    else siftDown(i, t);
    return;
  }
  if (size == cap) grow();
  size++;
  siftUp(size - 1, t);
}

export function disarm(t: Timer): void {
  const i = t.pos;
  if (i < 0) return;
  t.pos = -1;
  size--;
  unchecked((hTimer[i] = null));
  if (i == size) return;
  const last = changetype<Timer>(unchecked(hTimer[size]));
  unchecked((hTimer[size] = null));
  if (i > 0 && lessKey(last.time, last.seq, unchecked(hTime[(i - 1) >> 2]), unchecked(hSeq[(i - 1) >> 2]))) siftUp(i, last);
  else siftDown(i, last);
}

/** The earliest timer, or null. */
export function peek(): Timer | null {
  return size > 0 ? changetype<Timer>(unchecked(hTimer[0])) : null;
}
