// A central scheduler: the port of the kernel's scx_central (tools/sched_ext/scx_central.bpf.c).
//
// One CPU, `central_cpu`, makes every scheduling decision. Woken tasks are steered to it and
// queued in one global FIFO; when any other CPU runs out of work it raises its "gimme" flag and
// kicks the central CPU, whose ops.dispatch() hands a task to each CPU that asked by inserting
// it straight into that CPU's local DSQ (SCX_DSQ_LOCAL_ON). Tasks get infinite slices, so the
// other CPUs are tickless; time slicing comes from a 1 ms BPF timer on the central CPU that
// preempts a CPU once its task has run for `slice_ns` and something is waiting.
//
// It demonstrates remote dispatching, SCX_KICK_PREEMPT / SCX_KICK_IDLE, SCX_OPS_ENQ_LAST and a
// BPF timer, not good scheduling: every decision waits for the central CPU, whose own task is
// preempted whenever anything is queued, so it does less useful work than the others; the FIFO
// knows nothing of weights or topology; and a CPU runs its task until the timer finds someone
// waiting, which makes the time slice at least `slice_ns` rounded up to the next millisecond.
//
// Simplified relative to the kernel's: there are no kthreads in the simulation, so the
// "per-CPU kthreads preempt at once" path is left out; the BPF queue of PIDs is a ring of task
// references of the same size (4096) with the same overflow path to the fallback DSQ.

import {
  Ops, Task, register, BpfTimer, bpf_timer_start, bpf_ktime_get_ns,
  scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq, scx_bpf_dsq_nr_queued,
  scx_bpf_dispatch_nr_slots, scx_bpf_kick_cpu, scx_bpf_task_cpu, scx_bpf_task_running,
  scx_bpf_nr_cpu_ids, scx_bpf_error,
  SCX_DSQ_LOCAL_ON, SCX_SLICE_INF, SCX_SLICE_DFL, SCX_KICK_PREEMPT, SCX_KICK_IDLE,
  SCX_OPS_ENQ_LAST, EINVAL,
} from "scx";

/** Knob: the CPU that makes every scheduling decision (scx_central -c). */
export let central_cpu: i32 = 0;
/** Knob: how long a task may run before the timer preempts it when others wait (-s). */
export let slice_ns: u64 = SCX_SLICE_DFL;

/** Where tasks go that the queue cannot take or that cannot run on the CPU popping them. */
const FALLBACK_DSQ_ID: u64 = 0;
/** Period of the time-slicing timer. */
const TIMER_INTERVAL_NS: u64 = 1_000_000;
/** max_entries of the kernel's central_q queue map. */
const CENTRAL_Q_MAX: i32 = 4096;

/** A bounded FIFO of tasks: the BPF_MAP_TYPE_QUEUE of PIDs in the original. */
class TaskQueue {
  ring: StaticArray<Task | null>;
  head: i32 = 0;
  len: i32 = 0;

  constructor(cap: i32) {
    this.ring = new StaticArray<Task | null>(cap);
  }

  /** bpf_map_push_elem(): false when the queue is full. */
  push(p: Task): bool {
    const cap = this.ring.length;
    if (this.len == cap) return false;
    let i = this.head + this.len;
    if (i >= cap) i -= cap;
    this.ring[i] = p;
    this.len++;
    return true;
  }

  /** bpf_map_pop_elem(): null when the queue is empty. */
  pop(): Task | null {
    if (this.len == 0) return null;
    const p = this.ring[this.head];
    this.ring[this.head] = null;
    this.head++;
    if (this.head == this.ring.length) this.head = 0;
    this.len--;
    return p;
  }
}

const central_q = new TaskQueue(CENTRAL_Q_MAX);
let nr_queued: u64 = 0;
let nr_timers: u64 = 0;
let nr_cpu_ids: i32 = 1;
/** Per CPU: it ran out of work and waits for the central CPU to hand it some. */
let cpu_gimme_task = new StaticArray<bool>(0);
/** Per CPU: when its current task started running, 0 when idle. */
let cpu_started_at = new StaticArray<u64>(0);

const central_timer = new BpfTimer(central_timerfn);

/** time_before64(): compare by signed difference, clock values wrap. */
function vtime_before(a: u64, b: u64): bool {
  return <i64>(a - b) < 0;
}

/** Pops tasks until one can run on `cpu` and inserts it into that CPU's local DSQ. */
function dispatch_to_cpu(cpu: i32): bool {
  while (true) {
    const p = central_q.pop();
    if (p == null) break;
    nr_queued--;

    // If we can't run the task at the top, do the dumb thing and bounce it to the fallback DSQ.
    if (!p.cpus_ptr.test(cpu)) {
      scx_bpf_dsq_insert(p, FALLBACK_DSQ_ID, SCX_SLICE_INF, 0);
      // Out of dispatch slots: the next insert would overflow the buffer.
      if (scx_bpf_dispatch_nr_slots() == 0) break;
      continue;
    }

    // Dispatch to the local DSQ and mark that the CPU doesn't need more.
    scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | <u64>cpu, SCX_SLICE_INF, 0);
    if (cpu != central_cpu) scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
    return true;
  }
  return false;
}

/**
 * Runs every millisecond on the central CPU: preempt each CPU whose task has used its slice,
 * provided something is waiting for it. Rotates the starting CPU so no CPU is always last.
 */
function central_timerfn(timer: BpfTimer): void {
  const now = bpf_ktime_get_ns();
  let nr_to_kick = nr_queued;

  for (let i = 0; i < nr_cpu_ids; i++) {
    const cpu = <i32>((nr_timers + <u64>i) % <u64>nr_cpu_ids);
    if (cpu == central_cpu) continue;

    // Kick iff the current one exhausted its slice...
    const started_at = cpu_started_at[cpu];
    if (started_at != 0 && vtime_before(now, started_at + slice_ns)) continue;

    // ...and there's something pending.
    if (scx_bpf_dsq_nr_queued(FALLBACK_DSQ_ID) > 0 || scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | <u64>cpu) > 0) {
      // work is already waiting for this CPU
    } else if (nr_to_kick > 0) {
      nr_to_kick--;
    } else {
      continue;
    }

    scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
  }

  bpf_timer_start(timer, TIMER_INTERVAL_NS, 0);
  nr_timers++;
}

class Central extends Ops {
  constructor() {
    super();
    // All decisions are made on the central CPU, so being the last task on a CPU means nothing
    // special: enqueue the last task like any other.
    this.flags = SCX_OPS_ENQ_LAST;
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    // Steer wakeups to the central CPU to avoid disturbing the others. Returning it blindly is
    // safe: it is a hint, and the kernel picks a fallback if p may not run there.
    return central_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    if (!central_q.push(p)) {
      scx_bpf_dsq_insert(p, FALLBACK_DSQ_ID, SCX_SLICE_INF, enq_flags);
      return;
    }
    nr_queued++;

    if (!scx_bpf_task_running(p)) scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    if (cpu == central_cpu) {
      // Dispatch for all other CPUs first.
      for (let c = 0; c < nr_cpu_ids; c++) {
        if (scx_bpf_dispatch_nr_slots() == 0) break;
        // The central CPU's gimme is never set.
        if (!cpu_gimme_task[c]) continue;
        if (dispatch_to_cpu(c)) cpu_gimme_task[c] = false;
      }

      // Out of dispatch slots: some CPUs may have been skipped and the central CPU still needs
      // a task. The core retries only while the local DSQ is empty, which it may not be, so
      // kick self explicitly to retry.
      if (scx_bpf_dispatch_nr_slots() == 0) {
        scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
        return;
      }

      // Look for a task to run on the central CPU.
      if (scx_bpf_dsq_move_to_local(FALLBACK_DSQ_ID)) return;
      dispatch_to_cpu(central_cpu);
    } else {
      if (scx_bpf_dsq_move_to_local(FALLBACK_DSQ_ID)) return;

      cpu_gimme_task[cpu] = true;
      // Force a dispatch on the central CPU so that it finds a task to run for us.
      scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
    }
  }

  running(p: Task): void {
    const now = bpf_ktime_get_ns();
    cpu_started_at[scx_bpf_task_cpu(p)] = now != 0 ? now : 1; // 0 means idle
  }

  stopping(p: Task, runnable: bool): void {
    cpu_started_at[scx_bpf_task_cpu(p)] = 0;
  }

  init(): i32 {
    nr_cpu_ids = <i32>scx_bpf_nr_cpu_ids();
    if (central_cpu < 0 || central_cpu >= nr_cpu_ids) {
      scx_bpf_error("central_cpu " + central_cpu.toString() + " is not a CPU of this machine");
      return -EINVAL;
    }
    cpu_gimme_task = new StaticArray<bool>(nr_cpu_ids);
    cpu_started_at = new StaticArray<u64>(nr_cpu_ids);

    const ret = scx_bpf_create_dsq(FALLBACK_DSQ_ID, -1);
    if (ret != 0) return ret;

    // BPF_F_TIMER_CPU_PIN: the timer runs on the central CPU.
    central_timer.cpu = central_cpu;
    bpf_timer_start(central_timer, TIMER_INTERVAL_NS, 0);
    return 0;
  }
}

register(new Central(), "central");
