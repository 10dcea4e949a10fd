// A simple scheduler: the port of the kernel's scx_simple (tools/sched_ext/scx_simple.bpf.c).
//
// By default it runs weighted virtual time: every task is charged the time it ran, scaled by
// the inverse of its weight, and the CPUs take the task with the least virtual time from one
// shared queue. With `fifo_sched` set it is a plain global FIFO instead.
//
// It shows the smallest complete sched_ext scheduler: idle CPUs are found by the built-in
// scx_bpf_select_cpu_dfl() and get the waking task directly; everything else goes through one
// shared DSQ. It works well on CPUs with one uniform last-level cache. On anything bigger the
// single queue is a point of contention and ignores cache locality; in FIFO mode saturating
// tasks can easily drown out interactive ones.

import {
  Ops, Task, register, BoolRef, scx_bpf_select_cpu_dfl, scx_bpf_dsq_insert,
  scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  SCX_DSQ_LOCAL, SCX_SLICE_DFL,
} from "scx";

/** Knob: a global FIFO instead of weighted vtime (scx_simple -f). */
export let fifo_sched: bool = false;

/** The one shared DSQ. ID 0 is free: user DSQ ids only need bit 63 clear. */
const SHARED_DSQ: u64 = 0;

/** The highest vtime any task started running at: where a woken task's credit is measured from. */
let vtime_now: u64 = 0;

const is_idle = new BoolRef();

/** time_before64(): vtimes wrap, so compare by signed difference. */
function vtime_before(a: u64, b: u64): bool {
  return <i64>(a - b) < 0;
}

class Simple extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, is_idle);
    if (is_idle.value) scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
    return cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    if (fifo_sched) {
      scx_bpf_dsq_insert(p, SHARED_DSQ, SCX_SLICE_DFL, enq_flags);
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
    // Charge the slice used, scaled by the inverse weight. A yield (slice set to 0) is
    // charged a full slice.
    p.scx.dsq_vtime += (SCX_SLICE_DFL - p.scx.slice) * 100 / p.scx.weight;
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init(): i32 {
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new Simple(), "simple");
