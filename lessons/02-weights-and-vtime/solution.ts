// Reference solution: weighted virtual time, as scx_simple does it. Each task carries a
// virtual clock (p.scx.dsq_vtime) that advances by the time it ran divided by its weight, and
// the queue is ordered by it: the task that is furthest behind runs next. A task of weight 305
// advances 3.05 times slower than one of weight 100, so it gets picked — and runs — about three
// times as often.

import {
  Ops, Task, register, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
} from "scx";

const SHARED_DSQ: u64 = 0;
const SLICE_NS: u64 = 5_000_000;

/** The smallest vtime among running tasks, roughly: where a newcomer starts. */
let vtime_now: u64 = 0;

class Weighted extends Ops {
  enqueue(p: Task, enq_flags: u64): void {
    scx_bpf_dsq_insert_vtime(p, SHARED_DSQ, SLICE_NS, p.scx.dsq_vtime, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    scx_bpf_dsq_move_to_local(SHARED_DSQ);
  }

  running(p: Task): void {
    if (p.scx.dsq_vtime > vtime_now) vtime_now = p.scx.dsq_vtime;
  }

  stopping(p: Task, runnable: bool): void {
    // Charge the time used, scaled by the inverse of the weight (100 = nice 0).
    p.scx.dsq_vtime += (SLICE_NS - p.scx.slice) * 100 / p.scx.weight;
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init(): i32 {
    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new Weighted(), "weighted");
