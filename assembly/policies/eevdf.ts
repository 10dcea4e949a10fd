// EEVDF, the Linux fair scheduler (kernel/sched/fair.c, 6.6 and later) written as a sched_ext
// policy, as a baseline to compare the others with: "what would the default kernel do".
//
// Every CPU has its own run queue, kept by the policy. A task's virtual runtime grows by the
// time it runs scaled by 100 / its weight; the queue's V is the weight-averaged virtual runtime
// of all its tasks, the running one included. A task is eligible when it has received no more
// than its share (v ≤ V, lag ≥ 0), and the CPU runs the eligible task with the earliest virtual
// deadline, deadline = v + base slice × 100 / weight. The running task keeps the CPU until it
// has used its request (RUN_TO_PARITY), unless it stops being eligible when a task wakes up. A
// task that sleeps keeps its lag (clamped) and is placed by it when it wakes; a new task starts
// at V with half a request. Waking tasks go to their previous CPU if idle, else to an idle CPU
// of the same LLC (select_idle_sibling), else they queue on the previous CPU; new tasks go to
// any idle CPU, else the least loaded. A CPU about to go idle pulls a waiting task (newidle
// balance), and a timer moves load between queues (periodic balance): within the LLC first,
// toward the average, every 4 ms for idle CPUs and every 64 ms for busy ones.
//
// It gives each task CPU time in proportion to its weight on its CPU and bounded latency for
// short requests, at the cost of short slices (3 ms on 8 CPUs or more, so more context switches
// than simple) and of per-CPU queues that are only as fair across CPUs as the balancing makes
// them: equal tasks that do not divide evenly over the CPUs take turns being doubled up.
//
// Simplified relative to the kernel: weights are sched_ext's (nice 0 = 100, rounded) instead of
// 1024-based; no delayed dequeue (a sleeper sheds negative lag when it wakes); no cgroups or
// group scheduling; load is the sum of weights on a queue, not PELT's running average;
// balancing ignores cache hotness, has two levels (LLC, machine) instead of the sched-domain
// tree and pulls the waiting task with the latest deadline; no wake-affine pull toward the
// waker, no next-buddy; the base-slice scaling and the lag clamp assume HZ=250.

import {
  Ops, Task, register, TaskStorage, Cpumask, BpfTimer, bpf_timer_start,
  scx_bpf_dsq_insert, scx_bpf_now, scx_bpf_kick_cpu, scx_bpf_task_cpu, scx_bpf_nr_cpu_ids,
  scx_bpf_test_and_clear_cpu_idle, scx_bpf_pick_idle_cpu, cpu_llc_id, llc_cpumask, nr_llc_ids,
  SCX_DSQ_LOCAL, SCX_WAKE_FORK, SCX_KICK_PREEMPT, SCX_KICK_IDLE, SCX_TASK_QUEUED,
} from "scx";

/** Knob: sysctl_sched_base_slice before scaling by the number of CPUs (0.75 ms normalized). */
export let base_slice_ns: u64 = 750_000;
/** Knob: scale the base slice by 1 + ilog2(min(CPUs, 8)), as the kernel does by default. */
export let scale_slice: bool = true;
/** Knob: the running task keeps the CPU until its request is used (feature RUN_TO_PARITY). */
export let run_to_parity: bool = true;
/** Knob: a waking task preempts the running one if it would be picked now. */
export let wakeup_preemption: bool = true;
/** Knob: how often an idle CPU balances (busy ones 16 times less often); 0 turns it off. */
export let balance_interval_ns: u64 = 4_000_000;

/** The weight of a nice-0 task on sched_ext's scale. */
const NICE_0_WEIGHT: i64 = 100;
/** One tick at HZ=250: the lag clamp never goes below it. */
const TICK_NSEC: i64 = 4_000_000;
/** A busy CPU balances this many times less often than an idle one (sd->busy_factor). */
const BUSY_FACTOR: i32 = 16;
/** nr_balance_failed stops growing here: by then any task may move. */
const MAX_BALANCE_FAILED: i32 = 16;
/** No slice shorter than the smallest per-task slice the kernel accepts (0.1 ms). */
const MIN_SLICE_NS: i64 = 100_000;

/** A task's scheduling entity: the sched_entity fields EEVDF uses. */
class TaskCtx {
  /** The weight the queue sums were computed with (p.scx.weight when it was queued). */
  weight: i64 = NICE_0_WEIGHT;
  vruntime: i64 = 0;
  /** What the division left over of runtime × 100, so that charges in pieces add up exactly. */
  vruntime_rem: i64 = 0;
  deadline: i64 = 0;
  /** V − vruntime saved when the task left its queue. */
  vlag: i64 = 0;
  /** When its runtime was last charged, while it runs. */
  exec_start: i64 = 0;
  /** The CPU whose queue accounts for it (waiting, dispatched or running); -1 when asleep. */
  on_rq: i32 = -1;
  /** It waits in rq.queue (neither dispatched nor running). */
  queued: bool = false;
  /** Picked and not yet through its request: RUN_TO_PARITY keeps it on the CPU. */
  slice_protected: bool = false;
  /** It has been placed before (a new task gets half a request, PLACE_DEADLINE_INITIAL). */
  placed: bool = false;
  /** Migrating: the deadline is kept relative to vruntime (PLACE_REL_DEADLINE). */
  rel_deadline: bool = false;
}

/** A CPU's run queue (struct cfs_rq). */
class Rq {
  cpu: i32;
  llc: i32;
  /** Runnable tasks waiting for this CPU. */
  queue: Array<Task> = new Array<Task>();
  /** The task running on this CPU, if it is ours. */
  curr: Task | null = null;
  /** Tasks accounted here: waiting, dispatched to the local DSQ, or running. */
  nr_running: i32 = 0;
  /** Σ weight. */
  load: i64 = 0;
  /** Σ weight × (vruntime − zero_vruntime): V without a division per task. */
  avg_vruntime: i64 = 0;
  /** Reference point of avg_vruntime, kept at V so the sums stay small. */
  zero_vruntime: i64 = 0;
  /** Balancing attempts in a row that found the imbalance too small for any task. */
  nr_balance_failed: i32 = 0;

  constructor(cpu: i32) {
    this.cpu = cpu;
    this.llc = cpu_llc_id(cpu);
  }
}

const task_ctx = new TaskStorage<TaskCtx>();
let rqs = new StaticArray<Rq>(0);
let nr_cpus: i32 = 0;
let base_slice: i64 = 0;
let llc_masks = new StaticArray<Cpumask>(0);
let scratch = new Cpumask();
let balance_round: i32 = 0;
const balance_timer = new BpfTimer(balance_timerfn);

function ctx(p: Task): TaskCtx {
  return changetype<TaskCtx>(task_ctx.get(p));
}

function now_ns(): i64 {
  return <i64>scx_bpf_now();
}

/** Virtual time for `delta` ns of wall time at weight `w`. */
function calc_delta_fair(delta: i64, w: i64): i64 {
  return (delta * NICE_0_WEIGHT) / w;
}

/** V: the weighted average vruntime of the queue (rounded down). */
function avg_vruntime(rq: Rq): i64 {
  let avg = rq.avg_vruntime;
  const load = rq.load;
  if (load > 0) {
    // Division truncates toward zero; make it a floor for negative sums.
    if (avg < 0) avg -= load - 1;
    avg = avg / load;
  }
  return rq.zero_vruntime + avg;
}

/** Eligible iff v ≤ V, tested without the division: Σ w (v_i − v0) ≥ (v − v0) Σ w. */
function entity_eligible(rq: Rq, se: TaskCtx): bool {
  return rq.avg_vruntime >= (se.vruntime - rq.zero_vruntime) * rq.load;
}

function update_zero_vruntime(rq: Rq): void {
  const v = avg_vruntime(rq);
  rq.avg_vruntime -= rq.load * (v - rq.zero_vruntime);
  rq.zero_vruntime = v;
}

/** Charges the running task the time since it was last charged. */
function update_curr(rq: Rq): void {
  const curr = rq.curr;
  if (curr == null) return;
  const se = ctx(curr);
  const now = now_ns();
  const delta_exec = now - se.exec_start;
  if (delta_exec <= 0) return;
  se.exec_start = now;
  const scaled = delta_exec * NICE_0_WEIGHT + se.vruntime_rem;
  const dv = scaled / se.weight;
  se.vruntime_rem = scaled % se.weight;
  se.vruntime += dv;
  rq.avg_vruntime += dv * se.weight;
  update_zero_vruntime(rq);
}

/** The request is used up: a new deadline one request ahead. Returns whether it moved. */
function update_deadline(se: TaskCtx): bool {
  if (se.vruntime - se.deadline < 0) return false;
  se.deadline = se.vruntime + calc_delta_fair(base_slice, se.weight);
  se.slice_protected = false;
  return true;
}

/** Wall time until the task has used its request, as the sched_ext slice. */
function slice_for(se: TaskCtx): u64 {
  // Round up so that the slice ends at or after the deadline, not one nanosecond short.
  let s = ((se.deadline - se.vruntime) * se.weight + NICE_0_WEIGHT - 1) / NICE_0_WEIGHT;
  if (s <= 0) s = base_slice;
  if (s < MIN_SLICE_NS) s = MIN_SLICE_NS;
  return <u64>s;
}

/** place_entity(): where a task joining a queue starts, from the lag it left with. */
function place_entity(rq: Rq, p: Task, se: TaskCtx): void {
  se.weight = <i64>p.scx.weight;
  const vslice = calc_delta_fair(base_slice, se.weight);
  let lag: i64 = se.placed ? se.vlag : 0;
  // Joining shifts V toward the newcomer; inflate the lag so it keeps its lag after that.
  if (rq.load > 0 && lag != 0) lag = (lag * (rq.load + se.weight)) / rq.load;
  se.vruntime = avg_vruntime(rq) - lag;
  if (se.rel_deadline) {
    se.deadline += se.vruntime;
    se.rel_deadline = false;
  } else {
    se.deadline = se.vruntime + (se.placed ? vslice : vslice / 2);
  }
  se.placed = true;
  se.slice_protected = false;
}

function account_enqueue(rq: Rq, p: Task, se: TaskCtx): void {
  rq.load += se.weight;
  rq.avg_vruntime += se.weight * (se.vruntime - rq.zero_vruntime);
  rq.nr_running++;
  se.on_rq = rq.cpu;
}

/** The task leaves its queue: save its lag (clamped) and take it out of the sums. */
function account_dequeue(rq: Rq, p: Task, se: TaskCtx, migrating: bool): void {
  const limit = calc_delta_fair(max<i64>(2 * base_slice, TICK_NSEC), se.weight);
  se.vlag = min<i64>(max<i64>(avg_vruntime(rq) - se.vruntime, -limit), limit);
  if (migrating) {
    se.deadline -= se.vruntime;
    se.rel_deadline = true;
  }
  rq.load -= se.weight;
  rq.avg_vruntime -= se.weight * (se.vruntime - rq.zero_vruntime);
  rq.nr_running--;
  se.on_rq = -1;
  if (se.queued) {
    se.queued = false;
    rq.queue.splice(rq.queue.indexOf(p), 1);
  }
  if (rq.load == 0) rq.avg_vruntime = 0;
}

function queue_task(rq: Rq, p: Task, se: TaskCtx): void {
  se.queued = true;
  rq.queue.push(p);
}

function unqueue_task(rq: Rq, p: Task, se: TaskCtx): void {
  se.queued = false;
  rq.queue.splice(rq.queue.indexOf(p), 1);
}

/**
 * pick_eevdf(): the eligible task with the earliest deadline, among the waiting ones and
 * `curr` (the running task, if it is still runnable). A protected running task keeps the CPU.
 */
function pick_eevdf(rq: Rq, curr: Task | null): Task | null {
  let c = curr;
  if (c != null && !entity_eligible(rq, ctx(c))) c = null;
  if (run_to_parity && c != null && ctx(c).slice_protected) return c;

  let best: Task | null = null;
  let best_deadline: i64 = 0;
  const q = rq.queue;
  for (let i = 0; i < q.length; i++) {
    const t = q[i];
    const se = ctx(t);
    if (!entity_eligible(rq, se)) continue;
    if (best == null || se.deadline - best_deadline < 0) {
      best = t;
      best_deadline = se.deadline;
    }
  }
  if (c != null && (best == null || ctx(c).deadline - best_deadline < 0)) best = c;
  if (best != null) return best;

  // Rounding can leave nobody eligible: take the task furthest behind.
  let behind = curr;
  for (let i = 0; i < q.length; i++) {
    const t = q[i];
    if (behind == null || ctx(t).vruntime - ctx(behind).vruntime < 0) behind = t;
  }
  return behind;
}

/** check_preempt_wakeup_fair(): preempt the running task iff the newcomer would be picked now. */
function check_preempt_wakeup(rq: Rq, p: Task): void {
  const curr = rq.curr;
  if (curr == null || curr == p || !wakeup_preemption) return;
  update_curr(rq);
  // The running task may have used its request: that alone reschedules it.
  if (update_deadline(ctx(curr)) && rq.nr_running > 1) {
    scx_bpf_kick_cpu(rq.cpu, SCX_KICK_PREEMPT);
    return;
  }
  if (pick_eevdf(rq, curr) == p) scx_bpf_kick_cpu(rq.cpu, SCX_KICK_PREEMPT);
}

/** Moves a waiting task to another CPU's queue, keeping its lag and relative deadline. */
function migrate_task(src: Rq, dst: Rq, p: Task): void {
  const se = ctx(p);
  account_dequeue(src, p, se, true);
  update_curr(dst);
  place_entity(dst, p, se);
  account_enqueue(dst, p, se);
  queue_task(dst, p, se);
}

/**
 * Of the tasks waiting on `src` that may run on `cpu`, and whose weight shifted right by
 * `nr_failed` is at most `imbalance`, the one with the latest deadline (it would wait longest).
 */
function task_to_pull(src: Rq, cpu: i32, imbalance: i64, nr_failed: i32): Task | null {
  let pick: Task | null = null;
  const q = src.queue;
  for (let i = 0; i < q.length; i++) {
    const t = q[i];
    if (!t.cpus_ptr.test(cpu)) continue;
    if (ctx(t).weight >> nr_failed > imbalance) continue;
    if (pick == null || ctx(t).deadline - ctx(pick).deadline > 0) pick = t;
  }
  return pick;
}

/** The CPUs a balancing level spans: `dst`'s LLC (level 0) or the whole machine (level 1). */
function in_level(rq: Rq, dst: Rq, level: i32): bool {
  return level == 1 || rq.llc == dst.llc;
}

/** The queue at `level` with the most load and a waiting task `dst` may run, if above dst's. */
function find_busiest(dst: Rq, level: i32): Rq | null {
  let busiest: Rq | null = null;
  for (let i = 0; i < nr_cpus; i++) {
    const rq = rqs[i];
    if (rq === dst || rq.queue.length == 0 || !in_level(rq, dst, level)) continue;
    if (rq.load <= dst.load || (busiest != null && rq.load <= busiest.load)) continue;
    if (task_to_pull(rq, dst.cpu, i64.MAX_VALUE, 0) == null) continue;
    busiest = rq;
  }
  return busiest;
}

/**
 * load_balance(): pull one task to `dst` from the busiest queue of its LLC, else of the
 * machine (the kernel's sched-domain levels, flattened to two). An idle CPU takes any waiting
 * task. A busy one only moves load toward the level's average: at most the smaller of what the
 * busiest has above it and what `dst` has below it (calculate_imbalance()). A task heavier than
 * that moves anyway once balancing has failed often enough (`weight >> nr_balance_failed`,
 * detach_tasks()), which is what rotates 6 equal tasks over 4 CPUs instead of pinning two
 * pairs for ever. Load is the sum of weights here, not PELT's running average.
 */
function load_balance(dst: Rq): Task | null {
  for (let level = 0; level < 2; level++) {
    const src = find_busiest(dst, level);
    if (src == null) continue;
    let imbalance = i64.MAX_VALUE;
    if (dst.nr_running > 0) {
      let total: i64 = 0;
      let n: i64 = 0;
      for (let i = 0; i < nr_cpus; i++) {
        if (!in_level(rqs[i], dst, level)) continue;
        total += rqs[i].load;
        n++;
      }
      const avg = total / n;
      imbalance = min<i64>(src.load - avg, avg - dst.load);
      if (imbalance <= 0) continue;
    }
    const p = task_to_pull(src, dst.cpu, imbalance, dst.nr_balance_failed);
    if (p == null) {
      if (dst.nr_balance_failed < MAX_BALANCE_FAILED) dst.nr_balance_failed++;
      return null;
    }
    dst.nr_balance_failed = 0;
    migrate_task(src, dst, p);
    return p;
  }
  return null;
}

/** Periodic balance: idle CPUs every interval, busy ones every BUSY_FACTOR intervals. */
function balance_timerfn(timer: BpfTimer): void {
  for (let cpu = 0; cpu < nr_cpus; cpu++) {
    const dst = rqs[cpu];
    const was_idle = dst.nr_running == 0;
    // Stagger the busy CPUs over the BUSY_FACTOR rounds.
    if (!was_idle && (balance_round + cpu) % BUSY_FACTOR != 0) continue;
    const p = load_balance(dst);
    if (p == null) continue;
    if (was_idle) scx_bpf_kick_cpu(dst.cpu, SCX_KICK_IDLE);
    else check_preempt_wakeup(dst, p);
  }
  balance_round++;
  bpf_timer_start(timer, balance_interval_ns, 0);
}

/** select_idle_sibling(): prev if idle, else an idle CPU (whole idle core first) in its LLC. */
function select_idle_sibling(p: Task, prev_cpu: i32): i32 {
  if (scx_bpf_test_and_clear_cpu_idle(prev_cpu)) return prev_cpu;
  scratch.and(p.cpus_ptr, llc_masks[cpu_llc_id(prev_cpu)]);
  const cpu = scx_bpf_pick_idle_cpu(scratch, 0);
  return cpu >= 0 ? cpu : prev_cpu;
}

/** Fork balancing: any idle CPU, else the allowed CPU with the fewest runnable tasks. */
function find_idlest_cpu(p: Task, prev_cpu: i32): i32 {
  const idle = scx_bpf_pick_idle_cpu(p.cpus_ptr, 0);
  if (idle >= 0) return idle;
  let best = prev_cpu;
  for (let cpu = 0; cpu < nr_cpus; cpu++) {
    if (p.cpus_ptr.test(cpu) && rqs[cpu].nr_running < rqs[best].nr_running) best = cpu;
  }
  return best;
}

class Eevdf extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    if ((wake_flags & SCX_WAKE_FORK) != 0) return find_idlest_cpu(p, prev_cpu);
    return select_idle_sibling(p, prev_cpu);
  }

  enqueue(p: Task, enq_flags: u64): void {
    const rq = rqs[scx_bpf_task_cpu(p)];
    const se = ctx(p);
    // A task put back after its slice or a preemption is still accounted on its queue.
    if (se.on_rq == rq.cpu) {
      queue_task(rq, p, se);
      return;
    }
    if (se.on_rq >= 0) account_dequeue(rqs[se.on_rq], p, se, true);
    update_curr(rq);
    place_entity(rq, p, se);
    account_enqueue(rq, p, se);
    queue_task(rq, p, se);
    check_preempt_wakeup(rq, p);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    const rq = rqs[cpu];
    update_curr(rq);

    // prev is still runnable when its slice ran out or it was preempted: it competes too.
    let curr: Task | null = null;
    if (prev != null && (prev.scx.flags & SCX_TASK_QUEUED) != 0 && ctx(prev).on_rq == cpu) {
      curr = prev;
      update_deadline(ctx(prev));
    }

    let next = pick_eevdf(rq, curr);
    // newidle balance: about to go idle, pull a waiting task.
    if (next == null) next = load_balance(rq);
    if (next == null) return;

    const se = ctx(next);
    se.slice_protected = true;
    if (next == curr) {
      next.scx.slice = slice_for(se);
      return;
    }
    unqueue_task(rq, next, se);
    scx_bpf_dsq_insert(next, SCX_DSQ_LOCAL, slice_for(se), 0);
  }

  running(p: Task): void {
    const rq = rqs[scx_bpf_task_cpu(p)];
    const se = ctx(p);
    // Every task that runs here was dispatched from this queue; be safe anyway.
    if (se.on_rq != rq.cpu) {
      if (se.on_rq >= 0) account_dequeue(rqs[se.on_rq], p, se, true);
      place_entity(rq, p, se);
      account_enqueue(rq, p, se);
    }
    if (se.queued) unqueue_task(rq, p, se);
    rq.curr = p;
    se.exec_start = now_ns();
  }

  stopping(p: Task, runnable: bool): void {
    const rq = rqs[scx_bpf_task_cpu(p)];
    if (rq.curr === p) {
      update_curr(rq);
      rq.curr = null;
    }
    // Going to sleep: leave the queue with the lag earned so far.
    if (!runnable) account_dequeue(rq, p, ctx(p), false);
  }

  yield(from: Task, to: Task | null): bool {
    // yield_task_fair(): push the deadline back by a request and give up the CPU.
    const rq = rqs[scx_bpf_task_cpu(from)];
    update_curr(rq);
    const se = ctx(from);
    se.deadline += calc_delta_fair(base_slice, se.weight);
    se.slice_protected = false;
    from.scx.slice = 0;
    return false;
  }

  init_task(p: Task, fork: bool): i32 {
    task_ctx.set(p, new TaskCtx());
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    const se = ctx(p);
    if (se.on_rq >= 0) account_dequeue(rqs[se.on_rq], p, se, false);
    task_ctx.delete(p);
  }

  init(): i32 {
    nr_cpus = <i32>scx_bpf_nr_cpu_ids();
    rqs = new StaticArray<Rq>(nr_cpus);
    for (let cpu = 0; cpu < nr_cpus; cpu++) rqs[cpu] = new Rq(cpu);
    const nllc = nr_llc_ids();
    llc_masks = new StaticArray<Cpumask>(nllc);
    for (let l = 0; l < nllc; l++) llc_masks[l] = llc_cpumask(l);
    scratch = new Cpumask();

    // sched_update_scaling(), SCHED_TUNABLESCALING_LOG: × (1 + ilog2(min(CPUs, 8))).
    let factor: i64 = 1;
    if (scale_slice) factor += <i64>(31 - clz<i32>(min<i32>(nr_cpus, 8)));
    base_slice = <i64>base_slice_ns * factor;

    if (balance_interval_ns > 0) bpf_timer_start(balance_timer, balance_interval_ns, 0);
    return 0;
  }
}

register(new Eevdf(), "eevdf");
