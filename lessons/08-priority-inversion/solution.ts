// Reference solution: priorities with aging. The scheduler cannot see who holds a lock, so it
// cannot lend the holder the waiter's priority (priority inheritance, what the kernel does for
// rt_mutex). What it can do is refuse to starve anybody: slices are short (1 ms), and a task
// that has waited in its queue longer than AGING_NS runs next, whatever its priority. The
// low-priority lock holder then gets half the CPU even while the medium task computes, leaves
// its critical section within a few milliseconds, and the high-priority task gets the lock in
// time. The price: the medium task's burst takes longer.

import {
  Ops, Task, register, TaskStorage, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local,
  scx_bpf_create_dsq, scx_bpf_kick_cpu, scx_bpf_task_cpu, scx_bpf_cpu_curr, scx_bpf_dsq_peek,
  scx_bpf_now, SCX_KICK_PREEMPT,
} from "scx";

const HIGH_DSQ: u64 = 0;
const MEDIUM_DSQ: u64 = 1;
const LOW_DSQ: u64 = 2;
const SLICE_NS: u64 = 1_000_000;
/** The longest a runnable task waits before it runs, whatever its priority. */
const AGING_NS: u64 = 2_000_000;

class Ctx {
  queued_at: u64 = 0;
}
const ctx = new TaskStorage<Ctx>();

function ctx_of(p: Task): Ctx {
  let c = ctx.get(p);
  if (c == null) {
    c = new Ctx();
    ctx.set(p, c);
  }
  return c;
}

function prio(p: Task): u64 {
  return p.scx.weight > 100 ? HIGH_DSQ : p.scx.weight == 100 ? MEDIUM_DSQ : LOW_DSQ;
}

/** Has the task at the head of `dsq` waited too long? */
function starving(dsq: u64): bool {
  const head = scx_bpf_dsq_peek(dsq);
  return head != null && scx_bpf_now() - ctx_of(head).queued_at > AGING_NS;
}

class AgingPriority extends Ops {
  enqueue(p: Task, enq_flags: u64): void {
    ctx_of(p).queued_at = scx_bpf_now();
    scx_bpf_dsq_insert(p, prio(p), SLICE_NS, enq_flags);
    const cpu = scx_bpf_task_cpu(p);
    const curr = scx_bpf_cpu_curr(cpu);
    if (curr != null && prio(p) < prio(curr)) scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    // The longest-starved queue first, then strict priority.
    if (starving(LOW_DSQ) && scx_bpf_dsq_move_to_local(LOW_DSQ)) return;
    if (starving(MEDIUM_DSQ) && scx_bpf_dsq_move_to_local(MEDIUM_DSQ)) return;
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

register(new AgingPriority(), "aging_priority");
