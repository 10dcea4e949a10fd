// Workload steps that make tasks wait for each other: events (wait/signal), direct wakeups
// of a group, sleeping mutexes with a FIFO wait list, barriers, pipes (send/recv), periods
// with deadline accounting, and spawning. Each returns what the task does next.

import { now } from "./clock";
import { Task } from "./task";
import { Group, groups, opA, opB, objKind, objParam, nobjects, drawNs } from "./workload";
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
/** Tasks blocked in `wait` for a direct wakeup (object -1), per group: just a flag on the task. */
export let groupTasks = new StaticArray<Array<Task>>(0);

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
  groupTasks = new StaticArray<Array<Task>>(ngroups);
  for (let g = 0; g < ngroups; g++) groupTasks[g] = new Array<Task>();
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

/** A task blocked in `wait` with no object is woken directly (`wake` step). */
function directWake(t: Task): void {
  if (t.blockedOn == -2) {
    t.blockedOn = -1;
    wakeLater(t, false);
  } else {
    t.wakeToken = true;
  }
}

export function registerGroupTask(g: i32, t: Task): void {
  groupTasks[g].push(t);
}

/** WAIT a=object (-1 = a direct wakeup). */
export function stepWait(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  if (o < 0) {
    if (t.wakeToken) {
      t.wakeToken = false;
      return STEP_CONTINUE;
    }
    t.blockedOn = -2;
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

/** SIGNAL a=object b=count (-1 = all waiters, a broadcast that leaves no token). */
export function stepSignal(t: Task, i: i32): i32 {
  const o = <i32>unchecked(opA[i]);
  let n = <i32>unchecked(opB[i]);
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
      unchecked((tokens[o] = tokens[o] + 1)); // remembered for the next wait
      continue;
    }
    w.blockedOn = -1;
    wakeLater(w, false);
  }
  return STEP_CONTINUE;
}

/** WAKE a=group b=count (-1 all): wake tasks of a group blocked in `wait` (or leave a token). */
export function stepWake(t: Task, i: i32): i32 {
  const g = <i32>unchecked(opA[i]);
  const n = <i32>unchecked(opB[i]);
  const list = groupTasks[g];
  let woken = 0;
  for (let k = 0; k < list.length; k++) {
    const w = unchecked(list[k]);
    if (w == t || w.exitedAt >= 0) continue;
    if (n >= 0 && woken >= n) break;
    if (n >= 0 && w.blockedOn != -2) continue; // counted wakes go to tasks that wait
    directWake(w);
    woken++;
  }
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
  if (unchecked(owner[o]) != t) return STEP_CONTINUE;
  const w = dequeueWaiter(o, false);
  unchecked((owner[o] = w));
  if (w != null) {
    w.blockedOn = -1;
    wakeLater(w, false);
  }
  return STEP_CONTINUE;
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
  if (unchecked(tokens[o]) + bytes > capacity && unchecked(tokens[o]) > 0) {
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
 * PERIOD a=period dist, b=deadline (0 = the period): sleep to the next period boundary. An
 * iteration that ends after its deadline counts a miss; a late task starts its next period now.
 */
export function stepPeriod(t: Task, i: i32): i32 {
  const g = unchecked(groups[t.group]);
  const p = drawNs(<i32>unchecked(opA[i]), t.rng);
  let dl = <i64>unchecked(opB[i]);
  if (dl <= 0) dl = p;
  if (t.periodStart < 0) t.periodStart = t.createdAt;
  count(C_DEADLINES);
  groupAdd(g.idx, G_DEADLINES, 1);
  if (now > t.periodStart + dl) {
    count(C_DEADLINE_MISSES);
    groupAdd(g.idx, G_DEADLINE_MISSES, 1);
  }
  const next = t.periodStart + p;
  if (next <= now) {
    t.periodStart = now;
    return STEP_CONTINUE;
  }
  t.periodStart = next;
  stepSleepUntil = next;
  return STEP_SLEEP;
}

/** Is object `o` of kind `k`? (checked by the host; here only to keep indices in range) */
export function objOk(o: i32): bool {
  return o >= 0 && o < nobjects && unchecked(objKind[o]) > 0;
}

export function spawnGroup(i: i32): Group {
  return unchecked(groups[<i32>unchecked(opA[i])]);
}
