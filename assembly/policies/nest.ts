// A Nest scheduler: the port of scx_nest (sched-ext/scx scheds/c/scx_nest.bpf.c), after the
// paper "OS Scheduling with Nest: Keeping Tasks Close Together on Warm Cores" (EuroSys '22).
//
// Ordering is the same weighted virtual time as simple, from one global vtime DSQ. What differs
// is where a waking task goes: the scheduler keeps a small "primary nest" of cores it wants to
// keep busy (and therefore warm and at a high frequency) and a "reserve nest" of cores recently
// used. A waking task tries, in order, the core it is attached to (the one it woke on twice in a
// row), its previous core, then any idle core in the primary nest; only then a core from the
// reserve (which it promotes to primary), and finally any idle core, which joins the reserve.
// A primary core that finds nothing to run keeps its last task if it is still runnable, else
// starts a `p_remove_ns` timer that demotes it unless it gets used again first.
//
// At low load this packs work onto few cores, which leaves the others idle (cheaper, and on a
// real machine free to turbo the busy ones), at the cost of sometimes waiting for a busy nest
// core instead of waking an idle one elsewhere. It assumes one uniform L3; it knows nothing of
// big/little capacities.
//
// Simplified relative to the original: the statistics timer and counters are left out, and one
// scratch cpumask replaces the per-task temporary masks that BPF's rules require.

import {
  Ops, Task, register, TaskStorage, Cpumask, BpfTimer, bpf_timer_start, bpf_timer_cancel,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_test_and_clear_cpu_idle, scx_bpf_pick_idle_cpu, scx_bpf_nr_cpu_ids,
  SCX_DSQ_LOCAL, SCX_SLICE_DFL, SCX_PICK_IDLE_CORE, SCX_TASK_QUEUED, TASK_DEAD,
} from "scx";

/** Knob: how long an unused primary core stays in the nest (scx_nest -d, µs × 1000). */
export let p_remove_ns: u64 = 2_000_000;
/** Knob: the most cores the reserve nest may hold (-m). */
export let r_max: u64 = 5;
/** Knob: misses in a row after which a task takes a core straight into the primary nest (-i). */
export let r_impatient: u64 = 2;
/** Knob: the slice every task gets (-s). */
export let slice_ns: u64 = SCX_SLICE_DFL;
/** Knob: look for a whole idle SMT core before any idle CPU of a nest (-I). */
export let find_fully_idle: bool = false;

/** The one global vtime queue. */
const FALLBACK_DSQ_ID: u64 = 0;

/** Per-task scheduling context. */
class TaskCtx {
  /**
   * How many times in a row the task found no idle core in the primary nest. After
   * r_impatient misses it takes a core straight into the primary nest.
   */
  prev_misses: u64 = 0;
  /** The core it woke on twice in a row, which it tries first; -1 none. */
  attached_core: i32 = -1;
  /** The core it last ran on, to notice when it runs on the same core twice in a row. */
  prev_cpu: i32 = -1;
}

const task_ctx = new TaskStorage<TaskCtx>();

/** Per-CPU state: the timer that demotes the core from the primary nest. */
class PcpuCtx {
  timer: BpfTimer;
  scheduled_compaction: bool = false;

  constructor(cpu: i32) {
    this.timer = new BpfTimer(compact_primary_core);
    // BPF_F_TIMER_CPU_PIN: the callback runs on (and demotes) this CPU.
    this.timer.cpu = cpu;
  }
}

let pcpu_ctxs = new StaticArray<PcpuCtx>(0);
let primary_cpumask = new Cpumask();
let reserve_cpumask = new Cpumask();
/** Scratch mask for "the task's CPUs in this nest". */
let p_mask = new Cpumask();
let nr_reserved: u64 = 0;
let vtime_now: u64 = 0;

/** time_before64(): vtimes wrap, so compare by signed difference. */
function vtime_before(a: u64, b: u64): bool {
  return <i64>(a - b) < 0;
}

/** Adds `cpu` to the reserve nest if there is room, else leaves it in no nest. */
function try_make_core_reserved(cpu: i32): void {
  if (nr_reserved < r_max) {
    nr_reserved++;
    reserve_cpumask.set(cpu);
  } else {
    reserve_cpumask.clear(cpu);
  }
}

function update_attached(tctx: TaskCtx, prev_cpu: i32, new_cpu: i32): void {
  if (tctx.prev_cpu == new_cpu) tctx.attached_core = new_cpu;
  tctx.prev_cpu = prev_cpu;
}

/** The compaction timer fired without being cancelled: the core leaves the primary nest. */
function compact_primary_core(timer: BpfTimer): void {
  const cpu = timer.cpu;
  primary_cpumask.clear(cpu);
  try_make_core_reserved(cpu);
  pcpu_ctxs[cpu].scheduled_compaction = false;
}

/** `cpu` joins the primary nest (leaving the reserve if it was there); `p` goes straight to it. */
function migrate_primary(p: Task, tctx: TaskCtx, prev_cpu: i32, cpu: i32, reset_impatient: bool): i32 {
  if (reset_impatient) tctx.prev_misses = 0;
  const pcpu_ctx = pcpu_ctxs[cpu];
  if (pcpu_ctx.scheduled_compaction) {
    bpf_timer_cancel(pcpu_ctx.timer);
    pcpu_ctx.scheduled_compaction = false;
  }
  primary_cpumask.set(cpu);
  // The core may have been in the reserve: it was just promoted, or compacted concurrently.
  if (reserve_cpumask.test(cpu)) {
    nr_reserved--;
    reserve_cpumask.clear(cpu);
  }
  update_attached(tctx, prev_cpu, cpu);
  scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, 0);
  return cpu;
}

class Nest extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const tctx = changetype<TaskCtx>(task_ctx.get(p));
    let direct_to_primary = false;
    let cpu: i32;

    tctx.prev_cpu = prev_cpu;
    p_mask.and(p.cpus_ptr, primary_cpumask);

    // First try to wake the task on its attached core.
    const attached = tctx.attached_core;
    if (attached >= 0 && p_mask.test(attached) && scx_bpf_test_and_clear_cpu_idle(attached)) {
      return migrate_primary(p, tctx, prev_cpu, attached, true);
    }

    // Then stay on the previous core if it is in the primary nest (unless that is the attached
    // core, just tried).
    if (prev_cpu != attached && p_mask.test(prev_cpu) && scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
      return migrate_primary(p, tctx, prev_cpu, prev_cpu, true);
    }

    // Then a fully idle core in the primary nest, if asked for.
    if (find_fully_idle) {
      cpu = scx_bpf_pick_idle_cpu(p_mask, SCX_PICK_IDLE_CORE);
      if (cpu >= 0) return migrate_primary(p, tctx, prev_cpu, cpu, true);
    }

    // Then any idle core in the primary nest, even if its SMT sibling is busy.
    cpu = scx_bpf_pick_idle_cpu(p_mask, 0);
    if (cpu >= 0) return migrate_primary(p, tctx, prev_cpu, cpu, true);

    if (r_impatient > 0 && ++tctx.prev_misses >= r_impatient) {
      direct_to_primary = true;
      tctx.prev_misses = 0;
    }

    // Then the reserve nest: a fully idle core (if asked for), then any idle core. A core
    // found there is promoted to the primary nest.
    p_mask.and(p.cpus_ptr, reserve_cpumask);
    if (find_fully_idle) {
      cpu = scx_bpf_pick_idle_cpu(p_mask, SCX_PICK_IDLE_CORE);
      if (cpu >= 0) return migrate_primary(p, tctx, prev_cpu, cpu, false);
    }
    cpu = scx_bpf_pick_idle_cpu(p_mask, 0);
    if (cpu >= 0) return migrate_primary(p, tctx, prev_cpu, cpu, false);

    // Then any idle core the task may use. It should be in no nest; check anyway, a nest
    // may have changed since the masks above were computed.
    cpu = scx_bpf_pick_idle_cpu(p.cpus_ptr, 0);
    if (cpu >= 0) {
      if (primary_cpumask.test(cpu) || reserve_cpumask.test(cpu) || direct_to_primary) {
        return migrate_primary(p, tctx, prev_cpu, cpu, false);
      }
      // A core outside the nests joins the reserve. The task is not dispatched directly: it
      // waits in the global queue, and the idle core it woke takes it from there.
      try_make_core_reserved(cpu);
      return cpu;
    }

    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    let vtime = p.scx.dsq_vtime;
    // Limit the budget an idling task can accumulate to one slice.
    if (vtime_before(vtime, vtime_now - slice_ns)) vtime = vtime_now - slice_ns;
    scx_bpf_dsq_insert_vtime(p, FALLBACK_DSQ_ID, slice_ns, vtime, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    if (scx_bpf_dsq_move_to_local(FALLBACK_DSQ_ID)) return;

    const in_primary = primary_cpumask.test(cpu);

    // Nothing queued: a primary core keeps running its task. The insert refills prev's slice;
    // the kernel then drops the insert itself, since prev is not queued with the scheduler.
    if (prev != null && (prev.scx.flags & SCX_TASK_QUEUED) != 0 && in_primary) {
      scx_bpf_dsq_insert(prev, SCX_DSQ_LOCAL, slice_ns, 0);
      return;
    }

    if (!in_primary) return;
    // Demote a primary core at once if its last task died, except the first core of the nest,
    // so that at least one core tends to stay in it.
    if (prev != null && prev.state == TASK_DEAD && cpu != primary_cpumask.first()) {
      primary_cpumask.clear(cpu);
      try_make_core_reserved(cpu);
    } else {
      // The core is not being used any more: demote it in p_remove_ns unless it is used again.
      const pcpu_ctx = pcpu_ctxs[cpu];
      pcpu_ctx.scheduled_compaction = true;
      bpf_timer_start(pcpu_ctx.timer, p_remove_ns, 0);
    }
  }

  running(p: Task): void {
    // Global vtime progresses as tasks start running. Racy in the kernel (many CPUs update it);
    // any error is contained and temporary.
    if (vtime_before(vtime_now, p.scx.dsq_vtime)) vtime_now = p.scx.dsq_vtime;
  }

  stopping(p: Task, runnable: bool): void {
    // Charge the slice used, scaled by the inverse of the weight.
    p.scx.dsq_vtime += ((slice_ns - p.scx.slice) * 100) / p.scx.weight;
  }

  init_task(p: Task, fork: bool): i32 {
    task_ctx.set(p, new TaskCtx());
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    task_ctx.delete(p);
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init(): i32 {
    const n = <i32>scx_bpf_nr_cpu_ids();
    // Cpumasks are sized for the machine, so they are made once it is known.
    primary_cpumask = new Cpumask();
    reserve_cpumask = new Cpumask();
    p_mask = new Cpumask();
    pcpu_ctxs = new StaticArray<PcpuCtx>(n);
    for (let cpu = 0; cpu < n; cpu++) pcpu_ctxs[cpu] = new PcpuCtx(cpu);
    return scx_bpf_create_dsq(FALLBACK_DSQ_ID, -1);
  }
}

register(new Nest(), "nest");
