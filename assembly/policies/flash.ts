// Earliest-deadline-first on weighted vruntime, for fairness and predictable latency: the port
// of scx_flash (sched-ext/scx scheds/rust/scx_flash), simplified.
//
// A task's deadline is its vruntime: CPU time used, scaled by the inverse of its weight. While
// it sleeps it may fall behind the global vruntime by at most slice_lag times its wakeup
// frequency (scaled by weight), so tasks that wake often — the latency-sensitive ones — come
// back with more credit and are served first, while a task that sleeps rarely cannot bank more
// than one lag. Tasks wait in one deadline-ordered DSQ per NUMA node; idle CPUs are looked for
// in the primary domain first, then anywhere, and get the task directly. Slices are short
// (700 µs, scaled by weight), and a running task keeps its CPU past its slice only while its
// vruntime is still earlier than everyone waiting.
//
// It trades some throughput (frequent switches under load) and cache locality (one queue per
// node) for fairness and short, steady wakeup latencies.
//
// Simplified relative to the real scheduler: no cgroup weights (the task's own weight is used),
// no round-robin or tickless modes, no kthread or per-CPU-task prioritisation, no cpufreq
// control or idle-cycle injection. The primary domain comes from the `primary_domain` knob
// ("auto" = the big cores on a big/LITTLE machine, all CPUs otherwise), not a power profile.
// ENQ_LAST, per-node idle masks and queued wakeups are not used.

import {
  Ops, Task, register, TaskStorage, Cpumask,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_dsq_peek, scx_bpf_select_cpu_and, scx_bpf_test_and_clear_cpu_idle, scx_bpf_kick_cpu,
  scx_bpf_now, scx_bpf_nr_cpu_ids, scx_bpf_cpu_node, scx_bpf_nr_node_ids, scx_bpf_task_cpu,
  scx_bpf_get_idle_cpumask, cpu_capacity, cpu_smt_mask, is_asymmetric, smt_active,
  SCX_DSQ_LOCAL, SCX_DSQ_LOCAL_ON, SCX_ENQ_CPU_SELECTED, SCX_ENQ_REENQ, SCX_KICK_IDLE,
  SCX_TASK_QUEUED, SCX_WAKE_SYNC,
} from "scx";

/** Knob: the slice of a nice-0 task, scaled by weight (scx_flash -s). */
export let slice_max: u64 = 700_000;
/** Knob: vruntime credit a sleeper may keep per unit of wakeup frequency (-l). */
export let slice_lag: u64 = 20_000_000;
/** Knob: push back tasks that wake up very often but run < 10 µs each time (wakeup abuse). */
export let wakeup_throttle: bool = false;
/** Knob: where idle CPUs are searched first: 0 auto, 1 performance, 2 powersave, 3 all (-m). */
export let primary_domain: i32 = 0;

/** Wakeup frequency cap (wakeups per 100 ms). */
const MAX_WAKEUP_FREQ: u64 = 1024;
/** Average used slice under which a frequent waker counts as abusing wakeups. */
const THROTTLE_SLICE: u64 = 10_000;

class TaskCtx {
  last_run_at: u64 = 0;
  last_woke_at: u64 = 0;
  wakeup_freq: u64 = 0;
  /** EWMA of the time used per stint. */
  avg_slice: u64 = 0;
}

const task_ctx = new TaskStorage<TaskCtx>();

let vtime_now: u64 = 0;
let nr_cpu_ids: i32 = 0;
let primary: Cpumask = new Cpumask();
let primary_all: bool = true;

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

function calc_avg(old_val: u64, new_val: u64): u64 {
  return old_val - (old_val >> 2) + (new_val >> 2);
}

/** Per-node DSQ: its id is the node number. */
function node_dsq(cpu: i32): u64 {
  return <u64>scx_bpf_cpu_node(cpu);
}

function task_slice(p: Task): u64 {
  return slice_max * <u64>p.scx.weight / 100;
}

/** The deadline: vruntime with the sleep credit limited by the wakeup frequency. */
function task_dl(p: Task, t: TaskCtx): u64 {
  const lag_scale = t.wakeup_freq > 1 ? t.wakeup_freq : 1;
  const vtime_min = vtime_now - slice_lag * lag_scale * <u64>p.scx.weight / 100;
  if (vtime_before(p.scx.dsq_vtime, vtime_min)) p.scx.dsq_vtime = vtime_min;
  let dl = p.scx.dsq_vtime;
  if (wakeup_throttle && t.avg_slice < THROTTLE_SLICE && t.wakeup_freq > 1) dl += slice_lag;
  return dl;
}

/** The CPU's SMT sibling is busy while some CPU is idle: better placement exists. */
function is_smt_contended(cpu: i32): bool {
  if (!smt_active()) return false;
  const idle = scx_bpf_get_idle_cpumask();
  const smt = cpu_smt_mask(cpu);
  smt.clear(cpu);
  return !smt.subsetOf(idle) && !idle.empty();
}

/** An idle CPU (claimed) in the primary domain, else anywhere; negative if none. */
function pick_idle_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
  if (p.nr_cpus_allowed == 1) return scx_bpf_test_and_clear_cpu_idle(prev_cpu) ? prev_cpu : -1;
  // flash ignores sync wakeups: pulling the wakee onto the waker's CPU hurts fairness.
  const flags = wake_flags & ~SCX_WAKE_SYNC;
  if (!primary_all) {
    const cpu = scx_bpf_select_cpu_and(p, prev_cpu, flags, primary, 0);
    if (cpu >= 0) return cpu;
  }
  return scx_bpf_select_cpu_and(p, prev_cpu, flags, p.cpus_ptr, 0);
}

/** May prev run on past its slice on this CPU? */
function can_keep_running(prev: Task, cpu: i32): bool {
  return (prev.scx.flags & SCX_TASK_QUEUED) != 0 && (primary_all || primary.test(cpu)) &&
    (prev.nr_cpus_allowed == 1 || !is_smt_contended(cpu));
}

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
}

class Flash extends Ops {
  constructor() {
    super();
    this.timeout_ms = 5000;
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const cpu = pick_idle_cpu(p, prev_cpu, wake_flags);
    if (cpu >= 0) {
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p), 0);
      return cpu;
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const t = ctx(p);
    const prev_cpu = scx_bpf_task_cpu(p);
    // Look for an idle CPU here when select_cpu did not, when the task's core is contended,
    // or when the task is handed back to us.
    const reenq = (enq_flags & SCX_ENQ_REENQ) != 0;
    if ((enq_flags & SCX_ENQ_CPU_SELECTED) == 0 || reenq || is_smt_contended(prev_cpu)) {
      const cpu = pick_idle_cpu(p, prev_cpu, 0);
      if (cpu >= 0) {
        scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | <u64>cpu, task_slice(p), enq_flags);
        scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
        return;
      }
    }
    // A re-enqueued task keeps the vtime it had.
    const dl = (enq_flags & SCX_ENQ_REENQ) != 0 ? p.scx.dsq_vtime : task_dl(p, t);
    scx_bpf_dsq_insert_vtime(p, node_dsq(prev_cpu), task_slice(p), dl, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    // prev keeps the CPU while its vruntime is still ahead of everyone waiting on the node.
    if (prev != null && can_keep_running(prev, cpu)) {
      const head = scx_bpf_dsq_peek(node_dsq(cpu));
      if (head == null || vtime_before(prev.scx.dsq_vtime, head.scx.dsq_vtime)) {
        prev.scx.slice = task_slice(prev);
        return;
      }
    }
    if (scx_bpf_dsq_move_to_local(node_dsq(cpu))) return;
    if (prev != null && can_keep_running(prev, cpu)) prev.scx.slice = task_slice(prev);
  }

  runnable(p: Task, enq_flags: u64): void {
    const t = ctx(p);
    const now = scx_bpf_now();
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
    const used = scx_bpf_now() - t.last_run_at;
    p.scx.dsq_vtime += used * 100 / <u64>p.scx.weight;
    t.avg_slice = calc_avg(t.avg_slice, used);
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init_task(p: Task, fork: bool): i32 {
    const t = new TaskCtx();
    t.last_woke_at = scx_bpf_now();
    t.avg_slice = slice_max;
    task_ctx.set(p, t);
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    task_ctx.delete(p);
  }

  init(): i32 {
    nr_cpu_ids = <i32>scx_bpf_nr_cpu_ids();
    const nodes = <i32>scx_bpf_nr_node_ids();
    for (let n = 0; n < nodes; n++) {
      const r = scx_bpf_create_dsq(<u64>n, n);
      if (r != 0) return r;
    }
    init_primary_domain();
    return 0;
  }
}

register(new Flash(), "flash");
