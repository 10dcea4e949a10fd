// Reference solution: enough performance, no more. The UI thread needs a fast core to finish a
// frame in time, but not the fastest: it goes to an A76 (middle) core. The background tasks have
// no deadline: they go to the A55 (little) cores, the cheapest place to do work. No CPU asks for
// a frequency: the governor (schedutil) picks the lowest one that keeps up with the load, which
// is where a core spends the least energy per unit of work.
//
// Telling the two apart: the UI thread runs for a few ms every 16.7 ms, the background tasks
// sleep for 20–40 ms. A task that slept less than 20 ms (or is new) counts as part of the UI.

import {
  Ops, Task, register, TaskStorage, scx_bpf_dsq_insert, scx_bpf_dsq_move_to_local,
  scx_bpf_create_dsq, scx_bpf_test_and_clear_cpu_idle, scx_bpf_nr_cpu_ids, scx_bpf_now,
  cpu_capacity, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
} from "scx";

const LITTLE_DSQ: u64 = 0;
const MID_DSQ: u64 = 1;
/** Sleeps shorter than this mark a task as part of the frame loop. */
const FRAME_SLEEP_NS: u64 = 20_000_000;
/** CPUs of at least this capacity (of 1024) can render a frame in time; the A76s are 498. */
const MID_CAPACITY: u32 = 400;

class Ctx {
  /** When the task last went to sleep (or was created). */
  slept_at: u64 = 0;
  ui: bool = false;
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

/** Called as the task wakes up (select_cpu comes first, then enqueue). */
function classify(p: Task): Ctx {
  const c = ctx_of(p);
  c.ui = scx_bpf_now() - c.slept_at < FRAME_SLEEP_NS;
  return c;
}

/** The CPUs a task should use: the middle cores for the UI, the little ones for the rest. */
function fits(ui: bool, cpu: i32): bool {
  const cap = cpu_capacity(cpu);
  return ui ? cap >= MID_CAPACITY && cap < 1024 : cap < MID_CAPACITY;
}

class Efficient extends Ops {
  enable(p: Task): void {
    ctx_of(p).slept_at = scx_bpf_now();
  }

  quiescent(p: Task, deq_flags: u64): void {
    ctx_of(p).slept_at = scx_bpf_now();
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const ui = classify(p).ui;
    const n = <i32>scx_bpf_nr_cpu_ids();
    for (let cpu = 0; cpu < n; cpu++) {
      if (fits(ui, cpu) && scx_bpf_test_and_clear_cpu_idle(cpu)) {
        scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
        return cpu;
      }
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    scx_bpf_dsq_insert(p, classify(p).ui ? MID_DSQ : LITTLE_DSQ, SCX_SLICE_DFL, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    const cap = cpu_capacity(cpu);
    if (cap < MID_CAPACITY) scx_bpf_dsq_move_to_local(LITTLE_DSQ);
    else if (cap < 1024) scx_bpf_dsq_move_to_local(MID_DSQ);
    // The X1 cores stay idle: nothing here needs them.
  }

  init(): i32 {
    const err = scx_bpf_create_dsq(LITTLE_DSQ, -1);
    return err != 0 ? err : scx_bpf_create_dsq(MID_DSQ, -1);
  }
}

register(new Efficient(), "efficient");
