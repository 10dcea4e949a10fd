// Workload steps that make tasks wait for each other: events (wait/signal), direct wakeups
// of a group, sleeping mutexes with a FIFO wait list, barriers, pipes (send/recv), periods
// with deadline accounting, and spawning. Each returns what the task does next.

import { now } from "./clock";
import { Task } from "./task";
import { Group, groups, opA, opB, opC, objParam, nobjects, drawNs } from "./workload";
import {
  count, groupAdd, C_DEADLINES, C_DEADLINE_MISSES, G_DEADLINES, G_DEADLINE_MISSES,
} from "./stats";

export const STEP_CONTINUE = 0;
export const STEP_BLOCK = 1;
export const STEP_SLEEP = 2;

/** Set by a step that sleeps: until when. */
export let stepSleepUntil: i64 = 0;

// Object state, by object index.
let tokens = new StaticArray<i64>(0);
let waitHead = new StaticArray<Task | null>(0);
let waitTail = new StaticArray<Task | null>(0);
let wait2Head = new StaticArray<Task | null>(0);
let wait2Tail = new StaticArray<Task | null>(0);
let owner = new StaticArray<Task | null>(0);
/** Per group: tasks blocked in `suspend` (WAIT -1), FIFO, and wakes remembered for later. */
let suspHead = new StaticArray<Task | null>(0);
let suspTail = new StaticArray<Task | null>(0);
let groupWakes = new StaticArray<i64>(0);

/** Tasks to wake once the current step is done (the waker finishes its step first). */
export let toWake = new Array<Task>();
export let toWakeSync = new Array<bool>();

export function syncReset(ngroups: i32): void {
  tokens = new StaticArray<i64>(nobjects);
  waitHead = new StaticArray<Task | null>(nobjects);
  waitTail = new StaticArray<Task | null>(nobjects);
  wait2Head = new StaticArray<Task | null>(nobjects);
  wait2Tail = new StaticArray<Task | null>(nobjects);
  owner = new StaticArray<Task | null>(nobjects);
  suspHead = new StaticArray<Task | null>(ngroups);
  suspTail = new StaticArray<Task | null>(ngroups);
  groupWakes = new StaticArray<i64>(ngroups);
  toWake = new Array<Task>();
  toWakeSync = new Array<bool>();
}

function enqueueWaiter(o: i32, t: Task, second: bool): void {
  t.waitNext = null;
  if (second) {
    const tl = unchecked(wait2Tail[o]);
    if (tl) tl.waitNext = t;
    else unchecked((wait2Head[o] = t));
    unchecked((wait2Tail[o] = t));
  } else {
    const tl = unchecked(waitTail[o]);
    if (tl) tl.waitNext = t;
    else unchecked((waitHead[o] = t));
    unchecked((waitTail[o] = t));
  }
}

function dequeueWaiter(o: i32, second: bool): Task | null {
  const h = second ? unchecked(wait2Head[o]) : unchecked(waitHead[o]);
  if (h == null) return null;
  const nx = h.waitNext;
  h.waitNext = null;
  if (second) {
    unchecked((wait2Head[o] = nx));
    if (nx == null) unchecked((wait2Tail[o] = null));
  } else {
    unchecked((waitHead[o] = nx));
    if (nx == null) unchecked((waitTail[o] = null));
  }
  return h;
}

function wakeLater(t: Task, sync: bool): void {
  toWake.push(t);
  toWakeSync.push(sync);
}

function suspend(g: i32, t: Task): void {
  t.waitNext = null;
  const tl = unchecked(suspTail[g]);
  if (tl) tl.waitNext = t;
  else unchecked((suspHead[g] = t));
  unchecked((suspTail[g] = t));
}

function unsuspend(g: i32): Task | null {
  const h = unchecked(suspHead[g]);
  if (h == null) return null;
  unchecked((suspHead[g] = h.waitNext));
  if (h.waitNext == null) unchecked((suspTail[g] = null));
  h.waitNext = null;
  return h;
}

/** WAIT a=object (-1 = a direct wakeup). */
export function stepWait(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  if (o < 0) {
    // `suspend`: wait for a `wake` addressed to this task's group.
    const g = t.group;
    if (unchecked(groupWakes[g]) > 0) {
      unchecked((groupWakes[g] = groupWakes[g] - 1));
      return STEP_CONTINUE;
    }
    t.blockedOn = -2;
    suspend(g, t);
    return STEP_BLOCK;
  }
  if (unchecked(tokens[o]) > 0) {
    unchecked((tokens[o] = tokens[o] - 1));
    return STEP_CONTINUE;
  }
  t.blockedOn = o;
  enqueueWaiter(o, t, false);
  return STEP_BLOCK;
}

/**
 * SIGNAL a=object b=count (-1 = all waiters, never remembered) c=remember: wakes the longest
 * waiting first; with `remember`, signals that found nobody are kept for later waits.
 */
export function stepSignal(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  const n = <i32>unchecked(opB[i]);
  const remember = unchecked(opC[i]) != 0;
  if (n < 0) {
    let w = dequeueWaiter(o, false);
    while (w != null) {
      w.blockedOn = -1;
      wakeLater(w, false);
      w = dequeueWaiter(o, false);
    }
    return STEP_CONTINUE;
  }
  for (let k = 0; k < n; k++) {
    const w = dequeueWaiter(o, false);
    if (w == null) {
      if (remember) unchecked((tokens[o] = tokens[o] + <i64>(n - k)));
      break;
    }
    w.blockedOn = -1;
    wakeLater(w, false);
  }
  return STEP_CONTINUE;
}

/** WAKE a=group b=count (-1 all) c=remember: wakes the group's suspended tasks, earliest first. */
export function stepWake(t: Task, i: i32): i32 {
  const g = <i32>unchecked(opA[i]);
  const n = <i32>unchecked(opB[i]);
  const remember = unchecked(opC[i]) != 0;
  let woken = 0;
  while (n < 0 || woken < n) {
    const w = unsuspend(g);
    if (w == null) break;
    w.blockedOn = -1;
    wakeLater(w, false);
    woken++;
  }
  if (n >= 0 && woken < n && remember) unchecked((groupWakes[g] = groupWakes[g] + <i64>(n - woken)));
  return STEP_CONTINUE;
}

/** LOCK a=mutex: take it, or sleep in FIFO order until it is handed over. */
export function stepLock(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  if (unchecked(owner[o]) == null) {
    unchecked((owner[o] = t));
    return STEP_CONTINUE;
  }
  t.blockedOn = o;
  enqueueWaiter(o, t, false);
  return STEP_BLOCK;
}

/** UNLOCK a=mutex: hand it to the first waiter, who wakes owning it. */
export function stepUnlock(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  if (unchecked(owner[o]) == t) release(o);
  return STEP_CONTINUE;
}

function release(o: i32): void {
  const w = dequeueWaiter(o, false);
  unchecked((owner[o] = w));
  if (w != null) {
    w.blockedOn = -1;
    wakeLater(w, false);
  }
}

/** A task that exits holding mutexes releases them. */
export function syncTaskExit(t: Task): void {
  for (let o = 0; o < nobjects; o++) if (unchecked(owner[o]) == t) release(o);
}

/** BARRIER a=object b=parties: the last to arrive releases everybody. */
export function stepBarrier(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  let parties = <i64>unchecked(opB[i]);
  if (parties <= 0) parties = <i64>unchecked(objParam[o]);
  const arrived = unchecked(tokens[o]) + 1;
  if (arrived >= parties) {
    unchecked((tokens[o] = 0));
    let w = dequeueWaiter(o, false);
    while (w != null) {
      w.blockedOn = -1;
      wakeLater(w, false);
      w = dequeueWaiter(o, false);
    }
    return STEP_CONTINUE;
  }
  unchecked((tokens[o] = arrived));
  t.blockedOn = o;
  enqueueWaiter(o, t, false);
  return STEP_BLOCK;
}

/** SEND a=channel b=bytes: block while the pipe is full; wake a reader. */
export function stepSend(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  const bytes = <i64>unchecked(opB[i]);
  let capacity = <i64>unchecked(objParam[o]);
  if (capacity <= 0) capacity = 65536;
  // A message larger than the pipe still goes through into an empty one.
  const fits = unchecked(tokens[o]) + bytes <= capacity || unchecked(tokens[o]) == 0;
  if (unchecked(wait2Head[o]) != null || !fits) {
    t.blockedOn = o;
    t.pendingBytes = bytes;
    enqueueWaiter(o, t, true);
    return STEP_BLOCK;
  }
  unchecked((tokens[o] = tokens[o] + bytes));
  wakeReaders(o);
  return STEP_CONTINUE;
}

/** RECV a=channel b=bytes: block until that much is in the pipe; wake a writer. */
export function stepRecv(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  const bytes = <i64>unchecked(opB[i]);
  if (unchecked(tokens[o]) >= bytes && unchecked(waitHead[o]) == null) {
    unchecked((tokens[o] = tokens[o] - bytes));
    wakeWriters(o);
    return STEP_CONTINUE;
  }
  t.blockedOn = o;
  t.pendingBytes = bytes;
  enqueueWaiter(o, t, false);
  return STEP_BLOCK;
}

function wakeReaders(o: i32): void {
  while (true) {
    const r = unchecked(waitHead[o]);
    if (r == null || unchecked(tokens[o]) < r.pendingBytes) return;
    dequeueWaiter(o, false);
    unchecked((tokens[o] = tokens[o] - r.pendingBytes));
    r.blockedOn = -1;
    wakeLater(r, true);
  }
}

function wakeWriters(o: i32): void {
  let capacity = <i64>unchecked(objParam[o]);
  if (capacity <= 0) capacity = 65536;
  while (true) {
    const w = unchecked(wait2Head[o]);
    if (w == null || unchecked(tokens[o]) + w.pendingBytes > capacity) break;
    dequeueWaiter(o, true);
    unchecked((tokens[o] = tokens[o] + w.pendingBytes));
    w.blockedOn = -1;
    wakeLater(w, true);
  }
  wakeReaders(o);
}

/**
 * PERIOD a=period dist, b=deadline (0 = the period): each task keeps a period start s. The
 * boundary is s + P; arriving after the deadline (the boundary, or s + deadline) is a miss.
 * The task sleeps to the first boundary s + kP that is not in the past, which becomes s: an
 * overrun frame waits for the next vsync rather than catching up.
 */
export function stepPeriod(t: Task, i: i32): i32 {
  const p = drawNs(<i32>unchecked(opA[i]), t.rng);
  let dl = <i64>unchecked(opB[i]);
  if (dl <= 0) dl = p;
  if (t.periodStart < 0) t.periodStart = t.createdAt;
  deadline(t, now > t.periodStart + dl);
  let b = t.periodStart + p;
  if (p > 0 && b < now) b += ((now - b + p - 1) / p) * p;
  t.periodStart = b;
  if (b <= now) return STEP_CONTINUE;
  stepSleepUntil = b;
  return STEP_SLEEP;
}

/**
 * TIMER a=period dist, b=mode (0 relative, 1 absolute), c=slot: rt-app's timer. The task's
 * slot keeps the next expiry t (first: its creation time); each step adds P and counts a
 * deadline. Early, the task sleeps until t; late, it counts a miss and, in relative mode,
 * restarts from now (absolute mode keeps t, so later periods catch up).
 */
export function stepTimer(t: Task, i: i32): i32 {
  const p = drawNs(<i32>unchecked(opA[i]), t.rng);
  const absolute = unchecked(opB[i]) != 0;
  const slot = <i32>unchecked(opC[i]);
  let slots = t.timerSlots;
  if (slots == null || slots.length <= slot) {
    const grown = new StaticArray<i64>(slot + 1);
    for (let k = 0; k <= slot; k++) grown[k] = slots != null && k < slots.length ? slots[k] : -1;
    t.timerSlots = grown;
    slots = grown;
  }
  let next = unchecked(slots[slot]);
  if (next < 0) next = t.createdAt;
  next += p;
  if (now < next) {
    deadline(t, false);
    unchecked((slots[slot] = next));
    stepSleepUntil = next;
    return STEP_SLEEP;
  }
  deadline(t, true);
  unchecked((slots[slot] = absolute ? next : now));
  return STEP_CONTINUE;
}

function deadline(t: Task, missed: bool): void {
  count(C_DEADLINES);
  groupAdd(t.group, G_DEADLINES, 1);
  if (missed) {
    count(C_DEADLINE_MISSES);
    groupAdd(t.group, G_DEADLINE_MISSES, 1);
  }
}

export function spawnGroup(i: i32): Group {
  return unchecked(groups[<i32>unchecked(opA[i])]);
}
