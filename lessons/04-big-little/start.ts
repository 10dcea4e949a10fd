// A global FIFO, blind to core types: every task that becomes runnable joins one shared queue,
// and whichever CPU needs work takes the task at its head; an idle CPU found at wakeup (any
// CPU: the task's previous one if it is idle) gets the task directly.

import {
  Ops, Task, register, BoolRef, scx_bpf_select_cpu_dfl, scx_bpf_dsq_insert,
  scx_bpf_dsq_move_to_local, scx_bpf_create_dsq, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
} from "scx";

/** The one shared queue. */
const SHARED_DSQ: u64 = 0;

const is_idle = new BoolRef();

class Fifo extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, is_idle);
    if (is_idle.value) scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
    return cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    scx_bpf_dsq_insert(p, SHARED_DSQ, SCX_SLICE_DFL, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    scx_bpf_dsq_move_to_local(SHARED_DSQ);
  }

  init(): i32 {
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new Fifo(), "fifo");
