// Round robin: one FIFO queue, and every task gets the same 5 ms slice in turn. Each runnable
// task therefore gets the same share of the CPU, whatever its nice value says.

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
} from "scx";

const SHARED_DSQ: u64 = 0;
const SLICE_NS: u64 = 5_000_000;

class RoundRobin extends Ops {
  enqueue(p: Task, enq_flags: u64): void {
    scx_bpf_dsq_insert(p, SHARED_DSQ, SLICE_NS, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    scx_bpf_dsq_move_to_local(SHARED_DSQ);
  }

  init(): i32 {
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new RoundRobin(), "round_robin");
