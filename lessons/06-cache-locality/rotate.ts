// Rotating placement: a waking task goes to the next idle CPU after the one the previous wakeup
// got, round and round, so that work is spread evenly over all CPUs. Every CPU is used — but a
// task rarely comes back to the CPU whose cache holds its data.

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_test_and_clear_cpu_idle, scx_bpf_nr_cpu_ids, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
} from "scx";

const SHARED_DSQ: u64 = 0;

/** Where the next search for an idle CPU starts. */
let next_cpu: i32 = 0;

class Rotate extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const n = <i32>scx_bpf_nr_cpu_ids();
    for (let i = 0; i < n; i++) {
      const cpu = (next_cpu + i) % n;
      if (scx_bpf_test_and_clear_cpu_idle(cpu)) {
        next_cpu = (cpu + 1) % n;
        scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
        return cpu;
      }
    }
    return prev_cpu;
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

register(new Rotate(), "rotate");
