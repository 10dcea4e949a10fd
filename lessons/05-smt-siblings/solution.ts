// Reference solution: spread before you pack. Two busy hardware threads of one core share its
// execution units (here each runs at 0.6 of its solo speed), so a waking task first looks for a
// whole idle core (SCX_PICK_IDLE_CORE: both siblings idle), then for its previous CPU, and only
// then for any idle CPU.

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_pick_idle_cpu, scx_bpf_test_and_clear_cpu_idle, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
  SCX_PICK_IDLE_CORE,
} from "scx";

const SHARED_DSQ: u64 = 0;

class Spread extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    let cpu = scx_bpf_pick_idle_cpu(p.cpus_ptr, SCX_PICK_IDLE_CORE);
    if (cpu < 0 && scx_bpf_test_and_clear_cpu_idle(prev_cpu)) cpu = prev_cpu;
    if (cpu < 0) cpu = scx_bpf_pick_idle_cpu(p.cpus_ptr, 0);
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

register(new Spread(), "spread");
