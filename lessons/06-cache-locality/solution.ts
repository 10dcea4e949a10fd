// Reference solution: keep tasks near their data. A waking task goes back to the CPU it last
// ran on if that CPU is idle (its cache still holds the task's data); else to an idle CPU of the
// same last-level cache (a cheap move: the data is one cache level away); only then anywhere.

import {
  Ops, Task, register, Cpumask, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local,
  scx_bpf_create_dsq, scx_bpf_test_and_clear_cpu_idle, scx_bpf_pick_idle_cpu, cpu_llc_id,
  llc_cpumask, bpf_cpumask_and, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
} from "scx";

const SHARED_DSQ: u64 = 0;

/** Scratch mask: the task's allowed CPUs within one LLC. */
const near = new Cpumask();

class Local extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    let cpu = -1;
    if (scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
      cpu = prev_cpu;
    } else {
      bpf_cpumask_and(near, p.cpus_ptr, llc_cpumask(cpu_llc_id(prev_cpu)));
      cpu = scx_bpf_pick_idle_cpu(near, 0);
      if (cpu < 0) cpu = scx_bpf_pick_idle_cpu(p.cpus_ptr, 0);
    }
    if (cpu < 0) return prev_cpu;
    scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
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

register(new Local(), "local");
