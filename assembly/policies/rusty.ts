// Per-LLC scheduling domains with weighted vtime and a load balancer between them: the port of
// scx_rusty (sched-ext/scx scheds/rust/scx_rusty), simplified.
//
// Every last-level cache is a domain with its own vtime-ordered DSQ, and every task belongs to
// one domain. A waking task looks for an idle CPU in its own domain first (whole SMT cores,
// then its previous CPU, then any CPU), so it keeps its cache; only if the domain is full may it
// go straight to an idle CPU of a lightly loaded domain ("direct greedy"). Otherwise it waits in
// its domain's DSQ, ordered by weighted vruntime. A CPU whose domain has nothing to run steals
// from other domains that have tasks waiting ("greedy" stealing), nearest NUMA node first; a
// stolen task stays in its home domain. Every `lb_interval_ns` a load balancer (user-space Rust
// in the original) compares the domains' loads — each task's recent runnable duty cycle ×
// weight — and moves tasks from overloaded domains to underloaded ones by changing their home
// domain, which takes effect at their next enqueue.
//
// It favours cache locality and throughput on machines with several LLCs or NUMA nodes; the
// price is slower reaction to imbalance (between balancer runs, only stealing helps), and long
// 20 ms slices that do nothing special for interactive tasks. No big/LITTLE logic.
//
// Simplified relative to the real scheduler: the balancer runs in a BPF timer and uses a
// simple per-task EWMA of the duty cycle instead of rusty's running averages and "infeasible
// weight" handling; it moves at most a few tasks per domain pair per round. The sync-wakeup
// step (wakee onto the waker's CPU) is left out, as the simulator does not tell a policy the
// waker's CPU. No kthread special cases, no NUMA-aware load balancing beyond stealing order.

import {
  Ops, Task, register, TaskStorage, Cpumask, BpfTimer, bpf_timer_start,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_dsq_nr_queued, scx_bpf_pick_idle_cpu, scx_bpf_test_and_clear_cpu_idle, scx_bpf_kick_cpu,
  scx_bpf_now, scx_bpf_nr_cpu_ids, scx_bpf_cpu_node, scx_bpf_task_cpu,
  scx_bpf_get_idle_cpumask,
  cpu_llc_id, cpu_smt_mask, nr_llc_ids, llc_cpumask, smt_active,
  SCX_DSQ_LOCAL, SCX_KICK_IDLE, SCX_PICK_IDLE_CORE,
} from "scx";

/** Knob: the slice every task gets (scx_rusty -s). */
export let slice_ns: u64 = 20_000_000;
/** Knob: steal from another domain once it has this many tasks waiting; 0 = never (-g). */
export let greedy_threshold: u32 = 1;
/** Knob: the same, across NUMA nodes; 0 = never (--greedy-threshold-x-numa). */
export let greedy_threshold_x_numa: u32 = 0;
/** Knob: domains below this utilization (%) take direct dispatches from other domains. */
export let direct_greedy_under: u32 = 90;
/** Knob: domains below this utilization (%) have idle CPUs kicked to steal work. */
export let kick_greedy_under: u32 = 90;
/** Knob: how often the load balancer runs (-i). */
export let lb_interval_ns: u64 = 2_000_000_000;
/** Knob: how often domain utilization is refreshed for the greedy masks (-I). */
export let tune_interval_ns: u64 = 100_000_000;

/** Domains within ±10 % of the average load are left alone. */
const LOAD_IMBAL_PCT: u64 = 10;
/** At most this many tasks move out of one domain per balancing round. */
const MAX_MIGRATIONS_PER_DOM: i32 = 4;

class TaskCtx {
  dom: i32 = 0;
  /** Set by the load balancer; applied at the next enqueue. */
  target_dom: i32 = 0;
  last_run_at: u64 = 0;
  /** When the task last became runnable; 0 while it sleeps. */
  runnable_at: u64 = 0;
  /** Time spent runnable (running or waiting) in the current balancing period. */
  period_runnable: u64 = 0;
  /** EWMA of the runnable duty cycle, of 1024. */
  duty: u64 = 0;
  /** Index in all_tasks. */
  idx: i32 = -1;
}

const task_ctx = new TaskStorage<TaskCtx>();
let all_tasks = new Array<Task>(0);

let nr_cpu_ids: i32 = 0;
let nr_doms: i32 = 0;
let dom_mask = new Array<Cpumask>(0);
let dom_node = new StaticArray<i32>(0);
/** Per-domain vtime: where a task's credit is measured from. */
let dom_vtime = new StaticArray<u64>(0);
let direct_greedy_mask: Cpumask = new Cpumask();
let kick_greedy_mask: Cpumask = new Cpumask();
let scratch: Cpumask = new Cpumask();
let busy_ns = new StaticArray<u64>(0);
let running_since = new StaticArray<u64>(0);
let last_tune_at: u64 = 0;
let last_lb_at: u64 = 0;

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

function dom_dsq(dom: i32): u64 {
  return <u64>dom;
}

function cpu_dom(cpu: i32): i32 {
  return cpu_llc_id(cpu);
}

/** Claims an idle CPU of `mask` ∩ p's CPUs: a whole idle core first when `core_first`. */
function pick_idle_in(p: Task, mask: Cpumask, core_first: bool): i32 {
  scratch.and(mask, p.cpus_ptr);
  if (scratch.empty()) return -1;
  if (core_first && smt_active()) {
    const c = scx_bpf_pick_idle_cpu(scratch, SCX_PICK_IDLE_CORE);
    if (c >= 0) return c;
  }
  return scx_bpf_pick_idle_cpu(scratch, 0);
}

/** Moves the task to the domain the load balancer chose for it, if any. */
function apply_target_dom(p: Task, t: TaskCtx): void {
  if (t.target_dom == t.dom) return;
  if (!dom_mask[t.target_dom].intersects(p.cpus_ptr)) {
    t.target_dom = t.dom;
    return;
  }
  t.dom = t.target_dom;
  // Carry the task's lag relative to the old domain's clock into the new one's.
  p.scx.dsq_vtime = dom_vtime[t.dom];
}

/** Idle CPU for a waking task: its domain first, then a lightly loaded one; -1 if none. */
function pick_idle_cpu(p: Task, t: TaskCtx, prev_cpu: i32): i32 {
  const dom = dom_mask[t.dom];
  const prev_in_dom = dom.test(prev_cpu) && p.cpus_ptr.test(prev_cpu);
  if (prev_in_dom && smt_active() && cpu_smt_mask(prev_cpu).subsetOf(scx_bpf_get_idle_cpumask()) &&
      scx_bpf_test_and_clear_cpu_idle(prev_cpu)) return prev_cpu;
  if (smt_active()) {
    const c = pick_idle_in(p, dom, true);
    if (c >= 0) return c;
  }
  if (prev_in_dom && scx_bpf_test_and_clear_cpu_idle(prev_cpu)) return prev_cpu;
  let cpu = pick_idle_in(p, dom, false);
  if (cpu >= 0) return cpu;
  // The domain is full: an idle CPU in a domain with spare capacity beats waiting.
  if (!direct_greedy_mask.empty()) cpu = pick_idle_in(p, direct_greedy_mask, true);
  return cpu;
}

/** Refreshes domain utilization and the greedy masks (rusty's tuner). */
function tune_timerfn(timer: BpfTimer): void {
  const now = scx_bpf_now();
  const interval = now - last_tune_at;
  last_tune_at = now;
  if (interval > 0) {
    direct_greedy_mask.zero();
    kick_greedy_mask.zero();
    for (let d = 0; d < nr_doms; d++) {
      let busy: u64 = 0;
      let n: u64 = 0;
      const m = dom_mask[d];
      for (let c = m.first(); c >= 0; c = m.nextFrom(c + 1)) {
        let b = busy_ns[c];
        if (running_since[c] != 0) {
          b += now - running_since[c];
          running_since[c] = now;
        }
        busy_ns[c] = 0;
        busy += b;
        n++;
      }
      const util_pct = busy * 100 / (interval * n);
      if (util_pct < <u64>direct_greedy_under) direct_greedy_mask.or(direct_greedy_mask, m);
      if (util_pct < <u64>kick_greedy_under) kick_greedy_mask.or(kick_greedy_mask, m);
    }
  }
  bpf_timer_start(timer, tune_interval_ns, 0);
}

/**
 * The load balancer: domain load = Σ runnable duty cycle × weight of its tasks. Tasks move from
 * domains above the average (+10 %) to domains below it (−10 %), the best fit for the gap first.
 */
function lb_timerfn(timer: BpfTimer): void {
  const now = scx_bpf_now();
  const period = now - last_lb_at;
  last_lb_at = now;
  if (period > 0 && nr_doms > 1) {
    const load = new StaticArray<u64>(nr_doms);
    let total: u64 = 0;
    for (let i = 0; i < all_tasks.length; i++) {
      const p = all_tasks[i];
      const t = ctx(p);
      let rt = t.period_runnable;
      if (t.runnable_at != 0) {
        rt += now - t.runnable_at;
        t.runnable_at = now;
      }
      t.period_runnable = 0;
      let duty = rt * 1024 / period;
      if (duty > 1024) duty = 1024;
      t.duty = (t.duty + duty) / 2;
      const l = t.duty * <u64>p.scx.weight;
      load[t.dom] += l;
      total += l;
    }
    const avg = total / <u64>nr_doms;
    const hi = avg + avg * LOAD_IMBAL_PCT / 100;
    const lo = avg - avg * LOAD_IMBAL_PCT / 100;
    for (let push = 0; push < nr_doms; push++) {
      for (let moved = 0; moved < MAX_MIGRATIONS_PER_DOM && load[push] > hi; moved++) {
        // The most underloaded domain takes the task that best fills its gap.
        let pull = -1;
        for (let d = 0; d < nr_doms; d++) {
          if (load[d] < lo && (pull < 0 || load[d] < load[pull])) pull = d;
        }
        if (pull < 0) break;
        const want = min64(load[push] - avg, avg - load[pull]);
        let best = -1;
        let best_gap: u64 = u64.MAX_VALUE;
        for (let i = 0; i < all_tasks.length; i++) {
          const p = all_tasks[i];
          const t = ctx(p);
          if (t.dom != push || t.target_dom != push) continue;
          if (!dom_mask[pull].intersects(p.cpus_ptr)) continue;
          const l = t.duty * <u64>p.scx.weight;
          if (l == 0 || l > 2 * want) continue;
          const gap = l > want ? l - want : want - l;
          if (gap < best_gap) {
            best_gap = gap;
            best = i;
          }
        }
        if (best < 0) break;
        const t = ctx(all_tasks[best]);
        const l = t.duty * <u64>all_tasks[best].scx.weight;
        t.target_dom = pull;
        load[push] -= l;
        load[pull] += l;
      }
    }
  }
  bpf_timer_start(timer, lb_interval_ns, 0);
}

function min64(a: u64, b: u64): u64 {
  return a < b ? a : b;
}

const tune_timer = new BpfTimer(tune_timerfn);
const lb_timer = new BpfTimer(lb_timerfn);

class Rusty extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const t = ctx(p);
    if (p.nr_cpus_allowed == 1) return prev_cpu;
    apply_target_dom(p, t);
    const cpu = pick_idle_cpu(p, t, prev_cpu);
    if (cpu >= 0) {
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, 0);
      return cpu;
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const t = ctx(p);
    apply_target_dom(p, t);
    // Credit for sleeping is capped at one slice behind the domain's clock.
    let vtime = p.scx.dsq_vtime;
    const floor = dom_vtime[t.dom] - slice_ns;
    if (vtime_before(vtime, floor)) vtime = floor;
    scx_bpf_dsq_insert_vtime(p, dom_dsq(t.dom), slice_ns, vtime, enq_flags);
    // Wake an idle CPU of the domain, or one of a lightly loaded domain that may steal it.
    let idle = pick_idle_in(p, dom_mask[t.dom], true);
    if (idle < 0 && greedy_threshold > 0 && !kick_greedy_mask.empty()) {
      idle = pick_idle_in(p, kick_greedy_mask, false);
    }
    if (idle >= 0) scx_bpf_kick_cpu(idle, SCX_KICK_IDLE);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    const my = cpu_dom(cpu);
    if (scx_bpf_dsq_move_to_local(dom_dsq(my))) return;
    if (greedy_threshold == 0) return;
    // Greedy stealing: same node first, then (if allowed) other nodes.
    const node = dom_node[my];
    for (let pass = 0; pass < 2; pass++) {
      const thresh = pass == 0 ? greedy_threshold : greedy_threshold_x_numa;
      if (thresh == 0) continue;
      for (let i = 1; i < nr_doms; i++) {
        const d = (my + i) % nr_doms;
        if ((dom_node[d] == node) != (pass == 0)) continue;
        const dsq = dom_dsq(d);
        if (scx_bpf_dsq_nr_queued(dsq) >= <i32>thresh && scx_bpf_dsq_move_to_local(dsq)) return;
      }
    }
  }

  running(p: Task): void {
    const t = ctx(p);
    const now = scx_bpf_now();
    t.last_run_at = now;
    running_since[scx_bpf_task_cpu(p)] = now;
    if (vtime_before(dom_vtime[t.dom], p.scx.dsq_vtime)) dom_vtime[t.dom] = p.scx.dsq_vtime;
  }

  stopping(p: Task, runnable: bool): void {
    const t = ctx(p);
    const now = scx_bpf_now();
    const cpu = scx_bpf_task_cpu(p);
    const ran = now - t.last_run_at;
    if (running_since[cpu] != 0) {
      busy_ns[cpu] += now - running_since[cpu];
      running_since[cpu] = 0;
    }
    p.scx.dsq_vtime += ran * 100 / <u64>p.scx.weight;
  }

  runnable(p: Task, enq_flags: u64): void {
    ctx(p).runnable_at = scx_bpf_now();
  }

  quiescent(p: Task, deq_flags: u64): void {
    const t = ctx(p);
    if (t.runnable_at != 0) t.period_runnable += scx_bpf_now() - t.runnable_at;
    t.runnable_at = 0;
  }

  enable(p: Task): void {
    const t = ctx(p);
    // A new task starts in the domain of the CPU it was created on.
    t.dom = cpu_dom(scx_bpf_task_cpu(p));
    if (!dom_mask[t.dom].intersects(p.cpus_ptr)) t.dom = cpu_dom(p.cpus_ptr.first());
    t.target_dom = t.dom;
    p.scx.dsq_vtime = dom_vtime[t.dom];
    t.idx = all_tasks.length;
    all_tasks.push(p);
  }

  init_task(p: Task, fork: bool): i32 {
    task_ctx.set(p, new TaskCtx());
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    const t = ctx(p);
    if (t.idx >= 0) {
      const last = all_tasks.pop();
      if (last != p) {
        all_tasks[t.idx] = last;
        ctx(last).idx = t.idx;
      }
    }
    task_ctx.delete(p);
  }

  init(): i32 {
    nr_cpu_ids = <i32>scx_bpf_nr_cpu_ids();
    nr_doms = nr_llc_ids();
    dom_node = new StaticArray<i32>(nr_doms);
    dom_vtime = new StaticArray<u64>(nr_doms);
    busy_ns = new StaticArray<u64>(nr_cpu_ids);
    running_since = new StaticArray<u64>(nr_cpu_ids);
    direct_greedy_mask = new Cpumask();
    kick_greedy_mask = new Cpumask();
    scratch = new Cpumask();
    for (let d = 0; d < nr_doms; d++) {
      const m = llc_cpumask(d);
      dom_mask.push(m);
      dom_node[d] = scx_bpf_cpu_node(m.first());
      const r = scx_bpf_create_dsq(dom_dsq(d), dom_node[d]);
      if (r != 0) return r;
      // Every domain starts idle, so greedy placement is allowed until the first measurement.
      direct_greedy_mask.or(direct_greedy_mask, m);
      kick_greedy_mask.or(kick_greedy_mask, m);
    }
    bpf_timer_start(tune_timer, tune_interval_ns, 0);
    bpf_timer_start(lb_timer, lb_interval_ns, 0);
    return 0;
  }
}

register(new Rusty(), "rusty");
