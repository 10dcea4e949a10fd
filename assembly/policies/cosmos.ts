// A locality-first scheduler with a shared deadline queue where CPUs are busy: the port of
// scx_cosmos (sched-ext/scx scheds/rust/scx_cosmos), simplified.
//
// A waking task goes straight into the local DSQ of an idle CPU found by the kernel's own idle
// search (restricted to the primary domain first): whole idle SMT cores first — its previous
// CPU's, then one in its LLC, then anywhere — then its previous CPU, then an idle CPU in its
// LLC, then anywhere. If no CPU is idle and the task's previous CPU is below the
// `busy_threshold` utilization, the task simply waits there, round-robin. Otherwise it waits in
// one shared deadline-ordered DSQ (one per NUMA node): the deadline is the weighted vruntime
// plus the time run since the last wakeup, and sleepers may bank credit in proportion to how
// often they wake up. Time on slower cores is charged less (runtime × capacity / 1024), so
// big/LITTLE placement does not skew fairness. A task that outruns its slice is preempted at
// the tick only if its SMT core became contended or others wait.
//
// With a busy threshold it favours cache locality at low and medium load; under saturation it
// is a fair deadline scheduler whose shared queue any CPU may take from. With the default
// threshold of 0 every CPU counts as busy, so only the idle-CPU search is locality-aware.
//
// Simplified relative to the real scheduler: per-CPU utilization is measured by a BPF timer
// instead of user space reading /proc/stat; the waker-CPU steps (wake-affine for tasks sharing
// an address space, "move toward a faster waker") are left out, since the simulator does not
// tell a policy the waker's CPU; no PMU-event or GPU-node affinity, no cpufreq control. The
// primary domain comes from the `primary_domain` knob ("auto" = the big cores on a big/LITTLE
// machine, all CPUs otherwise), not a power profile.

import {
  Ops, Task, register, TaskStorage, Cpumask, BpfTimer, bpf_timer_start,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_dsq_nr_queued, scx_bpf_select_cpu_and, scx_bpf_test_and_clear_cpu_idle, scx_bpf_kick_cpu,
  scx_bpf_now, scx_bpf_nr_cpu_ids, scx_bpf_cpu_node, scx_bpf_nr_node_ids, scx_bpf_task_cpu,
  scx_bpf_task_running, scx_bpf_get_idle_cpumask, scx_bpf_cpuperf_cap,
  cpu_capacity, cpu_smt_mask, is_asymmetric, smt_active,
  SCX_DSQ_LOCAL, SCX_DSQ_LOCAL_ON, SCX_ENQ_CPU_SELECTED, SCX_KICK_IDLE, SCX_TASK_QUEUED,
  SCX_PICK_IDLE_CORE,
} from "scx";

/** Knob: the slice of a nice-0 task, scaled by weight (scx_cosmos -s). */
export let slice_ns: u64 = 1_000_000;
/** Knob: the most runtime charged per wakeup, and the unit of sleep credit (-l). */
export let slice_lag: u64 = 20_000_000;
/** Knob: utilization (percent) at which a CPU counts as busy (-c); 0 = every CPU always busy. */
export let busy_threshold: u64 = 0;
/** Knob: prefer whole idle SMT cores and move tasks off contended cores (--avoid-smt). */
export let avoid_smt: bool = true;
/** Knob: preempt a task that outran its slice at the tick when others wait (--tick-preempt). */
export let tick_preempt: bool = true;
/** Knob: wake idle CPUs from a timer instead of from enqueue (--deferred-wakeups). */
export let deferred_wakeups: bool = true;
/** Knob: one shared DSQ per NUMA node instead of one for the machine (off with --disable-numa). */
export let numa: bool = true;
/** Knob: where idle CPUs are searched first: 0 auto, 1 performance, 2 powersave, 3 all (-m). */
export let primary_domain: i32 = 0;

/** How often CPU utilization is measured for `busy_threshold` (by user space in the original). */
const UTIL_INTERVAL: u64 = 100_000_000;
const MAX_WAKEUP_FREQ: u64 = 1024;

class TaskCtx {
  last_run_at: u64 = 0;
  last_woke_at: u64 = 0;
  wakeup_freq: u64 = 0;
  /** Runtime charged since the last wakeup, at most slice_lag. */
  exec_runtime: u64 = 0;
}

const task_ctx = new TaskStorage<TaskCtx>();

let vtime_now: u64 = 0;
let nr_cpu_ids: i32 = 0;
let numa_enabled: bool = false;
let primary: Cpumask = new Cpumask();
let primary_all: bool = true;
/** Utilization of each CPU over the last interval, 0..1024. */
let cpu_util = new StaticArray<u64>(0);
let busy_ns = new StaticArray<u64>(0);
let running_since = new StaticArray<u64>(0);
let last_util_at: u64 = 0;

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

function shared_dsq(cpu: i32): u64 {
  return numa_enabled ? <u64>scx_bpf_cpu_node(cpu) : 0;
}

function is_cpu_busy(cpu: i32): bool {
  return cpu_util[cpu] >= busy_threshold * 1024 / 100;
}

function task_slice(p: Task): u64 {
  return slice_ns * <u64>p.scx.weight / 100;
}

/** Deadline = vruntime (sleep credit capped by wakeup frequency) + runtime since wakeup. */
function task_dl(p: Task, t: TaskCtx): u64 {
  const lag_scale = t.wakeup_freq > 1 ? t.wakeup_freq : 1;
  const vtime_min = vtime_now - slice_lag * lag_scale * <u64>p.scx.weight / 100;
  if (vtime_before(p.scx.dsq_vtime, vtime_min)) p.scx.dsq_vtime = vtime_min;
  return p.scx.dsq_vtime + t.exec_runtime * 100 / <u64>p.scx.weight;
}

/** The CPU's sibling is busy while some CPU is idle. */
function is_smt_contended(cpu: i32): bool {
  if (!avoid_smt || !smt_active()) return false;
  const idle = scx_bpf_get_idle_cpumask();
  const smt = cpu_smt_mask(cpu);
  smt.clear(cpu);
  return !smt.subsetOf(idle) && !idle.empty();
}

/** An idle CPU near prev_cpu, claimed: primary domain first (whole cores), then anywhere. */
function pick_idle_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
  if (p.nr_cpus_allowed == 1) return scx_bpf_test_and_clear_cpu_idle(prev_cpu) ? prev_cpu : -1;
  if (!primary_all) {
    const flags = avoid_smt ? SCX_PICK_IDLE_CORE : 0;
    const cpu = scx_bpf_select_cpu_and(p, prev_cpu, wake_flags, primary, flags);
    if (cpu >= 0) return cpu;
  }
  return scx_bpf_select_cpu_and(p, prev_cpu, wake_flags, p.cpus_ptr, 0);
}

function wakeup_cpu(cpu: i32): void {
  if (!deferred_wakeups) scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
}

/** Kicks idle CPUs that have tasks waiting in their local DSQ (the deferred wakeups). */
function wakeup_timerfn(timer: BpfTimer): void {
  for (let cpu = 0; cpu < nr_cpu_ids; cpu++) {
    if (scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | <u64>cpu) > 0) {
      scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
    }
  }
  bpf_timer_start(timer, slice_ns, 0);
}

/** The user-space half of cosmos: each CPU's utilization, for is_cpu_busy(). */
function util_timerfn(timer: BpfTimer): void {
  const now = scx_bpf_now();
  const interval = now - last_util_at;
  if (interval > 0) {
    for (let c = 0; c < nr_cpu_ids; c++) {
      let b = busy_ns[c];
      if (running_since[c] != 0) {
        b += now - running_since[c];
        running_since[c] = now;
      }
      busy_ns[c] = 0;
      const u = b * 1024 / interval;
      cpu_util[c] = u < 1024 ? u : 1024;
    }
  }
  last_util_at = now;
  bpf_timer_start(timer, UTIL_INTERVAL, 0);
}

const wakeup_timer = new BpfTimer(wakeup_timerfn);
const util_timer = new BpfTimer(util_timerfn);

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

class Cosmos extends Ops {
  constructor() {
    super();
    this.timeout_ms = 5000;
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const cpu = pick_idle_cpu(p, prev_cpu, wake_flags);
    // A CPU below the busy threshold is better than the shared queue, even if not idle.
    if (cpu >= 0 || !is_cpu_busy(prev_cpu)) scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p), 0);
    return cpu >= 0 ? cpu : prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const prev_cpu = scx_bpf_task_cpu(p);
    // A wakeup that skipped select_cpu may still migrate to an idle CPU.
    const should_migrate = (enq_flags & SCX_ENQ_CPU_SELECTED) == 0 && !scx_bpf_task_running(p);
    if (should_migrate || is_smt_contended(prev_cpu) || (!primary_all && !primary.test(prev_cpu))) {
      const cpu = pick_idle_cpu(p, prev_cpu, 0);
      if (cpu >= 0) {
        scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | <u64>cpu, task_slice(p), enq_flags);
        if (cpu != prev_cpu || !scx_bpf_task_running(p)) wakeup_cpu(cpu);
        return;
      }
    }
    if (!is_cpu_busy(prev_cpu)) {
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | <u64>prev_cpu, task_slice(p), enq_flags);
      if (should_migrate) wakeup_cpu(prev_cpu);
      return;
    }
    scx_bpf_dsq_insert_vtime(p, shared_dsq(prev_cpu), task_slice(p), task_dl(p, ctx(p)), enq_flags);
    if (should_migrate) wakeup_cpu(prev_cpu);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    if (scx_bpf_dsq_move_to_local(shared_dsq(cpu))) return;
    // Nobody else wants this CPU: prev may run another slice, if its place is still good.
    if (prev != null && (prev.scx.flags & SCX_TASK_QUEUED) != 0 &&
        (primary_all || primary.test(cpu)) && !is_smt_contended(cpu)) {
      prev.scx.slice = task_slice(prev);
    }
  }

  tick(p: Task): void {
    if (!tick_preempt) return;
    const t = ctx(p);
    if (scx_bpf_now() - t.last_run_at <= task_slice(p)) return;
    const cpu = scx_bpf_task_cpu(p);
    const waiting = scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | <u64>cpu) > 0 ||
      scx_bpf_dsq_nr_queued(shared_dsq(cpu)) > 0;
    if (is_smt_contended(cpu) || (is_cpu_busy(cpu) && waiting)) p.scx.slice = 0;
  }

  runnable(p: Task, enq_flags: u64): void {
    const t = ctx(p);
    const now = scx_bpf_now();
    t.exec_runtime = 0;
    const delta = now - t.last_woke_at;
    if (delta > 0) {
      const f = calc_avg(t.wakeup_freq, 100_000_000 / delta);
      t.wakeup_freq = f < MAX_WAKEUP_FREQ ? f : MAX_WAKEUP_FREQ;
    }
    t.last_woke_at = now;
  }

  running(p: Task): void {
    const now = scx_bpf_now();
    ctx(p).last_run_at = now;
    running_since[scx_bpf_task_cpu(p)] = now;
    if (vtime_before(vtime_now, p.scx.dsq_vtime)) vtime_now = p.scx.dsq_vtime;
  }

  stopping(p: Task, runnable: bool): void {
    const t = ctx(p);
    const cpu = scx_bpf_task_cpu(p);
    const now = scx_bpf_now();
    if (running_since[cpu] != 0) {
      busy_ns[cpu] += now - running_since[cpu];
      running_since[cpu] = 0;
    }
    // Time on a slower core is charged less: fairness in work done, not in wall time.
    let charged = (now - t.last_run_at) * <u64>scx_bpf_cpuperf_cap(cpu) / 1024;
    if (charged > slice_lag) charged = slice_lag;
    p.scx.dsq_vtime += charged * 100 / <u64>p.scx.weight;
    const e = t.exec_runtime + charged;
    t.exec_runtime = e < slice_lag ? e : slice_lag;
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init_task(p: Task, fork: bool): i32 {
    const t = new TaskCtx();
    t.last_woke_at = scx_bpf_now();
    task_ctx.set(p, t);
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    task_ctx.delete(p);
  }

  init(): i32 {
    nr_cpu_ids = <i32>scx_bpf_nr_cpu_ids();
    busy_ns = new StaticArray<u64>(nr_cpu_ids);
    cpu_util = new StaticArray<u64>(nr_cpu_ids);
    running_since = new StaticArray<u64>(nr_cpu_ids);
    const nodes = <i32>scx_bpf_nr_node_ids();
    numa_enabled = numa && nodes > 1;
    if (numa_enabled) {
      for (let n = 0; n < nodes; n++) {
        const r = scx_bpf_create_dsq(<u64>n, n);
        if (r != 0) return r;
      }
    } else {
      const r = scx_bpf_create_dsq(0, -1);
      if (r != 0) return r;
    }
    init_primary_domain();
    if (deferred_wakeups) bpf_timer_start(wakeup_timer, slice_ns, 0);
    bpf_timer_start(util_timer, UTIL_INTERVAL, 0);
    return 0;
  }
}

register(new Cosmos(), "cosmos");
