// A latency-criticality aware virtual-deadline scheduler for gaming and desktops: the port of
// scx_lavd (sched-ext/scx scheds/rust/scx_lavd), simplified.
//
// Every task gets a latency criticality from how it behaves: tasks that block often, run in
// short bursts and were just woken up are critical; long CPU bursts that were preempted are not.
// A task's virtual deadline is a global logical clock plus its expected runtime divided by its
// criticality (and stretched up to 2× for "greedy" tasks that got more than their share of CPU),
// so critical tasks queue ahead. A critical task that finds no idle CPU looks at two CPUs and
// asks the one running the least critical task to give up its CPU at its next scheduling point.
// The slice adapts to the load (10 ms of targeted latency shared among the waiting tasks,
// clamped to 0.5–5 ms) and is boosted for long-running tasks when nobody waits.
//
// Power and heterogeneity: CPUs are grouped into compute domains (same node, LLC and core type),
// each with its own deadline-ordered DSQ. On a big/LITTLE machine tasks whose performance
// criticality is in the top share (the big cores' share of capacity) prefer big cores, the rest
// little ones. Core compaction keeps only as many CPUs active as the measured utilization needs
// (× 1.25 headroom, each CPU filled to at most 50 %); the others stay idle unless they must take
// overflow work. The power mode decides the order CPUs join the active set: fastest first
// (balanced), slowest first (powersave), or no compaction at all (performance); autopilot picks
// the mode from the utilization (powersave ≤ 10 %, performance > 50 %, or > 25 % with SMT).
// The cost: compaction trades some latency and throughput at medium load for energy, and the
// logical-clock deadlines make the order depend on the recent mix of tasks, not only on a task.
//
// Simplified relative to the real scheduler: the wake frequency and the waker/wakee criticality
// inheritance are left out (the simulator does not tell a policy who woke a task), so
// criticality comes from the wait frequency, runtime and wakeup kind; there are no kthreads,
// futex or lock-holder boosts; no energy model: the active set is filled in capacity order;
// no cpufreq control, per-CPU DSQs or migration-probability bands (a CPU with an empty domain
// steals from the nearest non-empty domain); no ENQ_LAST (dispatch refills prev instead) and
// no cpu_release handling.

import {
  Ops, Task, register, TaskStorage, Cpumask, BpfTimer, bpf_timer_start,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_dsq_nr_queued, scx_bpf_dsq_peek, scx_bpf_pick_idle_cpu, scx_bpf_test_and_clear_cpu_idle,
  scx_bpf_kick_cpu, scx_bpf_now, scx_bpf_nr_cpu_ids, scx_bpf_cpu_node, scx_bpf_task_cpu,
  scx_bpf_cpuperf_cap, scx_bpf_cpuperf_cur, bpf_get_prandom_u32, scx_bpf_get_idle_cpumask,
  cpu_capacity, cpu_llc_id, cpu_smt_mask, is_asymmetric, smt_active,
  SCX_DSQ_LOCAL, SCX_DSQ_LOCAL_ON, SCX_ENQ_WAKEUP, SCX_KICK_IDLE, SCX_PICK_IDLE_CORE,
  SCX_TASK_QUEUED,
  SCX_WAKE_SYNC, SCX_DEQ_SLEEP, SCX_OPS_KEEP_BUILTIN_IDLE, SCX_SLICE_INF,
} from "scx";

/** Knob: the shortest slice the load-adaptive slice may shrink to (--slice-min-us). */
export let slice_min_ns: u64 = 500_000;
/** Knob: the longest regular slice (--slice-max-us). */
export let slice_max_ns: u64 = 5_000_000;
/** Knob: turn off core compaction: every CPU stays active (--no-core-compaction). */
export let no_core_compaction: bool = false;
/** Knob: never ask another CPU to give way to a latency-critical task (--no-preemption). */
export let no_preemption: bool = false;
/** Knob: never stretch the slice of long-running tasks (--no-slice-boost). */
export let no_slice_boost: bool = false;
/** Knob: 0 autopilot (by utilization), 1 performance, 2 balanced, 3 powersave. */
export let power_mode: i32 = 0;

const LAVD_SHIFT: u64 = 10;
const LAVD_SCALE: u64 = 1 << LAVD_SHIFT;
const ONE_SEC: u64 = 1_000_000_000;
/** The latency the system slice aims at, shared among the waiting tasks. */
const TARGETED_LATENCY: u64 = 10_000_000;
const SLICE_BOOST_BONUS: u64 = 500_000;
const SLICE_BOOST_MAX: u64 = 500_000_000;
const ACC_RUNTIME_MAX: u64 = 5_000_000;
/** A task may start up to this far "before" the logical clock (300 ms >> 16 ≈ 4.6 µs). */
const DL_COMPETE_WINDOW: u64 = 300_000_000 >> 16;
const LC_FREQ_MAX: u64 = 100_000;
const LC_RUNTIME_MAX: u64 = ONE_SEC;
const LC_WEIGHT_BOOST: u64 = 128;
const LC_GREEDY_SHIFT: u64 = 1;
const SYS_STAT_INTERVAL: u64 = 10_000_000;
/** Required capacity is inflated by 25 % and each active CPU is filled to at most 50 %. */
const CC_HEADROOM_PCT: u64 = 125;
const CC_PER_CPU_UTIL_PCT: u64 = 50;
/** Above this utilization (of 1024) compaction is off: every CPU is active. */
const CC_UTIL_SPIKE: u64 = (90 * LAVD_SCALE) / 100;
/** Autopilot: powersave up to 10 % utilization, performance above 50 % (25 % with SMT). */
const AP_LOW_UTIL: u64 = (10 * LAVD_SCALE) / 100;
const AP_HIGH_UTIL: u64 = (50 * LAVD_SCALE) / 100;
const AP_HIGH_UTIL_SMT: u64 = (25 * LAVD_SCALE) / 100;
const MODE_PERFORMANCE: i32 = 1;
const MODE_BALANCED: i32 = 2;
const MODE_POWERSAVE: i32 = 3;

class TaskCtx {
  wait_freq: u64 = 0;
  run_freq: u64 = 0;
  /** EWMA of the invariant runtime between a wakeup and each stop. */
  avg_runtime: u64 = 0;
  /** Invariant runtime since the last wakeup. */
  acc_runtime: u64 = 0;
  /** Weighted invariant CPU time received so far: how "greedy" the task is. */
  svc_time: u64 = 0;
  last_running_clk: u64 = 0;
  last_quiescent_clk: u64 = 0;
  lat_cri: u64 = 1;
  perf_cri: u64 = 0;
  /** 0 not a wakeup, 1 a wakeup, 2 a sync wakeup. */
  wakeup_ft: u64 = 0;
  sync_wakeup: bool = false;
  slice: u64 = 0;
  slice_boosted: bool = false;
  /** When the task was last queued (for the starvation guard of compacted-away CPUs). */
  enq_at: u64 = 0;
}

const task_ctx = new TaskStorage<TaskCtx>();

// Per-CPU state, sized in init().
let nr_cpu_ids: i32 = 0;
let cpu_cpdom = new StaticArray<i32>(0);
let cpu_lat_cri = new StaticArray<u64>(0);
let cpu_est_stopping = new StaticArray<u64>(0);
let cpu_running_clk = new StaticArray<u64>(0);
let cpu_curr = new Array<Task | null>(0);
let cpu_boosted = new StaticArray<bool>(0);
let cpu_is_idle = new StaticArray<bool>(0);
let cpu_idle_start = new StaticArray<u64>(0);
let cpu_idle_acc = new StaticArray<u64>(0);
/** Utilization of each CPU over the last interval, of LAVD_SCALE. */
let cpu_util = new StaticArray<u64>(0);
/** CPUs fastest first; the active set is filled from the front, or from the back in powersave. */
let pco_order = new StaticArray<i32>(0);
/** The power mode in force (autopilot picks it every interval). */
let cur_mode: i32 = MODE_BALANCED;

// Compute domains: CPUs of one node, LLC and core type.
let nr_cpdoms: i32 = 0;
let cpdom_mask = new Array<Cpumask>(0);
let cpdom_is_big = new Array<bool>(0);
/** For each domain, the others nearest first: other core type of the LLC, the node, the rest. */
let cpdom_neighbors = new Array<StaticArray<i32>>(0);
/** The nearest domain of the other core type (same LLC if there is one), or -1. */
let cpdom_alt = new Array<i32>(0);

let big_mask: Cpumask = new Cpumask();
let little_mask: Cpumask = new Cpumask();
let active_mask: Cpumask = new Cpumask();
let overflow_mask: Cpumask = new Cpumask();
let scratch: Cpumask = new Cpumask();
let pick_mask: Cpumask = new Cpumask();
let victim_mask: Cpumask = new Cpumask();
let have_little_core: bool = false;

// System statistics, refreshed every SYS_STAT_INTERVAL by sys_stat_timer.
let cur_logical_clk: u64 = 0;
let sys_slice: u64 = 5_000_000;
let nr_queued_task: u64 = 0;
let avg_util: u64 = 0;
let avg_svc_time: u64 = 1;
let thr_lat_cri: u64 = 0;
let thr_perf_cri: u64 = 0;
let sum_lat_cri: u64 = 0;
let min_perf_cri: u64 = u64.MAX_VALUE;
let max_perf_cri: u64 = 0;
/** The little cores' share of the total capacity, of LAVD_SCALE. */
let little_cap_share: u64 = 0;
let nr_cri_samples: u64 = 0;
let sum_svc_time: u64 = 0;
let nr_svc_samples: u64 = 0;
let last_stat_clk: u64 = 0;

function ctx(p: Task): TaskCtx {
  let t = task_ctx.get(p);
  if (t == null) {
    t = new TaskCtx();
    task_ctx.set(p, t);
  }
  return t;
}

function calc_avg(old_val: u64, new_val: u64): u64 {
  return old_val - (old_val >> 2) + (new_val >> 2);
}

/** EWMA of an event frequency (per second) from the interval since the last event. */
function calc_avg_freq(old_freq: u64, interval: u64): u64 {
  const f = interval > 0 ? ONE_SEC / interval : LC_FREQ_MAX;
  return calc_avg(old_freq, f);
}

function log2_u64(v: u64): u64 {
  return v == 0 ? 0 : 63 - clz(v);
}

function min64(a: u64, b: u64): u64 {
  return a < b ? a : b;
}

function cpdom_dsq(cpdom: i32): u64 {
  return <u64>cpdom;
}

/** Runtime as if on the fastest CPU at full speed: fairness is not skewed on slow cores. */
function invariant(ns: u64, cpu: i32): u64 {
  return ns * <u64>scx_bpf_cpuperf_cap(cpu) / 1024 * <u64>scx_bpf_cpuperf_cur(cpu) / 1024;
}

/** Latency and performance criticality from the task's recent behaviour. */
function calc_lat_cri(p: Task, t: TaskCtx): void {
  const wait_ft = min64(t.wait_freq, LC_FREQ_MAX) + 1;
  const wake_ft: u64 = 1; // no waker information in the simulator
  const runtime_ft =
    t.avg_runtime < LC_RUNTIME_MAX ? (LC_RUNTIME_MAX - t.avg_runtime) / slice_min_ns : 1;
  let boost: u64 = 1 + t.wakeup_ft * LC_WEIGHT_BOOST;
  if (p.nr_cpus_allowed < nr_cpu_ids) boost += LC_WEIGHT_BOOST;
  if (p.nr_cpus_allowed == 1) boost += LC_WEIGHT_BOOST;
  const weight_ft = <u64>p.scx.weight * boost + 1;
  const log_wwf = log2_u64(wait_ft * wake_ft);
  const lc = log_wwf + log2_u64((runtime_ft > 0 ? runtime_ft : 1) * weight_ft);
  t.lat_cri = lc * lc;
  if (have_little_core) {
    const run_freq = t.run_freq > 1 ? t.run_freq : 1;
    const sum_runtime = (run_freq * (t.avg_runtime > 1 ? t.avg_runtime : 1)) >> LAVD_SHIFT;
    t.perf_cri = log_wwf + log2_u64(sum_runtime * <u64>p.scx.weight);
  } else {
    t.perf_cri = LAVD_SCALE;
  }
}

/** When the task should run: the logical clock, minus the compete window, plus its delta. */
function calc_when_to_run(p: Task, t: TaskCtx): u64 {
  calc_lat_cri(p, t);
  const ratio = (t.svc_time << LAVD_SHIFT) / (avg_svc_time > 0 ? avg_svc_time : 1);
  let greedy_ft = LAVD_SCALE;
  if (ratio > LAVD_SCALE) greedy_ft += (ratio - LAVD_SCALE) >> LC_GREEDY_SHIFT;
  if (greedy_ft > 2 * LAVD_SCALE) greedy_ft = 2 * LAVD_SCALE;
  const adjusted_runtime = ACC_RUNTIME_MAX + min64(t.acc_runtime, ACC_RUNTIME_MAX);
  const delta = (adjusted_runtime * greedy_ft / t.lat_cri) >> LAVD_SHIFT;
  sum_lat_cri += t.lat_cri;
  if (t.perf_cri < min_perf_cri) min_perf_cri = t.perf_cri;
  if (t.perf_cri > max_perf_cri) max_perf_cri = t.perf_cri;
  nr_cri_samples++;
  return cur_logical_clk - DL_COMPETE_WINDOW + delta;
}

function is_greedy(t: TaskCtx): bool {
  return t.svc_time > avg_svc_time;
}

/** The slice: the system slice, boosted for long runners when the system has room. */
function calc_time_slice(t: TaskCtx): u64 {
  t.slice_boosted = false;
  let slice = sys_slice;
  if (!no_slice_boost && t.avg_runtime > slice) {
    if (nr_queued_task == 0) {
      slice = min64(t.avg_runtime + SLICE_BOOST_BONUS, SLICE_BOOST_MAX);
      t.slice_boosted = true;
    } else if (t.lat_cri > thr_lat_cri) {
      slice = min64(t.avg_runtime + SLICE_BOOST_BONUS, 2 * sys_slice);
      t.slice_boosted = true;
    }
  }
  return slice;
}

function may_run_on(cpu: i32): bool {
  return active_mask.test(cpu) || overflow_mask.test(cpu);
}

/** Claims an idle CPU of `mask` ∩ p's CPUs, whole cores first. */
function pick_in(p: Task, mask: Cpumask): i32 {
  scratch.and(mask, p.cpus_ptr);
  if (scratch.empty()) return -1;
  if (smt_active()) {
    const c = scx_bpf_pick_idle_cpu(scratch, SCX_PICK_IDLE_CORE);
    if (c >= 0) return c;
  }
  return scx_bpf_pick_idle_cpu(scratch, 0);
}

/**
 * An idle CPU for `p`, claimed, or -1: the previous CPU if it suits, then the preferred core
 * type within the active set (prev's domain first), the other type, the overflow set, and
 * finally any idle CPU, which then joins the overflow set.
 */
function pick_idle_cpu(p: Task, t: TaskCtx, prev_cpu: i32): i32 {
  if (p.nr_cpus_allowed == 1) return scx_bpf_test_and_clear_cpu_idle(prev_cpu) ? prev_cpu : -1;
  const want_big = !have_little_core || t.perf_cri >= thr_perf_cri;
  const pref = want_big ? big_mask : little_mask;
  const other = want_big ? little_mask : big_mask;
  if (may_run_on(prev_cpu) && pref.test(prev_cpu) && p.cpus_ptr.test(prev_cpu)) {
    const whole = !smt_active() || cpu_smt_mask(prev_cpu).subsetOf(scx_bpf_get_idle_cpumask());
    if (whole && scx_bpf_test_and_clear_cpu_idle(prev_cpu)) return prev_cpu;
  }
  const m = pick_mask;
  m.and(cpdom_mask[preferred_cpdom(p, t, prev_cpu)], active_mask);
  let cpu = pick_in(p, m);
  if (cpu >= 0) return cpu;
  m.and(pref, active_mask);
  cpu = pick_in(p, m);
  if (cpu >= 0) return cpu;
  m.and(other, active_mask);
  cpu = pick_in(p, m);
  if (cpu >= 0) return cpu;
  cpu = pick_in(p, overflow_mask);
  if (cpu >= 0) return cpu;
  // The active set is full. Another CPU joins the overflow set only once work is queued up:
  // as many waiting tasks in the task's domain as it has CPUs in use.
  const dom = preferred_cpdom(p, t, prev_cpu);
  m.or(active_mask, overflow_mask);
  m.and(m, cpdom_mask[dom]);
  if (scx_bpf_dsq_nr_queued(cpdom_dsq(dom)) < m.weight()) return -1;
  cpu = pick_in(p, pref);
  if (cpu < 0) cpu = pick_in(p, other);
  if (cpu >= 0) overflow_mask.set(cpu);
  return cpu;
}

/**
 * Where a task waits when no CPU is idle: its previous CPU's domain, or that domain's
 * counterpart of the other core type when the task's performance criticality says so; in any
 * case a domain with CPUs in use, so that someone will run it.
 */
function preferred_cpdom(p: Task, t: TaskCtx, prev_cpu: i32): i32 {
  let dom = cpu_cpdom[prev_cpu];
  if (have_little_core && cpdom_is_big[dom] != t.perf_cri >= thr_perf_cri) {
    const alt = cpdom_alt[dom];
    if (alt >= 0 && cpdom_mask[alt].intersects(p.cpus_ptr)) dom = alt;
  }
  scratch.or(active_mask, overflow_mask);
  scratch.and(scratch, p.cpus_ptr);
  if (cpdom_mask[dom].intersects(scratch)) return dom;
  // Compacted away: wait in the domain of the first CPU in use that may run the task.
  for (let i = 0; i < nr_cpu_ids; i++) {
    const c = pco_order[i];
    if (scratch.test(c)) return cpu_cpdom[c];
  }
  return dom;
}

/**
 * Preemption, lavd's way: find (power of two choices) a CPU of the task's domain running a less
 * critical task that would also run longer, and shrink that task's slice so it yields at its
 * next scheduling point rather than sending an IPI.
 */
function try_find_and_kick_victim_cpu(p: Task, t: TaskCtx, prev_cpu: i32): void {
  if (no_preemption || is_greedy(t) || t.lat_cri < thr_lat_cri) return;
  const now = scx_bpf_now();
  const my_stop = now + min64(t.avg_runtime, t.slice);
  const m = victim_mask;
  m.and(cpdom_mask[cpu_cpdom[prev_cpu]], p.cpus_ptr);
  const n = m.weight();
  if (n == 0) return;
  let v0 = -1;
  let v1 = -1;
  let cpu = m.nextWrap(<i32>(bpf_get_prandom_u32() % <u32>nr_cpu_ids));
  for (let i = 0; i < n && v1 < 0; i++) {
    if (cpu_curr[cpu] != null && t.lat_cri > cpu_lat_cri[cpu] && my_stop < cpu_est_stopping[cpu]) {
      if (v0 < 0) v0 = cpu;
      else v1 = cpu;
    }
    cpu = m.nextWrap(cpu + 1);
  }
  if (v0 < 0) return;
  let victim = v0;
  if (v1 >= 0 && cpu_lat_cri[v1] < cpu_lat_cri[v0]) victim = v1;
  const vp = cpu_curr[victim];
  if (vp == null || cpu_est_stopping[victim] == 0) return;
  // Slice 1 ns, not 0: the core would turn a zero slice into the default 20 ms.
  cpu_est_stopping[victim] = 0;
  changetype<Task>(vp).scx.slice = 1;
}

/**
 * Adds CPUs in order (fastest first, slowest first in powersave) until half their capacity
 * covers the measured load × 1.25. Performance mode keeps every CPU active.
 */
function update_active_set(): void {
  active_mask.zero();
  overflow_mask.zero();
  cur_mode = power_mode;
  if (cur_mode == 0) {
    const high = smt_active() ? AP_HIGH_UTIL_SMT : AP_HIGH_UTIL;
    cur_mode = avg_util <= AP_LOW_UTIL ? MODE_POWERSAVE
      : avg_util <= high ? MODE_BALANCED : MODE_PERFORMANCE;
  }
  if (no_core_compaction || cur_mode == MODE_PERFORMANCE || avg_util >= CC_UTIL_SPIKE) {
    for (let c = 0; c < nr_cpu_ids; c++) active_mask.set(c);
    return;
  }
  let required: u64 = 0;
  for (let c = 0; c < nr_cpu_ids; c++) required += cpu_util[c] * <u64>cpu_capacity(c) / LAVD_SCALE;
  required = required * CC_HEADROOM_PCT / 100;
  let cap_sum: u64 = 0;
  for (let i = 0; i < nr_cpu_ids; i++) {
    const c = cur_mode == MODE_POWERSAVE ? pco_order[nr_cpu_ids - 1 - i] : pco_order[i];
    active_mask.set(c);
    cap_sum += <u64>cpu_capacity(c) * CC_PER_CPU_UTIL_PCT / 100;
    if (cap_sum >= required) break;
  }
}

/** The user-space statistics loop of lavd, as a BPF timer. */
function sys_stat_timer(timer: BpfTimer): void {
  const now = scx_bpf_now();
  const interval = now - last_stat_clk;
  last_stat_clk = now;
  if (interval > 0) {
    let util_sum: u64 = 0;
    for (let c = 0; c < nr_cpu_ids; c++) {
      let idle = cpu_idle_acc[c];
      if (cpu_is_idle[c]) {
        idle += now - cpu_idle_start[c];
        cpu_idle_start[c] = now;
      }
      cpu_idle_acc[c] = 0;
      if (idle > interval) idle = interval;
      cpu_util[c] = (interval - idle) * LAVD_SCALE / interval;
      util_sum += cpu_util[c];
    }
    avg_util = calc_avg(avg_util, util_sum / <u64>nr_cpu_ids);
  }
  let queued: u64 = 0;
  for (let d = 0; d < nr_cpdoms; d++) queued += <u64>scx_bpf_dsq_nr_queued(cpdom_dsq(d));
  nr_queued_task = queued;
  if (nr_cri_samples > 0) {
    thr_lat_cri = calc_avg(thr_lat_cri, sum_lat_cri / nr_cri_samples);
    // Big cores get the most performance-critical tasks, in proportion to their capacity.
    const range = max_perf_cri > min_perf_cri ? max_perf_cri - min_perf_cri : 0;
    thr_perf_cri = calc_avg(thr_perf_cri, min_perf_cri + range * little_cap_share / LAVD_SCALE);
  }
  sum_lat_cri = 0;
  nr_cri_samples = 0;
  min_perf_cri = u64.MAX_VALUE;
  max_perf_cri = 0;
  if (nr_svc_samples > 0) avg_svc_time = calc_avg(avg_svc_time, sum_svc_time / nr_svc_samples);
  if (avg_svc_time == 0) avg_svc_time = 1;
  sum_svc_time = 0;
  nr_svc_samples = 0;
  update_active_set();
  // Starvation guard: a domain whose head has waited past the targeted latency gets an idle
  // CPU of its own, which joins the overflow set.
  for (let d = 0; d < nr_cpdoms; d++) {
    const head = scx_bpf_dsq_peek(cpdom_dsq(d));
    if (head == null || now - ctx(head).enq_at <= TARGETED_LATENCY) continue;
    scratch.and(cpdom_mask[d], head.cpus_ptr);
    const cpu = scx_bpf_pick_idle_cpu(scratch, 0);
    if (cpu >= 0) {
      overflow_mask.set(cpu);
      scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
    }
  }
  const nr_active = <u64>active_mask.weight();
  let slice = TARGETED_LATENCY * nr_active / (queued > 0 ? queued : 1);
  if (slice < slice_min_ns) slice = slice_min_ns;
  if (slice > slice_max_ns) slice = slice_max_ns;
  sys_slice = calc_avg(sys_slice, slice);
  bpf_timer_start(timer, SYS_STAT_INTERVAL, 0);
}

const stat_timer = new BpfTimer(sys_stat_timer);

/** Groups CPUs into compute domains and sorts them for the active set. */
function init_topology(): void {
  have_little_core = is_asymmetric();
  let sum: u64 = 0;
  for (let c = 0; c < nr_cpu_ids; c++) sum += <u64>cpu_capacity(c);
  const avg = sum / <u64>nr_cpu_ids;
  big_mask = new Cpumask();
  little_mask = new Cpumask();
  let little_sum: u64 = 0;
  for (let c = 0; c < nr_cpu_ids; c++) {
    if (!have_little_core || <u64>cpu_capacity(c) >= avg) {
      big_mask.set(c);
    } else {
      little_mask.set(c);
      little_sum += <u64>cpu_capacity(c);
    }
  }
  little_cap_share = little_sum * LAVD_SCALE / sum;
  const dom_node = new Array<i32>(0);
  const dom_llc = new Array<i32>(0);
  for (let c = 0; c < nr_cpu_ids; c++) {
    const node = scx_bpf_cpu_node(c);
    const llc = cpu_llc_id(c);
    const big = big_mask.test(c);
    let d = 0;
    while (d < nr_cpdoms && !(dom_node[d] == node && dom_llc[d] == llc && cpdom_is_big[d] == big)) {
      d++;
    }
    if (d == nr_cpdoms) {
      dom_node.push(node);
      dom_llc.push(llc);
      cpdom_is_big.push(big);
      cpdom_mask.push(new Cpumask());
      nr_cpdoms++;
    }
    cpdom_mask[d].set(c);
    cpu_cpdom[c] = d;
  }
  for (let d = 0; d < nr_cpdoms; d++) {
    const order = new StaticArray<i32>(nr_cpdoms - 1);
    let k = 0;
    for (let rank = 0; rank < 3; rank++) {
      for (let e = 0; e < nr_cpdoms; e++) {
        if (e == d) continue;
        const same_llc = dom_llc[e] == dom_llc[d] && dom_node[e] == dom_node[d];
        const same_node = dom_node[e] == dom_node[d];
        const r = same_llc ? 0 : same_node ? 1 : 2;
        if (r == rank) order[k++] = e;
      }
    }
    cpdom_neighbors.push(order);
    let alt = -1;
    for (let i = 0; i < order.length && alt < 0; i++) {
      if (cpdom_is_big[order[i]] != cpdom_is_big[d]) alt = order[i];
    }
    cpdom_alt.push(alt);
  }
  // The order in which CPUs join the active set: fastest first (taken backwards in powersave).
  for (let c = 0; c < nr_cpu_ids; c++) pco_order[c] = c;
  for (let i = 1; i < nr_cpu_ids; i++) {
    const c = pco_order[i];
    let j = i - 1;
    while (j >= 0 && cpu_capacity(pco_order[j]) < cpu_capacity(c)) {
      pco_order[j + 1] = pco_order[j];
      j--;
    }
    pco_order[j + 1] = c;
  }
}

class Lavd extends Ops {
  constructor() {
    super();
    // lavd tracks idle time in update_idle but keeps the built-in idle masks.
    this.flags = SCX_OPS_KEEP_BUILTIN_IDLE;
    this.timeout_ms = 30000;
  }

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const t = ctx(p);
    t.sync_wakeup = (wake_flags & SCX_WAKE_SYNC) != 0;
    const cpu = pick_idle_cpu(p, t, prev_cpu);
    if (cpu >= 0) {
      t.wakeup_ft = t.sync_wakeup ? 2 : 1;
      p.scx.dsq_vtime = calc_when_to_run(p, t);
      t.slice = calc_time_slice(t);
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, t.slice, 0);
      return cpu;
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const t = ctx(p);
    const prev_cpu = scx_bpf_task_cpu(p);
    t.wakeup_ft = (enq_flags & SCX_ENQ_WAKEUP) != 0 ? (t.sync_wakeup ? 2 : 1) : 0;
    t.sync_wakeup = false;
    const deadline = calc_when_to_run(p, t);
    t.slice = calc_time_slice(t);
    t.enq_at = scx_bpf_now();
    if (p.nr_cpus_allowed == 1) {
      // Pinned tasks wait on their CPU, which must take them even outside the active set.
      const cpu = p.cpus_ptr.first();
      p.scx.dsq_vtime = deadline;
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | <u64>cpu, t.slice, enq_flags);
      scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
      return;
    }
    const cpu = pick_idle_cpu(p, t, prev_cpu);
    const dom = cpu >= 0 ? cpu_cpdom[cpu] : preferred_cpdom(p, t, prev_cpu);
    scx_bpf_dsq_insert_vtime(p, cpdom_dsq(dom), t.slice, deadline, enq_flags);
    if (cpu >= 0) scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
    else try_find_and_kick_victim_cpu(p, t, prev_cpu);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    const dom = cpu_cpdom[cpu];
    if (!may_run_on(cpu)) {
      // A compacted-away CPU only takes work nobody in the active set may run, or work that
      // has waited longer than the targeted latency; then it joins the overflow set.
      const head = scx_bpf_dsq_peek(cpdom_dsq(dom));
      const stranded = head != null && (!head.cpus_ptr.intersects(active_mask) ||
        scx_bpf_now() - ctx(head).enq_at > TARGETED_LATENCY);
      if (stranded && scx_bpf_dsq_move_to_local(cpdom_dsq(dom))) {
        overflow_mask.set(cpu);
        return;
      }
    } else {
      if (scx_bpf_dsq_move_to_local(cpdom_dsq(dom))) return;
      // Steal from the nearest domain that has waiting work.
      const nb = cpdom_neighbors[dom];
      for (let i = 0; i < nb.length; i++) {
        const d = cpdom_dsq(nb[i]);
        if (scx_bpf_dsq_nr_queued(d) > 0 && scx_bpf_dsq_move_to_local(d)) return;
      }
    }
    if (prev != null && (prev.scx.flags & SCX_TASK_QUEUED) != 0) {
      prev.scx.slice = calc_time_slice(ctx(prev));
    }
  }

  tick(p: Task): void {
    // A boosted slice gives way to the regular one as soon as someone waits in the domain.
    const cpu = scx_bpf_task_cpu(p);
    if (!cpu_boosted[cpu] || scx_bpf_dsq_nr_queued(cpdom_dsq(cpu_cpdom[cpu])) == 0) return;
    cpu_boosted[cpu] = false;
    const ran = scx_bpf_now() - cpu_running_clk[cpu];
    p.scx.slice = sys_slice > ran ? sys_slice - ran : 0;
  }

  runnable(p: Task, enq_flags: u64): void {
    ctx(p).acc_runtime = 0;
  }

  running(p: Task): void {
    const t = ctx(p);
    const cpu = scx_bpf_task_cpu(p);
    const now = scx_bpf_now();
    // The logical clock moves toward the deadline of the task that starts, more slowly when
    // many tasks wait, so newly queued tasks can still compete with the queued ones.
    const dl = p.scx.dsq_vtime;
    if (<i64>(dl - cur_logical_clk) > 0) {
      const n = nr_queued_task > 0 ? nr_queued_task : 1;
      cur_logical_clk += (dl - cur_logical_clk) / n;
    }
    if (t.last_running_clk > 0) t.run_freq = calc_avg_freq(t.run_freq, now - t.last_running_clk);
    t.last_running_clk = now;
    if (t.slice > 0 && t.slice != SCX_SLICE_INF) p.scx.slice = t.slice;
    cpu_curr[cpu] = p;
    cpu_lat_cri[cpu] = t.lat_cri;
    cpu_running_clk[cpu] = now;
    cpu_est_stopping[cpu] = now + min64(t.avg_runtime, t.slice);
    cpu_boosted[cpu] = t.slice_boosted;
  }

  stopping(p: Task, runnable: bool): void {
    const t = ctx(p);
    const cpu = scx_bpf_task_cpu(p);
    const ran = invariant(scx_bpf_now() - t.last_running_clk, cpu);
    t.acc_runtime += ran;
    t.avg_runtime = calc_avg(t.avg_runtime, t.acc_runtime);
    t.svc_time += ran * 100 / <u64>p.scx.weight;
    sum_svc_time += t.svc_time;
    nr_svc_samples++;
    cpu_curr[cpu] = null;
    cpu_lat_cri[cpu] = 0;
    cpu_est_stopping[cpu] = SCX_SLICE_INF;
    cpu_boosted[cpu] = false;
  }

  quiescent(p: Task, deq_flags: u64): void {
    if ((deq_flags & SCX_DEQ_SLEEP) == 0) return;
    const t = ctx(p);
    const now = scx_bpf_now();
    const interval = now - t.last_quiescent_clk;
    if (interval > 0) {
      t.wait_freq = calc_avg_freq(t.wait_freq, interval);
      t.last_quiescent_clk = now;
    }
  }

  update_idle(cpu: i32, idle: bool): void {
    const now = scx_bpf_now();
    if (idle) {
      cpu_is_idle[cpu] = true;
      cpu_idle_start[cpu] = now;
    } else if (cpu_is_idle[cpu]) {
      cpu_is_idle[cpu] = false;
      cpu_idle_acc[cpu] += now - cpu_idle_start[cpu];
    }
  }

  enable(p: Task): void {
    const t = ctx(p);
    // A new task starts as an average one: neither greedy nor starved.
    t.svc_time = avg_svc_time;
    t.last_quiescent_clk = scx_bpf_now();
    p.scx.dsq_vtime = cur_logical_clk;
  }

  init_task(p: Task, fork: bool): i32 {
    task_ctx.set(p, new TaskCtx());
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    task_ctx.delete(p);
  }

  init(): i32 {
    nr_cpu_ids = <i32>scx_bpf_nr_cpu_ids();
    cpu_cpdom = new StaticArray<i32>(nr_cpu_ids);
    cpu_lat_cri = new StaticArray<u64>(nr_cpu_ids);
    cpu_est_stopping = new StaticArray<u64>(nr_cpu_ids);
    cpu_running_clk = new StaticArray<u64>(nr_cpu_ids);
    cpu_curr = new Array<Task | null>(nr_cpu_ids);
    cpu_boosted = new StaticArray<bool>(nr_cpu_ids);
    cpu_is_idle = new StaticArray<bool>(nr_cpu_ids);
    cpu_idle_start = new StaticArray<u64>(nr_cpu_ids);
    cpu_idle_acc = new StaticArray<u64>(nr_cpu_ids);
    cpu_util = new StaticArray<u64>(nr_cpu_ids);
    pco_order = new StaticArray<i32>(nr_cpu_ids);
    for (let c = 0; c < nr_cpu_ids; c++) {
      cpu_is_idle[c] = true; // every CPU starts idle
      cpu_est_stopping[c] = SCX_SLICE_INF;
    }
    active_mask = new Cpumask();
    overflow_mask = new Cpumask();
    scratch = new Cpumask();
    pick_mask = new Cpumask();
    victim_mask = new Cpumask();
    init_topology();
    for (let d = 0; d < nr_cpdoms; d++) {
      const r = scx_bpf_create_dsq(cpdom_dsq(d), scx_bpf_cpu_node(cpdom_mask[d].first()));
      if (r != 0) return r;
    }
    // Until the first measurement every CPU is active.
    for (let c = 0; c < nr_cpu_ids; c++) active_mask.set(c);
    sys_slice = slice_max_ns;
    bpf_timer_start(stat_timer, SYS_STAT_INTERVAL, 0);
    return 0;
  }
}

register(new Lavd(), "lavd");
