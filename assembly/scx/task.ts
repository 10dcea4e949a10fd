// The simulated task_struct: what a policy sees (pid, comm, scx fields, affinity) and the
// engine's own bookkeeping (state, queue links, program position, statistics).

import { Cpumask } from "./cpumask";
import { SCX_SLICE_DFL, SCX_SLICE_INF } from "./constants";
import { now } from "./clock";
import { onRunningSliceWrite } from "./engine";
import { Timer, TIMER_TASK } from "./eventq";
import { Dsq } from "./dsq";
import { Rng, STREAM_TASK_BASE } from "./rng";

// Task.state
export const TASK_NEW: i32 = 0;
export const TASK_SLEEPING: i32 = 1;
export const TASK_RUNNABLE: i32 = 2; // queued: in a DSQ, held by the policy, or in transit
export const TASK_RUNNING: i32 = 3;
export const TASK_DEAD: i32 = 4;

// Task.opsState: who owns a runnable task that is not in a DSQ (kernel: SCX_OPSS_*)
export const OPSS_NONE: i32 = 0;
export const OPSS_QUEUEING: i32 = 1; // inside ops.enqueue
export const OPSS_QUEUED: i32 = 2; // held by the policy, which must dispatch it

/** `p->scx`: the sched_ext entity. `slice` is live while the task runs. */
export class SchedExtEntity {
  /** Remaining slice as of `chargedAt` (ns). */
  _slice: u64 = SCX_SLICE_DFL;
  /** While running: the instant `_slice` was last charged. */
  chargedAt: i64 = 0;
  dsq_vtime: u64 = 0;
  weight: u32 = 100;
  flags: u32 = 0;
  /** Back-reference set by the Task constructor. */
  task: Task | null = null;

  /** The budget left, counted down while the task runs (saturating at 0). */
  get slice(): u64 {
    const s = this._slice;
    if (changetype<Task>(this.task).runningCpu < 0 || s == SCX_SLICE_INF) return s;
    const used = <u64>(now - this.chargedAt);
    return used >= s ? 0 : s - used;
  }

  set slice(v: u64) {
    this._slice = v;
    this.chargedAt = now;
    const t = changetype<Task>(this.task);
    if (t.runningCpu >= 0) onRunningSliceWrite(t);
  }

  /** Folds the time run since the last charge into `_slice`. */
  charge(): void {
    const s = this.slice;
    this._slice = s;
    this.chargedAt = now;
  }
}

export class Task {
  pid: i32;
  /** The task's name: its workload group. */
  comm: string;
  scx: SchedExtEntity;
  cpus_ptr: Cpumask;
  nr_cpus_allowed: i32 = 0;
  /** The nice value (-20..19) the weight came from. */
  nice: i32 = 0;

  // --- engine bookkeeping; policies should not write these ---
  group: i32 = 0;
  state: i32 = TASK_NEW;
  /** task_cpu(p): the CPU whose run queue the task is on, or last ran on. */
  cpu: i32 = 0;
  /** CPU it is running on, -1 if not running. */
  runningCpu: i32 = -1;
  /** CPU it last ran on (-1 never): migrations are counted against it. */
  lastRanCpu: i32 = -1;
  opsState: i32 = OPSS_NONE;
  qseq: u32 = 0;

  // DSQ membership
  dsq: Dsq | null = null;
  dsqNext: Task | null = null;
  dsqPrev: Task | null = null;
  dsqHeapIdx: i32 = -1;
  dsqSeq: u64 = 0;

  // A direct dispatch recorded in select_cpu/enqueue, applied after the callback returns.
  ddspValid: bool = false;
  ddspDsq: u64 = 0;
  ddspFlags: u64 = 0;
  ddspVtime: bool = false;
  /** The callback that recorded the direct dispatch (OP_SELECT_CPU, OP_ENQUEUE, …). */
  ddspOp: i32 = -1;
  /** The task yielded: its stint ends with STOP_YIELD. */
  yielded: bool = false;
  /** enq flags select_cpu's insert asked for, OR'd into the enqueue. */
  selectFlags: u64 = 0;

  // Timing
  timer: Timer;
  createdAt: i64 = 0;
  exitedAt: i64 = -1;
  /** Watchdog: when the task last became runnable or was put back (kernel runnable_at). */
  runnableAt: i64 = 0;
  /** Start of the current wait for a CPU (run delay). */
  waitStart: i64 = -1;
  /** Start of the current wakeup (wakeup latency), -1 when none pending. */
  wakeStart: i64 = -1;
  stintStart: i64 = 0;
  cpuTime: i64 = 0;
  alwaysRunnable: bool = true;
  migrations: i32 = 0;

  // Workload program
  pc: i32 = 0;
  loopLeft: i32 = 1;
  /** Work left in the current run step, reference ns. */
  workLeft: f64 = 0;
  /** The next step of the program must be read when the task next runs. */
  needAdvance: bool = false;
  rng: Rng;
  /** Wall-clock end of a `runtime` step, -1 when none. */
  runtimeEnd: i64 = -1;
  /** Object the task is blocked on: -1 none, -2 a direct wakeup (`wait` without object). */
  blockedOn: i32 = -1;
  /** Bytes a blocked send/recv is waiting to move. */
  pendingBytes: i64 = 0;
  /** Forked tasks get SCX_WAKE_FORK on their first wakeup. */
  firstWake: bool = true;
  /** Wait-list link for events, mutexes, barriers, channels. */
  waitNext: Task | null = null;
  /** Next expiry of each rt-app timer slot, -1 unset. */
  timerSlots: StaticArray<i64> | null = null;
  /** Iteration start, for `period` deadlines. */
  periodStart: i64 = -1;
  /** The policy's own per-task data, if it wants one slot without a map. */
  data: u64 = 0;

  constructor(pid: i32) {
    this.pid = pid;
    this.comm = "";
    this.cpus_ptr = new Cpumask();
    this.timer = new Timer(TIMER_TASK, pid);
    this.rng = new Rng(STREAM_TASK_BASE + <u64>pid);
    this.scx = new SchedExtEntity();
    this.scx.task = this;
  }
}
