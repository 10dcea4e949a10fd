// Prefer the previous CPU: the port of scx_prev (sched-ext/scx scheds/c/scx_prev.bpf.c), with
// simple's weighted virtual time for the tasks that find no idle CPU.
//
// A waking task goes back to the CPU it last ran on whenever that CPU is idle, even if its SMT
// sibling is busy; only if it is not does the task take any idle CPU. Either way it is
// dispatched there directly. Tasks that find no idle CPU wait in one shared queue ordered by
// weighted virtual time, as in simple.
//
// The difference from simple is one step of the idle search: scx_bpf_select_cpu_dfl() prefers
// a whole idle SMT core to an idle previous CPU, which spreads tasks out but throws away warm
// caches; prev keeps them, and migrates less. It was written for OLTP databases on machines
// with one LLC and no NUMA, where its author measured it ahead of the kernel's fair class
// (6.12), scx_simple and scx_rusty. It ignores the LLC and NUMA spans entirely, so on bigger
// machines an idle CPU may be picked far away, and it may leave a task sharing a core with a
// busy sibling while whole cores sit idle.
//
// Relative to the original, which leaves ops.enqueue out (so waiting tasks go to the kernel's
// global FIFO), the waiting queue is simple's weighted vtime queue; `fifo_sched` restores the
// original's global FIFO.

import {
  Ops, Task, register, scx_bpf_test_and_clear_cpu_idle, scx_bpf_pick_idle_cpu,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  SCX_DSQ_LOCAL, SCX_DSQ_GLOBAL, SCX_SLICE_DFL,
} from "scx";

/** Knob: queue waiting tasks in the kernel's global FIFO, as the original scx_prev does. */
export let fifo_sched: bool = false;

/** The shared vtime queue. */
const SHARED_DSQ: u64 = 0;

/** The highest vtime any task started running at: where a woken task's credit is measured from. */
let vtime_now: u64 = 0;

/** time_before64(): vtimes wrap, so compare by signed difference. */
function vtime_before(a: u64, b: u64): bool {
  return <i64>(a - b) < 0;
}

class Prev extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    let cpu: i32;
    // The previous CPU if it is idle (claiming it), whatever its SMT sibling is doing...
    if (scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
      cpu = prev_cpu;
    } else {
      // ...else any idle CPU the task may use...
      cpu = scx_bpf_pick_idle_cpu(p.cpus_ptr, 0);
      // ...else stay where it was and wait in the queue.
      if (cpu < 0) return prev_cpu;
    }
    scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
    return cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    if (fifo_sched) {
      scx_bpf_dsq_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
      return;
    }
    let vtime = p.scx.dsq_vtime;
    // A task that slept may not bank more than one slice of credit.
    if (vtime_before(vtime, vtime_now - SCX_SLICE_DFL)) vtime = vtime_now - SCX_SLICE_DFL;
    scx_bpf_dsq_insert_vtime(p, SHARED_DSQ, SCX_SLICE_DFL, vtime, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    scx_bpf_dsq_move_to_local(SHARED_DSQ);
  }

  running(p: Task): void {
    if (fifo_sched) return;
    // Racy in the kernel (many CPUs update it); any error is contained and temporary.
    if (vtime_before(vtime_now, p.scx.dsq_vtime)) vtime_now = p.scx.dsq_vtime;
  }

  stopping(p: Task, runnable: bool): void {
    if (fifo_sched) return;
    // Charge the slice used, scaled by the inverse weight.
    p.scx.dsq_vtime += ((SCX_SLICE_DFL - p.scx.slice) * 100) / p.scx.weight;
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init(): i32 {
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new Prev(), "prev");
