// BPF timers (bpf_timer_init / bpf_timer_set_callback / bpf_timer_start) and task storage
// (bpf_task_storage_get), the two pieces of BPF runtime the example schedulers lean on. A
// timer callback runs in an unlocked context: kicks and DSQ queries are allowed there, inserts
// are not, as in the kernel.

import { now } from "./clock";
import { Timer, TIMER_BPF, arm, disarm } from "./eventq";
import { Task } from "./task";
import { setContext, curOp, curCpu, curTask } from "./exit";
import { OP_BPF_TIMER } from "./callids";
import { logCall, logOn } from "./trace";

export class BpfTimer {
  timer: Timer;
  callback: (t: BpfTimer) => void;
  /** The CPU the timer is pinned to (BPF_F_TIMER_CPU_PIN), for the context of its callback. */
  cpu: i32 = 0;

  constructor(callback: (t: BpfTimer) => void) {
    this.callback = callback;
    this.timer = new Timer(TIMER_BPF, bpfTimers.length);
    bpfTimers.push(this);
  }
}

let bpfTimers = new Array<BpfTimer>();

export function bpfTimersReset(): void {
  // Timers made at module start (top-level `const t = new BpfTimer(cb)`) stay registered.
  for (let i = 0; i < bpfTimers.length; i++) bpfTimers[i].timer.armed = false;
}

const MAX_DELAY_NS: u64 = (<u64>1) << 62;

/** Starts (or restarts) `t` to fire `nsecs` from now. */
export function bpf_timer_start(t: BpfTimer, nsecs: u64, flags: u64): i32 {
  // At least 1 µs: a timer re-armed at zero delay would otherwise stop simulated time. At most
  // 2^62 ns (146 years): a larger u64 would wrap to a time before now as a signed time.
  const d = nsecs < 1000 ? 1000 : nsecs > MAX_DELAY_NS ? MAX_DELAY_NS : nsecs;
  arm(t.timer, now + <i64>d);
  return 0;
}

export function bpf_timer_cancel(t: BpfTimer): i32 {
  const was = t.timer.armed;
  disarm(t.timer);
  return was ? 1 : 0;
}

export function bpfTimerFired(id: i32): void {
  const t = bpfTimers[id];
  const so = curOp, sc = curCpu, st = curTask;
  setContext(OP_BPF_TIMER, t.cpu, null);
  if (logOn) logCall(OP_BPF_TIMER, t.cpu, -1, 1, <u64>id, 0, 0, 0, 0);
  t.callback(t);
  setContext(so, sc, st);
}

/** Per-task data of a policy, like a BPF_MAP_TYPE_TASK_STORAGE map. */
export class TaskStorage<T> {
  private slots: Array<T | null> = new Array<T | null>();

  /** The task's value, or null when there is none yet. */
  get(p: Task): T | null {
    const i = p.pid;
    if (i >= this.slots.length) return null;
    return unchecked(this.slots[i]);
  }

  set(p: Task, v: T): void {
    const i = p.pid;
    while (this.slots.length <= i) this.slots.push(null);
    this.slots[i] = v;
  }

  delete(p: Task): void {
    if (p.pid < this.slots.length) this.slots[p.pid] = null;
  }
}

