// A five-level FIFO scheduler: the port of the kernel's scx_qmap (tools/sched_ext/scx_qmap.bpf.c).
//
// Tasks wait in five FIFOs kept by the scheduler itself (BPF queue maps in the original), one
// per weight class: weight ≤ 25 (nice ≥ 7) in queue 0, ≤ 50 in 1, < 200 (around nice 0) in 2,
// < 400 in 3, the rest in 4. Each CPU walks the queues round-robin and takes up to 1, 2, 4, 8,
// 16 tasks from queue 0..4 per visit, so a higher class gets more turns, but only by a power of
// two per class, not in proportion to weight, and within a class it is plain FIFO. A task that
// finds an idle CPU on wakeup goes straight to it, and so does one that may run on one CPU
// only, whatever its weight.
//
// It is a demonstration of BPF-side queueing: the tasks the scheduler holds are its own to
// dispatch (if it lost one, the watchdog would eject it, here after 5 s), stale entries are
// tolerated because the kernel drops spurious dispatches, and ops.cpu_release() re-enqueues
// tasks stranded in a local DSQ. It is not meant for real workloads: no vtime, no topology.
//
// Simplified relative to the kernel's: the iterator-based "highpri" boosting (-P), the
// core-sched ordering, the deliberate stall/error injection knobs and the statistics are left
// out. The tick's cpuperf demonstration (frequency from an average of weights) is kept behind
// the `cpuperf` knob, off by default here so that it does not dominate comparisons of energy.

import {
  Ops, Task, register, TaskStorage,
  scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq, scx_bpf_dispatch_nr_slots,
  scx_bpf_test_and_clear_cpu_idle, scx_bpf_pick_idle_cpu, scx_bpf_kick_cpu, scx_bpf_task_cpu,
  scx_bpf_reenqueue_local, scx_bpf_cpuperf_set, scx_bpf_nr_cpu_ids,
  SCX_DSQ_LOCAL, SCX_DSQ_LOCAL_ON, SCX_SLICE_DFL, SCX_ENQ_CPU_SELECTED, SCX_ENQ_REENQ,
  SCX_KICK_IDLE, SCX_CPUPERF_ONE,
} from "scx";

/** Knob: the slice every task gets (scx_qmap -s). */
export let slice_ns: u64 = SCX_SLICE_DFL;
/** Knob: tasks moved from the FIFOs to the shared DSQ per dispatch (-b). */
export let dsp_batch: u32 = 1;
/** Knob: set each CPU's performance target from a running average of weights (ops.tick). */
export let cpuperf: bool = false;

/** Where FIFO tasks are staged for CPUs to take, and where overflow and re-enqueues go. */
const SHARED_DSQ: u64 = 0;
/** max_entries of each queue map in the original. */
const QUEUE_MAX: i32 = 4096;
const NR_QUEUES: i32 = 5;

/** A bounded FIFO of tasks: a BPF_MAP_TYPE_QUEUE of PIDs in the original. */
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

const queues = new StaticArray<TaskQueue>(NR_QUEUES);
for (let i = 0; i < NR_QUEUES; i++) queues[i] = new TaskQueue(QUEUE_MAX);

/** Per-task scheduling context. */
class TaskCtx {
  /** select_cpu found an idle CPU: enqueue goes straight to its local DSQ. */
  force_local: bool = false;
}

const task_ctx = new TaskStorage<TaskCtx>();

/** Per-CPU dispatch state: which FIFO the CPU is on and how many more it may take from it. */
class CpuCtx {
  dsp_idx: i32 = 0;
  dsp_cnt: u32 = 0;
  avg_weight: u32 = 0;
}

let cpu_ctx = new StaticArray<CpuCtx>(0);

/** The performance target for each queue index, used by the cpuperf demonstration. */
const qidx_to_cpuperf_target: StaticArray<u32> = [
  (SCX_CPUPERF_ONE * 0) / 4,
  (SCX_CPUPERF_ONE * 1) / 4,
  (SCX_CPUPERF_ONE * 2) / 4,
  (SCX_CPUPERF_ONE * 3) / 4,
  (SCX_CPUPERF_ONE * 4) / 4,
];

/** Coarsely maps the weight to a FIFO. */
function weight_to_idx(weight: u32): i32 {
  if (weight <= 25) return 0;
  if (weight <= 50) return 1;
  if (weight < 200) return 2;
  if (weight < 400) return 3;
  return 4;
}

function lookup_task_ctx(p: Task): TaskCtx {
  return changetype<TaskCtx>(task_ctx.get(p));
}

/** prev if it is idle, else any idle CPU p may use, else -1. Claims the CPU it returns. */
function pick_direct_dispatch_cpu(p: Task, prev_cpu: i32): i32 {
  if (p.nr_cpus_allowed == 1 || scx_bpf_test_and_clear_cpu_idle(prev_cpu)) return prev_cpu;
  const cpu = scx_bpf_pick_idle_cpu(p.cpus_ptr, 0);
  return cpu >= 0 ? cpu : -1;
}

class Qmap extends Ops {
  constructor() {
    super();
    this.timeout_ms = 5000;
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const cpu = pick_direct_dispatch_cpu(p, prev_cpu);
    if (cpu >= 0) {
      lookup_task_ctx(p).force_local = true;
      return cpu;
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const tctx = lookup_task_ctx(p);

    // select_cpu() found an idle CPU for this task: go there.
    if (tctx.force_local) {
      tctx.force_local = false;
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, enq_flags);
      return;
    }

    // select_cpu() was not called (a re-enqueue, or a task that may run on one CPU): try a
    // direct dispatch here instead.
    if ((enq_flags & SCX_ENQ_CPU_SELECTED) == 0) {
      const cpu = pick_direct_dispatch_cpu(p, scx_bpf_task_cpu(p));
      if (cpu >= 0) {
        scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | <u64>cpu, slice_ns, enq_flags);
        return;
      }
    }

    // Re-enqueued because a higher class took the CPU: another CPU should pick it up, so put
    // it on the shared DSQ (slice 0 keeps what it had left) and wake an idle CPU.
    if ((enq_flags & SCX_ENQ_REENQ) != 0) {
      scx_bpf_dsq_insert(p, SHARED_DSQ, 0, enq_flags);
      const cpu = scx_bpf_pick_idle_cpu(p.cpus_ptr, 0);
      if (cpu >= 0) scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
      return;
    }

    // Queue on the FIFO of the task's weight class. If it overflows, punt to the shared DSQ.
    if (!queues[weight_to_idx(p.scx.weight)].push(p)) {
      scx_bpf_dsq_insert(p, SHARED_DSQ, slice_ns, enq_flags);
    }
  }

  dispatch(cpu: i32, prev: Task | null): void {
    if (scx_bpf_dsq_move_to_local(SHARED_DSQ)) return;

    const cpuc = cpu_ctx[cpu];
    let batch = dsp_batch != 0 ? dsp_batch : 1;

    for (let i = 0; i < NR_QUEUES; i++) {
      // Advance the dispatch cursor and pick the FIFO.
      if (cpuc.dsp_cnt == 0) {
        cpuc.dsp_idx = (cpuc.dsp_idx + 1) % NR_QUEUES;
        cpuc.dsp_cnt = 1 << <u32>cpuc.dsp_idx;
      }
      const fifo = queues[cpuc.dsp_idx];

      // Dispatch or advance.
      while (true) {
        const p = fifo.pop();
        if (p == null) break;

        // The task may have run elsewhere since it was queued: the kernel drops the insert
        // of a task the scheduler no longer owns (a spurious dispatch).
        scx_bpf_dsq_insert(p, SHARED_DSQ, slice_ns, 0);

        batch--;
        cpuc.dsp_cnt--;
        if (batch == 0 || scx_bpf_dispatch_nr_slots() == 0) {
          scx_bpf_dsq_move_to_local(SHARED_DSQ);
          return;
        }
        if (cpuc.dsp_cnt == 0) break;
      }

      cpuc.dsp_cnt = 0;
    }
    // No other tasks: prev, if still runnable, keeps running.
  }

  tick(p: Task): void {
    if (!cpuperf) return;
    // A running average of weights picks the performance target: a demonstration of the
    // cpuperf interface rather than a practical way to set frequencies.
    const cpuc = cpu_ctx[scx_bpf_task_cpu(p)];
    cpuc.avg_weight = (cpuc.avg_weight * 3) / 4 + p.scx.weight / 4;
    scx_bpf_cpuperf_set(scx_bpf_task_cpu(p), qidx_to_cpuperf_target[weight_to_idx(cpuc.avg_weight)]);
  }

  cpu_release(cpu: i32, reason: i32, next: Task | null): void {
    // A higher class took the CPU. Don't let the tasks in its local DSQ sit there until it
    // comes back: re-enqueue them (SCX_ENQ_REENQ in enqueue) so another CPU runs them.
    scx_bpf_reenqueue_local();
  }

  init_task(p: Task, fork: bool): i32 {
    task_ctx.set(p, new TaskCtx());
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    task_ctx.delete(p);
  }

  init(): i32 {
    const n = <i32>scx_bpf_nr_cpu_ids();
    cpu_ctx = new StaticArray<CpuCtx>(n);
    for (let i = 0; i < n; i++) cpu_ctx[i] = new CpuCtx();
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new Qmap(), "qmap");
