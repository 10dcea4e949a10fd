// Energy-aware placement for big/little machines, after the kernel's Energy Aware Scheduling
// (kernel/sched/fair.c find_energy_efficient_cpu(), Documentation/scheduler/sched-energy.rst).
//
// The scheduler tracks how much CPU each task needs: a PELT-like utilisation in capacity
// units (0..1024), the running fraction of its recent past with a 32 ms half-life, scaled by
// the capacity and current frequency of the CPU it ran on so that it means the same on a big
// and a little core. A waking task goes to the cheapest CPU that fits it: the CPU types are
// tried from the smallest capacity up, and the first type whose capacity leaves 20 % headroom
// over the task's utilisation gets it, on its previous CPU if that is of the type and idle,
// else on any idle CPU of the type; if none of that type is idle, the next bigger type is
// tried. A task that has outgrown the little core it runs on moves to an idle bigger one when
// its slice ends (misfit migration). Tasks that find no idle CPU wait in one weighted-vtime
// queue, as in simple. When some CPU is over 80 % utilised the energy model no longer
// predicts anything useful and, as in the kernel, placement falls back to the default idle
// search (scx_bpf_select_cpu_dfl).
//
// At low load this keeps small tasks on little cores and big cores idle, which saves energy;
// the price is wakeup latency and throughput on the little cores, and a task whose load
// changes quickly may sit on the wrong core type for a few tens of milliseconds. On machines
// with one CPU type it behaves like simple.
//
// Simplified relative to the kernel: there is no energy model in the API, so "cheapest" means
// smallest capacity. That is usually right on big.LITTLE parts but not always: the A55s of a
// tensor-g1 at their top frequencies cost more per unit of work than its A76s at low ones, and
// there eas can spend more than simple. The kernel's comparison of the energy of every candidate
// placement, including stacking onto a busy little CPU with spare capacity, is replaced by
// "first idle CPU of the smallest type that fits". No uclamp, no per-cluster frequency
// estimate; the frequency is left to the schedutil-like governor.

import {
  Ops, Task, register, TaskStorage, Cpumask, BoolRef,
  scx_bpf_select_cpu_dfl, scx_bpf_test_and_clear_cpu_idle, scx_bpf_pick_idle_cpu,
  scx_bpf_dsq_insert, scx_bpf_dsq_insert_vtime, scx_bpf_dsq_move_to_local, scx_bpf_create_dsq,
  scx_bpf_kick_cpu, scx_bpf_task_cpu, scx_bpf_now, scx_bpf_nr_cpu_ids,
  scx_bpf_cpuperf_cap, scx_bpf_cpuperf_cur, is_asymmetric,
  SCX_DSQ_LOCAL, SCX_DSQ_LOCAL_ON, SCX_SLICE_DFL, SCX_ENQ_CPU_SELECTED, SCX_KICK_IDLE,
  SCX_CPUPERF_ONE,
} from "scx";

/** Knob: the slice every task gets. */
export let slice_ns: u64 = SCX_SLICE_DFL;
/** Knob: a task fits a CPU when its utilisation is below this share of the capacity (%). */
export let fits_pct: u32 = 80;
/** Knob: half-life of the utilisation averages (PELT's is 32 ms). */
export let util_halflife_ns: u64 = 32_000_000;

/** The shared vtime queue. */
const SHARED_DSQ: u64 = 0;

/** A PELT-like running average: the fraction of time running, in capacity units. */
class Util {
  avg: f64 = 0;
  /** When `avg` was last brought up to date. */
  last_update: u64 = 0;
}

const task_util = new TaskStorage<Util>();
let cpu_util = new StaticArray<Util>(0);
/** Capacity of each CPU (scx_bpf_cpuperf_cap). */
let cpu_cap = new StaticArray<u32>(0);
/** The distinct capacities, smallest first, and the CPUs of each. */
let cap_levels = new StaticArray<u32>(0);
let level_cpus = new StaticArray<Cpumask>(0);
let nr_cpus: i32 = 0;
let scratch = new Cpumask();
let vtime_now: u64 = 0;
const is_idle = new BoolRef();

/** time_before64(): vtimes wrap, so compare by signed difference. */
function vtime_before(a: u64, b: u64): bool {
  return <i64>(a - b) < 0;
}

/** The weight of the old average after `delta` ns: 2^(-delta / half-life). */
function decay(delta: u64): f64 {
  return Math.pow(2.0, -<f64>delta / <f64>util_halflife_ns);
}

/** Brings `u` up to `now`: it ran for the whole interval at `scale` (0..1024), or not at all. */
function util_update(u: Util, now: u64, scale: f64): void {
  if (now <= u.last_update) return;
  const y = decay(now - u.last_update);
  u.avg = u.avg * y + scale * (1.0 - y);
  u.last_update = now;
}

/** The utilisation `u` would have now, had nothing run since its last update. */
function util_now(u: Util): f64 {
  const now = scx_bpf_now();
  return now <= u.last_update ? u.avg : u.avg * decay(now - u.last_update);
}

/** What a fully busy `cpu` delivers right now, in units of the biggest core at full speed. */
function invariant_scale(cpu: i32): f64 {
  return (<f64>scx_bpf_cpuperf_cap(cpu) * <f64>scx_bpf_cpuperf_cur(cpu)) / <f64>SCX_CPUPERF_ONE;
}

/** util_fits_cpu(): the utilisation leaves the headroom on a CPU of this capacity. */
function fits_capacity(util: f64, cap: u32): bool {
  return util * 100.0 < <f64>cap * <f64>fits_pct;
}

/** The energy model is useless when some CPU is nearly full: load balance instead. */
function overutilized(): bool {
  for (let cpu = 0; cpu < nr_cpus; cpu++) {
    if (!fits_capacity(util_now(cpu_util[cpu]), cpu_cap[cpu])) return true;
  }
  return false;
}

/**
 * find_energy_efficient_cpu(), reduced: an idle CPU of the smallest capacity that fits
 * `util`, preferring `prev_cpu`, else of the next bigger capacity; claims it. -1 if no CPU
 * the task may use is idle.
 */
function find_energy_efficient_cpu(p: Task, prev_cpu: i32, util: f64): i32 {
  const last = cap_levels.length - 1;
  let first = 0;
  // Skip the capacities the task does not fit; a task too big for all gets the biggest.
  while (first < last && !fits_capacity(util, cap_levels[first])) first++;
  for (let l = first; l <= last; l++) {
    const cpus = level_cpus[l];
    if (cpus.test(prev_cpu) && p.cpus_ptr.test(prev_cpu) && scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
      return prev_cpu;
    }
    scratch.and(p.cpus_ptr, cpus);
    const cpu = scx_bpf_pick_idle_cpu(scratch, 0);
    if (cpu >= 0) return cpu;
  }
  return -1;
}

class Eas extends Ops {
  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 {
    if (!is_asymmetric() || overutilized()) {
      const cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, is_idle);
      if (is_idle.value) scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, 0);
      return cpu;
    }
    const cpu = find_energy_efficient_cpu(p, prev_cpu, util_now(changetype<Util>(task_util.get(p))));
    if (cpu < 0) return prev_cpu;
    scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, 0);
    return cpu;
  }

  enqueue(p: Task, enq_flags: u64): void {
    // Misfit: a task put back after its slice that has outgrown its CPU moves to an idle
    // bigger one, if there is one (the kernel does this from load balancing).
    if ((enq_flags & SCX_ENQ_CPU_SELECTED) == 0 && is_asymmetric()) {
      const prev_cpu = scx_bpf_task_cpu(p);
      const util = util_now(changetype<Util>(task_util.get(p)));
      if (!fits_capacity(util, cpu_cap[prev_cpu])) {
        const cpu = find_energy_efficient_cpu(p, prev_cpu, util);
        if (cpu >= 0 && cpu_cap[cpu] > cpu_cap[prev_cpu]) {
          scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | <u64>cpu, slice_ns, enq_flags);
          scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
          return;
        }
      }
    }
    let vtime = p.scx.dsq_vtime;
    // A task that slept may not bank more than one slice of credit.
    if (vtime_before(vtime, vtime_now - slice_ns)) vtime = vtime_now - slice_ns;
    scx_bpf_dsq_insert_vtime(p, SHARED_DSQ, slice_ns, vtime, enq_flags);
  }

  dispatch(cpu: i32, prev: Task | null): void {
    scx_bpf_dsq_move_to_local(SHARED_DSQ);
  }

  running(p: Task): void {
    if (vtime_before(vtime_now, p.scx.dsq_vtime)) vtime_now = p.scx.dsq_vtime;
    // Until now the task and the CPU were not running (the CPU may have run others: their
    // share was added when they stopped).
    const now = scx_bpf_now();
    const cpu = scx_bpf_task_cpu(p);
    util_update(changetype<Util>(task_util.get(p)), now, 0);
    util_update(cpu_util[cpu], now, 0);
  }

  stopping(p: Task, runnable: bool): void {
    p.scx.dsq_vtime += ((slice_ns - p.scx.slice) * 100) / p.scx.weight;
    // It ran since `running`: the average moves toward what this CPU delivers.
    const now = scx_bpf_now();
    const cpu = scx_bpf_task_cpu(p);
    const scale = invariant_scale(cpu);
    util_update(changetype<Util>(task_util.get(p)), now, scale);
    util_update(cpu_util[cpu], now, scale);
  }

  init_task(p: Task, fork: bool): i32 {
    const u = new Util();
    u.last_update = scx_bpf_now();
    task_util.set(p, u);
    return 0;
  }

  exit_task(p: Task, cancelled: bool): void {
    task_util.delete(p);
  }

  enable(p: Task): void {
    p.scx.dsq_vtime = vtime_now;
  }

  init(): i32 {
    nr_cpus = <i32>scx_bpf_nr_cpu_ids();
    cpu_util = new StaticArray<Util>(nr_cpus);
    cpu_cap = new StaticArray<u32>(nr_cpus);
    scratch = new Cpumask();
    for (let cpu = 0; cpu < nr_cpus; cpu++) {
      cpu_util[cpu] = new Util();
      cpu_cap[cpu] = scx_bpf_cpuperf_cap(cpu);
    }

    // The capacity levels, smallest first: the order in which CPUs are tried.
    const levels = new Array<u32>();
    for (let cpu = 0; cpu < nr_cpus; cpu++) if (!levels.includes(cpu_cap[cpu])) levels.push(cpu_cap[cpu]);
    levels.sort((a: u32, b: u32): i32 => (a < b ? -1 : a > b ? 1 : 0));
    cap_levels = new StaticArray<u32>(levels.length);
    level_cpus = new StaticArray<Cpumask>(levels.length);
    for (let l = 0; l < levels.length; l++) {
      cap_levels[l] = levels[l];
      level_cpus[l] = new Cpumask();
      for (let cpu = 0; cpu < nr_cpus; cpu++) if (cpu_cap[cpu] == levels[l]) level_cpus[l].set(cpu);
    }

    return scx_bpf_create_dsq(SHARED_DSQ, -1);
  }
}

register(new Eas(), "eas");
