// Reference solution: put work where it fits. A task that used up its whole slice is heavy: it
// is queued for the big cores (BIG_DSQ), and an idle big core is woken for it. Every other task
// is light and is queued for the little cores (LITTLE_DSQ), which run it at a low frequency,
// cheaply. A big core takes light work only when no heavy task waits, and a little core never
// takes heavy work: the heavy job finishes sooner on a big core, and the light tasks stop
// keeping the big cluster (and its expensive frequency) busy.
//
// SCX_OPS_ENQ_LAST matters here: without it, a task whose slice ends while nothing else waits
// for its CPU simply keeps running there, and the heavy job would never leave the little core
// it started on. With it, such a task goes through ops.enqueue (with SCX_ENQ_LAST) like any
// other, and lands in BIG_DSQ.

import {
  Ops, Task, register, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_test_and_clear_cpu_idle, scx_bpf_nr_cpu_ids, scx_bpf_kick_cpu, cpu_capacity,
  SCX_DSQ_LOCAL, SCX_SLICE_DFL, SCX_KICK_IDLE, SCX_OPS_ENQ_LAST,
} from "scx";

const LITTLE_DSQ: u64 = 0;
const BIG_DSQ: u64 = 1;

function is_big(cpu: i32): bool {
  return cpu_capacity(cpu) == 1024;
}

function is_heavy(p: Task): bool {
  return p.scx.slice == 0;
}

class BigLittle extends Ops {
  constructor() {
    super();
    this.flags = SCX_OPS_ENQ_LAST;
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const heavy = is_heavy(p);
    const n = <i32>scx_bpf_nr_cpu_ids();
    for (let cpu = 0; cpu < n; cpu++) {
      if (is_big(cpu) != heavy) continue;
      if (scx_bpf_test_and_clear_cpu_idle(cpu)) {
        scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
        return cpu;
      }
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const heavy = is_heavy(p);
    scx_bpf_dsq_insert(p, heavy ? BIG_DSQ : LITTLE_DSQ, SCX_SLICE_DFL, enq_flags);
    if (heavy) {
      const n = <i32>scx_bpf_nr_cpu_ids();
      for (let cpu = 0; cpu < n; cpu++) if (is_big(cpu)) scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
    }
  }

  dispatch(cpu: i32, prev: Task | null): void {
    if (is_big(cpu)) {
      if (!scx_bpf_dsq_move_to_local(BIG_DSQ)) scx_bpf_dsq_move_to_local(LITTLE_DSQ);
    } else {
      scx_bpf_dsq_move_to_local(LITTLE_DSQ);
    }
  }

  init(): i32 {
    const err = scx_bpf_create_dsq(LITTLE_DSQ, -1);
    return err != 0 ? err : scx_bpf_create_dsq(BIG_DSQ, -1);
  }
}

register(new BigLittle(), "big_little");
