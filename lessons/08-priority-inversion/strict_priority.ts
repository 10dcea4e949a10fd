// Strict priority: three queues by weight (nice below 0, nice 0, nice above 0). A CPU always
// runs a task of the highest non-empty queue, and a waking task of a higher priority preempts a
// lower one at once. The high-priority task should never wait for anyone… unless it waits for
// a lock that a low-priority task holds.

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_kick_cpu, scx_bpf_task_cpu, scx_bpf_cpu_curr, SCX_SLICE_DFL, SCX_KICK_PREEMPT,
} from "scx";

const HIGH_DSQ: u64 = 0;
const MEDIUM_DSQ: u64 = 1;
const LOW_DSQ: u64 = 2;

/** 0 high, 1 medium, 2 low: the DSQ of a task. Weight 100 is nice 0. */
function prio(p: Task): u64 {
  return p.scx.weight > 100 ? HIGH_DSQ : p.scx.weight == 100 ? MEDIUM_DSQ : LOW_DSQ;
}

class StrictPriority extends Ops {
  enqueue(p: Task, enq_flags: u64): void {
    scx_bpf_dsq_insert(p, prio(p), SCX_SLICE_DFL, enq_flags);
    const cpu = scx_bpf_task_cpu(p);
    const curr = scx_bpf_cpu_curr(cpu);
    if (curr != null && prio(p) < prio(curr)) scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    if (scx_bpf_dsq_move_to_local(HIGH_DSQ)) return;
    if (scx_bpf_dsq_move_to_local(MEDIUM_DSQ)) return;
    scx_bpf_dsq_move_to_local(LOW_DSQ);
  }

  init(): i32 {
    let err = scx_bpf_create_dsq(HIGH_DSQ, -1);
    if (err == 0) err = scx_bpf_create_dsq(MEDIUM_DSQ, -1);
    if (err == 0) err = scx_bpf_create_dsq(LOW_DSQ, -1);
    return err;
  }
}

register(new StrictPriority(), "strict_priority");
