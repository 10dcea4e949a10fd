// An interactive-first vruntime/deadline scheduler: the port of scx_bpfland (sched-ext/scx
// scheds/rust/scx_bpfland), simplified.
//
// Each task's deadline is its weighted vruntime plus the time it has run since it last woke up.
// Tasks that wake up often may bank more vruntime credit (slice_lag times their wakeup
// frequency), so short, frequent sleepers — UI threads, audio, anything that waits for input —
// land ahead of CPU hogs, while a long burst pushes its own deadline back. The credit shrinks
// as the queues fill, so under heavy load the order falls back to plain vruntime and nobody
// starves. Waiting tasks sit in one vtime DSQ per CPU (tasks sent to a CPU found idle) and one
// per NUMA node (everything else); a CPU takes whichever head has the earlier deadline. Idle
// CPUs are searched in the "primary domain" first: on a big/LITTLE machine the big cores, so
// work spills to little cores only when every big core is busy.
//
// It trades throughput for responsiveness: slices are short (1 ms, divided by the number of
// waiting tasks), so CPU-bound work switches more often than under simple.
//
// Simplified relative to the real scheduler: the primary domain comes from the `primary_domain`
// knob, not from the platform power profile ("auto" means the big cores on a big/LITTLE machine,
// all CPUs otherwise); the "move the wakee toward a faster waker CPU" step is left out (the
// simulator does not tell a policy the waker's CPU); there are no kthreads, so local_kthreads
// does not apply; cpufreq control, CPU hotplug and cpu_release re-enqueueing are left out.

import {
  Ops, Task, register, TaskStorage, Cpumask,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_dsq_nr_queued, scx_bpf_dsq_peek, scx_bpf_select_cpu_and, scx_bpf_test_and_clear_cpu_idle,
  scx_bpf_kick_cpu, scx_bpf_now, scx_bpf_nr_cpu_ids, scx_bpf_cpu_node, scx_bpf_nr_node_ids,
  scx_bpf_task_cpu, scx_bpf_task_running, scx_bpf_get_idle_cpumask,
  cpu_capacity, cpu_smt_mask, is_asymmetric, smt_active,
  SCX_DSQ_LOCAL, SCX_ENQ_CPU_SELECTED, SCX_KICK_IDLE, SCX_TASK_QUEUED,
} from "scx";

/** Knob: the longest slice a task gets, in ns (scx_bpfland -s, there in µs). */
export let slice_max: u64 = 1_000_000;
/** Knob: the shortest slice, however many tasks wait (-S). */
export let slice_min: u64 = 0;
/** Knob: vruntime credit a task may bank per unit of wakeup frequency (-l). */
export let slice_lag: u64 = 40_000_000;
/** Knob: tasks that may run on one CPU only go straight to its local DSQ (--local-pcpu). */
export let local_pcpu: bool = true;
/** Knob: tasks that run for less than 10 µs at a time stay on their CPU (--sticky-tasks). */
export let sticky_tasks: bool = true;
/** Knob: where idle CPUs are searched first: 0 auto, 1 performance, 2 powersave, 3 all (-m). */
export let primary_domain: i32 = 0;
/** Knob: scan idle CPUs in order of capacity, fastest first (--preferred-idle-scan). */
export let preferred_idle_scan: bool = false;

/** Wakeup frequency cap: 64 wakeups per 100 ms. */
const MAX_WAKEUP_FREQ: u64 = 64;
/** Queued work (× slice_max) at which sleepers stop getting extra credit. */
const STARVATION_THRESH: u64 = 500_000_000;
/** Tasks that run for less than this per stint count as "sticky". */
const STICKY_RUNTIME: u64 = 10_000;

class TaskCtx {
  last_run_at: u64 = 0;
  last_woke_at: u64 = 0;
  /** EWMA of wakeups per 100 ms. */
  wakeup_freq: u64 = 0;
  /** Weighted runtime since the last wakeup: what pushes a long burst back. */
  awake_vtime: u64 = 0;
  /** EWMA of the runtime of one stint. */
  avg_runtime: u64 = 0;
}

const task_ctx = new TaskStorage<TaskCtx>();

let vtime_now: u64 = 0;
let nr_cpu_ids: i32 = 0;
/** Per-CPU DSQ ids are the CPU numbers; per-node DSQs follow them. */
let node_dsq_base: u64 = 0;
let primary: Cpumask = new Cpumask();
let primary_all: bool = true;
/** CPUs sorted by capacity, fastest first (preferred_cpus[] in the original). */
let preferred_cpus: StaticArray<i32> = new StaticArray<i32>(0);

function ctx(p: Task): TaskCtx {
  let t = task_ctx.get(p);
  if (t == null) {
    t = new TaskCtx();
    task_ctx.set(p, t);
  }
  return t;
}

function vtime_before(a: u64, b: u64): bool {
  return <i64>(a - b) < 0;
}

/** new_avg = old × 0.75 + new × 0.25, as in scx_lavd's calc_avg(). */
function calc_avg(old_val: u64, new_val: u64): u64 {
  return old_val - (old_val >> 2) + (new_val >> 2);
}

function scale_by_task_weight(p: Task, v: u64): u64 {
  return v * <u64>p.scx.weight / 100;
}

function scale_by_task_weight_inverse(p: Task, v: u64): u64 {
  return v * 100 / <u64>p.scx.weight;
}

function cpu_dsq(cpu: i32): u64 {
  return <u64>cpu;
}

function node_dsq(cpu: i32): u64 {
  return node_dsq_base + <u64>scx_bpf_cpu_node(cpu);
}

/** Tasks waiting for `cpu`: in its own DSQ and in its node's. */
function nr_tasks_waiting(cpu: i32): u64 {
  return <u64>(scx_bpf_dsq_nr_queued(cpu_dsq(cpu)) + scx_bpf_dsq_nr_queued(node_dsq(cpu)));
}

/**
 * The CPU shares its core with a busy sibling while a whole idle core exists elsewhere:
 * running here would halve its speed for nothing.
 */
function is_smt_contended(cpu: i32): bool {
  if (!smt_active()) return false;
  const idle = scx_bpf_get_idle_cpumask();
  const smt = cpu_smt_mask(cpu);
  smt.clear(cpu);
  return !smt.subsetOf(idle) && !idle.empty();
}

/** The slice: slice_max scaled by weight, shared among the tasks waiting for this CPU. */
function task_slice(p: Task, cpu: i32): u64 {
  let n = nr_tasks_waiting(cpu);
  if (n == 0) n = 1;
  const s = scale_by_task_weight(p, slice_max) / n;
  return s > slice_min ? s : slice_min;
}

/**
 * The deadline: vruntime (with the sleep credit clamped) plus the vruntime used since the
 * last wakeup. Frequent wakers may bank more credit, but less and less as the queues fill.
 */
function task_dl(p: Task, cpu: i32, t: TaskCtx): u64 {
  const q_thresh_raw = STARVATION_THRESH / slice_max;
  const q_thresh = q_thresh_raw > 0 ? q_thresh_raw : 1;
  const nr_queued = nr_tasks_waiting(cpu);
  let lag_scale = t.wakeup_freq > 1 ? t.wakeup_freq : 1;
  if (nr_queued * slice_max >= STARVATION_THRESH) {
    lag_scale = 1;
  } else {
    lag_scale = lag_scale * q_thresh / (q_thresh + nr_queued);
    if (lag_scale < 1) lag_scale = 1;
  }
  const vtime_min = vtime_now - scale_by_task_weight(p, slice_lag * lag_scale);
  if (vtime_before(p.scx.dsq_vtime, vtime_min)) p.scx.dsq_vtime = vtime_min;
  const awake_max = scale_by_task_weight_inverse(p, slice_lag);
  if (t.awake_vtime > awake_max) t.awake_vtime = awake_max;
  return p.scx.dsq_vtime + t.awake_vtime;
}

/** The first idle CPU by capacity (prev_cpu first), optionally primary-only or whole-core-only. */
function scan_preferred(
  p: Task, prev_cpu: i32, idle: Cpumask, primary_only: bool, whole_core: bool,
): i32 {
  for (let i = -1; i < preferred_cpus.length; i++) {
    const cpu = i < 0 ? prev_cpu : unchecked(preferred_cpus[i]);
    if (!p.cpus_ptr.test(cpu) || !idle.test(cpu)) continue;
    if (primary_only && !primary.test(cpu)) continue;
    if (whole_core && !cpu_smt_mask(cpu).subsetOf(idle)) continue;
    if (scx_bpf_test_and_clear_cpu_idle(cpu)) return cpu;
  }
  return -1;
}

/** Walks CPUs fastest first: the primary domain, then all; whole idle cores before busy ones. */
function pick_idle_cpu_preferred(p: Task, prev_cpu: i32): i32 {
  const idle = scx_bpf_get_idle_cpumask();
  let cpu = -1;
  if (!primary_all) {
    if (smt_active()) cpu = scan_preferred(p, prev_cpu, idle, true, true);
    if (cpu < 0) cpu = scan_preferred(p, prev_cpu, idle, true, false);
  }
  if (cpu < 0 && smt_active()) cpu = scan_preferred(p, prev_cpu, idle, false, true);
  if (cpu < 0) cpu = scan_preferred(p, prev_cpu, idle, false, false);
  return cpu;
}

/** An idle CPU for `p`, claimed, or a negative value. */
function pick_idle_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
  if (p.nr_cpus_allowed == 1) return scx_bpf_test_and_clear_cpu_idle(prev_cpu) ? prev_cpu : -1;
  if (preferred_idle_scan) return pick_idle_cpu_preferred(p, prev_cpu);
  if (!primary_all) {
    const cpu = scx_bpf_select_cpu_and(p, prev_cpu, wake_flags, primary, 0);
    if (cpu >= 0) return cpu;
  }
  return scx_bpf_select_cpu_and(p, prev_cpu, wake_flags, p.cpus_ptr, 0);
}

/** Fills `primary` from the knob; big cores are those at or above the average capacity. */
function init_primary_domain(): void {
  primary = new Cpumask();
  let sum: u64 = 0;
  for (let c = 0; c < nr_cpu_ids; c++) sum += <u64>cpu_capacity(c);
  const avg = sum / <u64>nr_cpu_ids;
  let mode = primary_domain;
  if (mode == 0) mode = is_asymmetric() ? 1 : 3;
  for (let c = 0; c < nr_cpu_ids; c++) {
    const cap = <u64>cpu_capacity(c);
    if (mode == 3 || (mode == 1 && cap >= avg) || (mode == 2 && cap < avg)) primary.set(c);
  }
  primary_all = primary.weight() == nr_cpu_ids || primary.empty();

  preferred_cpus = new StaticArray<i32>(nr_cpu_ids);
  for (let c = 0; c < nr_cpu_ids; c++) preferred_cpus[c] = c;
  // Insertion sort by capacity, descending; stable so equal CPUs keep their order.
  for (let i = 1; i < nr_cpu_ids; i++) {
    const c = preferred_cpus[i];
    let j = i - 1;
    while (j >= 0 && cpu_capacity(preferred_cpus[j]) < cpu_capacity(c)) {
      preferred_cpus[j + 1] = preferred_cpus[j];
      j--;
    }
    preferred_cpus[j + 1] = c;
  }
}

class Bpfland extends Ops {
  constructor() {
    super();
    this.timeout_ms = 5000;
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const cpu = pick_idle_cpu(p, prev_cpu, wake_flags);
    if (cpu >= 0) {
      // The idle CPU is woken by the wakeup itself and finds the task in its own DSQ.
      scx_bpf_dsq_insert_vtime(p, cpu_dsq(cpu), task_slice(p, cpu), task_dl(p, cpu, ctx(p)), 0);
      return cpu;
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const prev_cpu = scx_bpf_task_cpu(p);
    const t = ctx(p);
    // Tasks that barely run are cheaper to keep where they are than to move.
    if (sticky_tasks && t.avg_runtime < STICKY_RUNTIME) {
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, prev_cpu), enq_flags);
      return;
    }
    if (p.nr_cpus_allowed == 1 && local_pcpu) {
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, prev_cpu), enq_flags);
      return;
    }
    // No select_cpu for this wakeup, or the CPU shares a busy core: look for an idle CPU now.
    const skipped = (enq_flags & SCX_ENQ_CPU_SELECTED) == 0;
    if ((skipped && !scx_bpf_task_running(p)) || is_smt_contended(prev_cpu)) {
      const cpu = pick_idle_cpu(p, prev_cpu, 0);
      if (cpu >= 0) {
        const dl = task_dl(p, cpu, t);
        scx_bpf_dsq_insert_vtime(p, cpu_dsq(cpu), task_slice(p, cpu), dl, enq_flags);
        scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
        return;
      }
    }
    const dl = task_dl(p, prev_cpu, t);
    scx_bpf_dsq_insert_vtime(p, node_dsq(prev_cpu), task_slice(p, prev_cpu), dl, enq_flags);
    if (skipped) scx_bpf_kick_cpu(prev_cpu, SCX_KICK_IDLE);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    const mine = cpu_dsq(cpu);
    const node = node_dsq(cpu);
    // Take whichever head has the earlier deadline, then fall back to the other queue.
    const a = scx_bpf_dsq_peek(mine);
    const b = scx_bpf_dsq_peek(node);
    if (a != null && b != null && vtime_before(b.scx.dsq_vtime, a.scx.dsq_vtime)) {
      if (scx_bpf_dsq_move_to_local(node) || scx_bpf_dsq_move_to_local(mine)) return;
    } else if (scx_bpf_dsq_move_to_local(mine) || scx_bpf_dsq_move_to_local(node)) {
      return;
    }
    // Nothing else to run here: let prev go on, unless it would keep a busy core contended.
    if (prev != null && (prev.scx.flags & SCX_TASK_QUEUED) != 0 &&
        (prev.nr_cpus_allowed == 1 || !is_smt_contended(cpu))) {
      prev.scx.slice = task_slice(prev, cpu);
    }
  }

  runnable(p: Task, enq_flags: u64): void {
    const t = ctx(p);
    const now = scx_bpf_now();
    t.awake_vtime = 0;
    const delta = now - t.last_woke_at;
    if (delta > 0) {
      const f = calc_avg(t.wakeup_freq, 100_000_000 / delta);
      t.wakeup_freq = f < MAX_WAKEUP_FREQ ? f : MAX_WAKEUP_FREQ;
    }
    t.last_woke_at = now;
  }

  running(p: Task): void {
    ctx(p).last_run_at = scx_bpf_now();
    if (vtime_before(vtime_now, p.scx.dsq_vtime)) vtime_now = p.scx.dsq_vtime;
  }

  stopping(p: Task, runnable: bool): void {
    const t = ctx(p);
    const ran = scx_bpf_now() - t.last_run_at;
    const v = scale_by_task_weight_inverse(p, ran);
    p.scx.dsq_vtime += v;
    t.awake_vtime += v;
    t.avg_runtime = calc_avg(t.avg_runtime, ran);
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init_task(p: Task, fork: bool): i32 {
    const t = new TaskCtx();
    // A new task is not assumed to be sticky until it has run.
    t.avg_runtime = slice_max;
    t.last_woke_at = scx_bpf_now();
    task_ctx.set(p, t);
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    task_ctx.delete(p);
  }

  init(): i32 {
    nr_cpu_ids = <i32>scx_bpf_nr_cpu_ids();
    node_dsq_base = <u64>nr_cpu_ids;
    for (let c = 0; c < nr_cpu_ids; c++) {
      const r = scx_bpf_create_dsq(cpu_dsq(c), scx_bpf_cpu_node(c));
      if (r != 0) return r;
    }
    const nodes = <i32>scx_bpf_nr_node_ids();
    for (let n = 0; n < nodes; n++) {
      const r = scx_bpf_create_dsq(node_dsq_base + <u64>n, n);
      if (r != 0) return r;
    }
    init_primary_domain();
    return 0;
  }
}

register(new Bpfland(), "bpfland");
