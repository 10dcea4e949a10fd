// Lowest idle CPU first: a waking task goes to the first idle CPU in numbering order (0, 1, 2,
// …), else to one shared queue. It looks tidy — the low CPUs fill up first — but on this
// machine CPUs 0 and 1 are two hardware threads of one core, and so are 2 and 3, …

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_test_and_clear_cpu_idle, scx_bpf_nr_cpu_ids, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
} from "scx";

const SHARED_DSQ: u64 = 0;

class Pack extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const n = <i32>scx_bpf_nr_cpu_ids();
    for (let cpu = 0; cpu < n; cpu++) {
      if (scx_bpf_test_and_clear_cpu_idle(cpu)) {
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

register(new Pack(), "pack");
