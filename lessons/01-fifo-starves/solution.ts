// Reference solution: two queues. A task that used up its whole slice is a hog: it goes to the
// back of BATCH_DSQ. Any other task — one that wakes up after waiting for input, a timer or a
// message, or a new one — joins INTERACTIVE_DSQ, which every CPU serves first, and kicks its CPU
// so that the hog running there gives way now instead of at the end of its 20 ms slice (a kick
// with SCX_KICK_PREEMPT zeroes the hog's slice, so the hog goes back to the batch queue). The
// hogs lose a little throughput to the extra switches; the interactive tasks stop waiting for
// whole slices.

import {
  Ops, Task, register, BoolRef, scx_bpf_select_cpu_dfl, scx_bpf_dsq_insert,
  scx_bpf_dsq_move_to_local, scx_bpf_create_dsq, scx_bpf_kick_cpu, scx_bpf_task_cpu,
  SCX_DSQ_LOCAL, SCX_SLICE_DFL, SCX_KICK_PREEMPT,
} from "scx";

const BATCH_DSQ: u64 = 0;
const INTERACTIVE_DSQ: u64 = 1;

const is_idle = new BoolRef();

class TwoQueues extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, is_idle);
    if (is_idle.value) scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
    return cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    if (p.scx.slice == 0) {
      scx_bpf_dsq_insert(p, BATCH_DSQ, SCX_SLICE_DFL, enq_flags);
      return;
    }
    scx_bpf_dsq_insert(p, INTERACTIVE_DSQ, SCX_SLICE_DFL, enq_flags);
    // No CPU was idle (select_cpu would have taken it): make the task's CPU reschedule now.
    scx_bpf_kick_cpu(scx_bpf_task_cpu(p), SCX_KICK_PREEMPT);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    if (!scx_bpf_dsq_move_to_local(INTERACTIVE_DSQ)) scx_bpf_dsq_move_to_local(BATCH_DSQ);
  }

  init(): i32 {
    const err = scx_bpf_create_dsq(BATCH_DSQ, -1);
    return err != 0 ? err : scx_bpf_create_dsq(INTERACTIVE_DSQ, -1);
  }
}

register(new TwoQueues(), "two_queues");
