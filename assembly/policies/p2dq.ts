// Pick-two load balancing over per-LLC ladders of dispatch queues: the port of scx_p2dq
// (sched-ext/scx scheds/rust/scx_p2dq), simplified.
//
// Each LLC has a ladder of vtime-ordered DSQs with growing slices (0.5, 2.5 and 5 ms), plus a
// migration DSQ for tasks that may move to another LLC. A task climbs the ladder when it keeps
// using up its slice (a throughput task, given a longer slice) and steps down when it blocks
// early (an interactive task, given a short one). Waking tasks look for an idle CPU in their own
// LLC first — whole SMT cores, then any CPU — and leave the LLC only when it is saturated and
// the task is "migratable": it has run a few times (log2 of the number of LLCs) on this LLC and
// the LLC or the whole machine has no idle CPU to spare. Only migratable tasks are queued in the
// migration DSQ. A CPU runs the lowest-vtime head among its LLC's queues; with nothing local,
// it picks two random LLCs and pulls from the migration DSQ of the more loaded one if that one
// is busier than its own (power of two choices), so imbalance is corrected one task at a time
// without a central balancer. On big/LITTLE machines interactive tasks prefer little cores and
// the rest whole big cores.
//
// It keeps tasks on their LLC (cache locality, fewer cross-LLC migrations) and balances load
// lazily; the cost is that a saturated LLC can hold waiting tasks for a while when other LLCs
// have room but their CPUs do not come looking.
//
// Simplified relative to the real scheduler: the ladder has a fixed three rungs; no autoslice,
// deadline mode, keep-running, arena queues (ATQ/DHQ), LLC sharding, CPU priority, PELT or
// fork balancing; the WAKE_SYNC waker-CPU paths are left out (the simulator does not tell a
// policy the waker's CPU); LLC load is the decayed sum of runtime, refreshed by a BPF timer.

import {
  Ops, Task, register, TaskStorage, Cpumask, BpfTimer, bpf_timer_start,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_dsq_peek, scx_bpf_pick_idle_cpu, scx_bpf_test_and_clear_cpu_idle, scx_bpf_kick_cpu,
  scx_bpf_now, scx_bpf_nr_cpu_ids, scx_bpf_cpu_node, scx_bpf_task_cpu, scx_bpf_get_idle_cpumask,
  bpf_get_prandom_u32, cpu_llc_id, cpu_capacity, nr_llc_ids, llc_cpumask, node_cpumask,
  is_asymmetric, smt_active,
  SCX_DSQ_LOCAL, SCX_KICK_IDLE, SCX_PICK_IDLE_CORE,
} from "scx";

/** Knob: slice of the first (interactive) rung of the ladder (scx_p2dq -t). */
export let dsq_slice_0_ns: u64 = 500_000;
/** Knob: slice of the second rung. */
export let dsq_slice_1_ns: u64 = 2_500_000;
/** Knob: slice of the third (throughput) rung. */
export let dsq_slice_2_ns: u64 = 5_000_000;
/** Knob: runs on an LLC before a task may migrate; -1 = log2(number of LLCs) (-l). */
export let min_llc_runs_pick2: i32 = -1;
/** Knob: percent of idle CPUs under which an LLC or the machine counts as saturated. */
export let saturated_percent: u32 = 5;
/** Knob: pick-2 pulls only from an LLC whose load exceeds ours by this percent. */
export let lb_slack_factor: u64 = 5;
/** Knob: pick-2 balancing on the dispatch path only while our LLC is below this utilization %. */
export let dispatch_lb_busy: u64 = 75;
/** Knob: turn pick-2 balancing off (-d). */
export let dispatch_pick2_disable: bool = false;

const NR_DSQS_PER_LLC: i32 = 3;
/** DSQ ids: per LLC, the rungs then the migration DSQ; per-CPU DSQs after all LLCs. */
const DSQS_PER_LLC_ID: i32 = NR_DSQS_PER_LLC + 1;
const LOAD_INTERVAL: u64 = 100_000_000;

class TaskCtx {
  dsq_index: i32 = 0;
  llc_id: i32 = 0;
  /** Runs since the task arrived on its LLC. */
  llc_runs: i32 = 0;
  last_run_at: u64 = 0;
  slice_ns: u64 = 0;
}

const task_ctx = new TaskStorage<TaskCtx>();

let nr_cpu_ids: i32 = 0;
let nr_llcs: i32 = 0;
let min_llc_runs: i32 = 0;
let llc_mask = new Array<Cpumask>(0);
let llc_node_mask = new Array<Cpumask>(0);
let llc_big_mask = new Array<Cpumask>(0);
let llc_little_mask = new Array<Cpumask>(0);
let llc_vtime = new StaticArray<u64>(0);
/** Decayed runtime of the LLC's tasks: what pick-2 compares. */
let llc_load = new StaticArray<u64>(0);
let llc_busy = new StaticArray<u64>(0);
/** Utilization over the last load interval, percent. */
let llc_util = new StaticArray<u64>(0);
let all_mask: Cpumask = new Cpumask();
let scratch: Cpumask = new Cpumask();
let have_little: bool = false;
let last_load_at: u64 = 0;

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

function llc_dsq(llc: i32, index: i32): u64 {
  return <u64>(llc * DSQS_PER_LLC_ID + index);
}

function mig_dsq(llc: i32): u64 {
  return <u64>(llc * DSQS_PER_LLC_ID + NR_DSQS_PER_LLC);
}

function affn_dsq(cpu: i32): u64 {
  return <u64>(nr_llcs * DSQS_PER_LLC_ID + cpu);
}

function dsq_slice(index: i32): u64 {
  return index == 0 ? dsq_slice_0_ns : index == 1 ? dsq_slice_1_ns : dsq_slice_2_ns;
}

function task_slice(p: Task, t: TaskCtx): u64 {
  return dsq_slice(t.dsq_index) * <u64>p.scx.weight / 100;
}

function is_interactive(t: TaskCtx): bool {
  return t.dsq_index == 0;
}

/** Fewer than saturated_percent of `mask`'s CPUs are idle. */
function is_saturated(mask: Cpumask, idle: Cpumask): bool {
  scratch.and(mask, idle);
  return <u64>scratch.weight() * 100 < <u64>saturated_percent * <u64>mask.weight();
}

/** May the task be moved to another LLC (queued in the migration DSQ, placed outside)? */
function can_migrate(p: Task, t: TaskCtx, idle: Cpumask): bool {
  if (nr_llcs < 2 || p.nr_cpus_allowed != nr_cpu_ids) return false;
  if (t.llc_runs < min_llc_runs) return false;
  return is_saturated(all_mask, idle) || is_saturated(llc_mask[t.llc_id], idle);
}

function pick_in(p: Task, mask: Cpumask, flags: u64): i32 {
  scratch.and(mask, p.cpus_ptr);
  if (scratch.empty()) return -1;
  return scx_bpf_pick_idle_cpu(scratch, flags);
}

/** An idle CPU for a waking task, claimed, or -1: its LLC first, further only if saturated. */
function pick_idle_cpu(p: Task, t: TaskCtx, prev_cpu: i32): i32 {
  if (p.cpus_ptr.test(prev_cpu) && scx_bpf_test_and_clear_cpu_idle(prev_cpu)) return prev_cpu;
  const idle = scx_bpf_get_idle_cpumask();
  if (idle.empty()) return -1;
  const llc = t.llc_id;
  let cpu = -1;
  if (have_little) {
    // Default mode: interactive tasks on little cores, the rest on whole big cores.
    if (is_interactive(t)) cpu = pick_in(p, llc_little_mask[llc], 0);
    else cpu = pick_in(p, llc_big_mask[llc], SCX_PICK_IDLE_CORE);
    if (cpu >= 0) return cpu;
  }
  if (smt_active()) {
    cpu = pick_in(p, llc_mask[llc], SCX_PICK_IDLE_CORE);
    if (cpu >= 0) return cpu;
  }
  cpu = pick_in(p, llc_mask[llc], 0);
  if (cpu >= 0) return cpu;
  if (nr_llcs > 1 && is_saturated(llc_mask[llc], idle) && can_migrate(p, t, idle)) {
    if (smt_active()) cpu = pick_in(p, llc_node_mask[llc], SCX_PICK_IDLE_CORE);
    if (cpu < 0) cpu = pick_in(p, llc_node_mask[llc], 0);
    if (cpu < 0 && is_saturated(all_mask, idle)) {
      if (smt_active()) cpu = pick_in(p, all_mask, SCX_PICK_IDLE_CORE);
      if (cpu < 0) cpu = pick_in(p, all_mask, 0);
    }
  }
  return cpu;
}

/** Clamps the vtime against the LLC's clock; a task new to the LLC starts at the clock. */
function update_vtime(p: Task, t: TaskCtx, llc: i32): void {
  if (t.llc_id != llc) {
    p.scx.dsq_vtime = llc_vtime[llc];
    return;
  }
  const floor = llc_vtime[llc] - dsq_slice_2_ns * <u64>p.scx.weight / 100;
  if (vtime_before(p.scx.dsq_vtime, floor)) p.scx.dsq_vtime = floor;
}

/** Moves the head of `dsq` if it is earlier than the best seen so far. */
let best_dsq: u64 = 0;
let best_vtime: u64 = 0;
let have_best: bool = false;

function consider(dsq: u64, cpu: i32): void {
  const h = scx_bpf_dsq_peek(dsq);
  if (h == null || !h.cpus_ptr.test(cpu)) return;
  if (!have_best || vtime_before(h.scx.dsq_vtime, best_vtime)) {
    best_dsq = dsq;
    best_vtime = h.scx.dsq_vtime;
    have_best = true;
  }
}

/** Power of two choices: pull from the busier of two random LLCs if it is busier than ours. */
function dispatch_pick_two(cpu: i32, my_llc: i32, idle: Cpumask): bool {
  if (nr_llcs < 2 || dispatch_pick2_disable || llc_util[my_llc] >= dispatch_lb_busy) return false;
  let a = <i32>(bpf_get_prandom_u32() % <u32>nr_llcs);
  if (a == my_llc) a = (a + 1) % nr_llcs;
  let b = <i32>(bpf_get_prandom_u32() % <u32>nr_llcs);
  if (b == my_llc || b == a) b = (b + 1) % nr_llcs;
  if (b == my_llc) b = (b + 1) % nr_llcs;
  let first = a;
  let second = b;
  if (llc_load[b] > llc_load[a]) {
    first = b;
    second = a;
  }
  const cur = llc_load[my_llc] + llc_load[my_llc] * lb_slack_factor / 100;
  if (llc_load[first] >= cur && scx_bpf_dsq_move_to_local(mig_dsq(first))) return true;
  if (second != my_llc && llc_load[second] >= cur && scx_bpf_dsq_move_to_local(mig_dsq(second))) {
    return true;
  }
  if (is_saturated(all_mask, idle)) {
    if (scx_bpf_dsq_move_to_local(mig_dsq(first))) return true;
    if (second != my_llc && scx_bpf_dsq_move_to_local(mig_dsq(second))) return true;
  }
  return false;
}

/** Decays LLC loads and measures LLC utilization (the dispatch_lb_busy gate). */
function load_timerfn(timer: BpfTimer): void {
  const now = scx_bpf_now();
  const interval = now - last_load_at;
  last_load_at = now;
  for (let l = 0; l < nr_llcs; l++) {
    if (interval > 0) llc_util[l] = llc_busy[l] * 100 / (interval * <u64>llc_mask[l].weight());
    llc_busy[l] = 0;
    llc_load[l] >>= 1;
  }
  bpf_timer_start(timer, LOAD_INTERVAL, 0);
}

const load_timer = new BpfTimer(load_timerfn);

class P2dq extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    const t = ctx(p);
    const cpu = pick_idle_cpu(p, t, prev_cpu);
    if (cpu >= 0) {
      t.slice_ns = task_slice(p, t);
      scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, t.slice_ns, 0);
      return cpu;
    }
    return prev_cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    const t = ctx(p);
    const cpu = scx_bpf_task_cpu(p);
    const llc = cpu_llc_id(cpu);
    update_vtime(p, t, llc);
    t.slice_ns = task_slice(p, t);
    const idle = scx_bpf_get_idle_cpumask();
    if (p.nr_cpus_allowed != nr_cpu_ids) {
      // Affinitized tasks wait on their CPU's own queue.
      scx_bpf_dsq_insert_vtime(p, affn_dsq(cpu), t.slice_ns, p.scx.dsq_vtime, enq_flags);
      scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
      return;
    }
    const dsq = can_migrate(p, t, idle) ? mig_dsq(llc) : llc_dsq(llc, t.dsq_index);
    scx_bpf_dsq_insert_vtime(p, dsq, t.slice_ns, p.scx.dsq_vtime, enq_flags);
    const target = pick_in(p, llc_mask[llc], 0);
    if (target >= 0) scx_bpf_kick_cpu(target, SCX_KICK_IDLE);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    const llc = cpu_llc_id(cpu);
    have_best = false;
    consider(affn_dsq(cpu), cpu);
    for (let i = 0; i < NR_DSQS_PER_LLC; i++) consider(llc_dsq(llc, i), cpu);
    if (nr_llcs > 1) consider(mig_dsq(llc), cpu);
    if (have_best && scx_bpf_dsq_move_to_local(best_dsq)) return;
    if (scx_bpf_dsq_move_to_local(affn_dsq(cpu))) return;
    for (let i = 0; i < NR_DSQS_PER_LLC; i++) {
      if (scx_bpf_dsq_move_to_local(llc_dsq(llc, i))) return;
    }
    if (nr_llcs > 1 && scx_bpf_dsq_move_to_local(mig_dsq(llc))) return;
    dispatch_pick_two(cpu, llc, scx_bpf_get_idle_cpumask());
  }

  running(p: Task): void {
    const t = ctx(p);
    const cpu = scx_bpf_task_cpu(p);
    const llc = cpu_llc_id(cpu);
    if (llc != t.llc_id) {
      t.llc_id = llc;
      t.llc_runs = 0;
    } else {
      t.llc_runs++;
    }
    t.last_run_at = scx_bpf_now();
    if (vtime_before(llc_vtime[llc], p.scx.dsq_vtime)) llc_vtime[llc] = p.scx.dsq_vtime;
  }

  stopping(p: Task, runnable: bool): void {
    const t = ctx(p);
    const used = scx_bpf_now() - t.last_run_at;
    p.scx.dsq_vtime += used * 100 / <u64>p.scx.weight;
    llc_load[t.llc_id] += used * <u64>p.scx.weight / 100;
    llc_busy[t.llc_id] += used;
    // Climb the ladder after using (nearly) a whole slice, step down after blocking early.
    const slice = t.slice_ns > 0 ? t.slice_ns : task_slice(p, t);
    const full = p.nr_cpus_allowed == nr_cpu_ids ? slice * 9 / 10 : slice * 95 / 100;
    const low = p.nr_cpus_allowed == nr_cpu_ids ? slice / 2 : slice / 4;
    const max_index = p.scx.weight < 100 ? 1 : NR_DSQS_PER_LLC - 1;
    if (used >= full && t.dsq_index < max_index) t.dsq_index++;
    else if (!runnable && used < low && t.dsq_index > 0) t.dsq_index--;
    if (t.dsq_index > max_index) t.dsq_index = max_index;
  }

  enable(p: Task): void {
    const t = ctx(p);
    t.llc_id = cpu_llc_id(scx_bpf_task_cpu(p));
    p.scx.dsq_vtime = llc_vtime[t.llc_id];
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
    nr_llcs = nr_llc_ids();
    const log2_llcs = nr_llcs > 1 ? 31 - <i32>clz(<u32>nr_llcs) : 0;
    min_llc_runs = min_llc_runs_pick2 >= 0 ? min_llc_runs_pick2 : log2_llcs;
    have_little = is_asymmetric();
    llc_vtime = new StaticArray<u64>(nr_llcs);
    llc_load = new StaticArray<u64>(nr_llcs);
    llc_busy = new StaticArray<u64>(nr_llcs);
    llc_util = new StaticArray<u64>(nr_llcs);
    all_mask = new Cpumask();
    all_mask.fill();
    scratch = new Cpumask();
    let cap_sum: u64 = 0;
    for (let c = 0; c < nr_cpu_ids; c++) cap_sum += <u64>cpu_capacity(c);
    const avg_cap = cap_sum / <u64>nr_cpu_ids;
    for (let l = 0; l < nr_llcs; l++) {
      const m = llc_cpumask(l);
      llc_mask.push(m);
      const node = scx_bpf_cpu_node(m.first());
      llc_node_mask.push(node_cpumask(node));
      const big = new Cpumask();
      const little = new Cpumask();
      for (let c = m.first(); c >= 0; c = m.nextFrom(c + 1)) {
        if (<u64>cpu_capacity(c) >= avg_cap) big.set(c);
        else little.set(c);
      }
      llc_big_mask.push(big);
      llc_little_mask.push(little);
      for (let i = 0; i <= NR_DSQS_PER_LLC; i++) {
        const r = scx_bpf_create_dsq(<u64>(l * DSQS_PER_LLC_ID + i), node);
        if (r != 0) return r;
      }
    }
    for (let c = 0; c < nr_cpu_ids; c++) {
      const r = scx_bpf_create_dsq(affn_dsq(c), scx_bpf_cpu_node(c));
      if (r != 0) return r;
    }
    bpf_timer_start(load_timer, LOAD_INTERVAL, 0);
    return 0;
  }
}

register(new P2dq(), "p2dq");
