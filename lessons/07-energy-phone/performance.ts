// Performance first: every waking task goes to the fastest idle CPU (the two X1 cores, then the
// A76s, then the A55s), and every CPU that runs a task asks for its highest frequency. Nothing
// ever waits for a slow core — and the battery pays for it.

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_test_and_clear_cpu_idle, scx_bpf_nr_cpu_ids, scx_bpf_cpuperf_set, scx_bpf_task_cpu,
  cpu_capacity, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
} from "scx";

const SHARED_DSQ: u64 = 0;
/** The highest performance level (SCX_CPUPERF_ONE). */
const PERF_MAX: u32 = 1024;

/** CPU ids, fastest first. */
let by_speed = new StaticArray<i32>(0);

class Performance extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    for (let i = 0; i < by_speed.length; i++) {
      const cpu = by_speed[i];
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

  running(p: Task): void {
    scx_bpf_cpuperf_set(scx_bpf_task_cpu(p), PERF_MAX);
  }

  init(): i32 {
    const n = <i32>scx_bpf_nr_cpu_ids();
    by_speed = new StaticArray<i32>(n);
    for (let i = 0; i < n; i++) by_speed[i] = i;
    // Insertion sort by capacity, highest first (stable: lower ids first among equals).
    for (let i = 1; i < n; i++) {
      const c = by_speed[i];
      let j = i - 1;
      while (j >= 0 && cpu_capacity(by_speed[j]) < cpu_capacity(c)) {
        by_speed[j + 1] = by_speed[j];
        j--;
      }
      by_speed[j + 1] = c;
    }
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new Performance(), "performance");
