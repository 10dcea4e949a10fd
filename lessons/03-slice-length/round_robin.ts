// Round robin with a very short slice: one FIFO queue, and each task runs for slice_ns before
// the next one in line gets the CPU. A waking task never waits long — but every slice ends in a
// context switch, and on this machine a switch costs 20 µs.

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
} from "scx";

/** Knob: the time slice, ns. */
export let slice_ns: u64 = 50_000;

const SHARED_DSQ: u64 = 0;

class RoundRobin extends Ops {
  enqueue(p: Task, enq_flags: u64): void {
    scx_bpf_dsq_insert(p, SHARED_DSQ, slice_ns, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    scx_bpf_dsq_move_to_local(SHARED_DSQ);
  }

  init(): i32 {
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new RoundRobin(), "round_robin");
