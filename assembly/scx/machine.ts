// The simulated machine: CPUs with their topology (SMT core, L2 cluster, LLC, NUMA node),
// capacity, frequency domain and costs, decoded from the host's encoding (docs/internals.md).

import { Cpumask, NR_CPUS, setMaskGeometry } from "./cpumask";
import { Dsq } from "./dsq";
import { Task } from "./task";
import { Timer, TIMER_CPU } from "./eventq";
import { SCX_DSQ_LOCAL_ON } from "./constants";

export class Cpu {
  id: i32;
  type: i32 = 0;
  capacity: i32 = 1024;
  linuxCapacity: i32 = 1024;
  core: i32 = 0;
  cluster: i32 = 0;
  llc: i32 = 0;
  node: i32 = 0;
  fdom: i32 = 0;
  idleExitNs: i64 = 0;
  idlePowerMw: f64 = 0;
  /** Other CPUs of the same core (SMT siblings). */
  siblings: StaticArray<i32> = new StaticArray<i32>(0);
  /** This CPU and its siblings. */
  smtMask: Cpumask;

  local: Dsq;
  timer: Timer;
  curr: Task | null = null;
  /** Inside balance/dispatch for this CPU: inserts into its local DSQ do not resched it. */
  inBalance: bool = false;
  reschedPending: bool = false;
  kickFlags: u64 = 0;
  /** Schedule passes at the current instant, to stop a zero-time livelock. */
  passesNow: i32 = 0;
  passesAt: i64 = -1;
  /** The CPU went idle (for update_idle transitions and idle-exit cost). */
  idle: bool = true;
  idleSince: i64 = 0;

  // Execution of the current task
  speed: f64 = 1.0;
  progressAt: i64 = 0;
  /** The current task makes no progress before this (context switch, migration, idle exit). */
  stallUntil: i64 = 0;
  nextTick: i64 = 0;
  /** Performance level 1..1024 of the frequency domain (scx_bpf_cpuperf_cur). */
  perfCur: i32 = 1024;
  perfTarget: i32 = -1;
  /** Current frequency / the domain's maximum. */
  freqFactor: f64 = 1.0;
  /** OPP steps below the domain's maximum (0 = full speed). */
  oppDown: i32 = 0;
  /** A reschedule put off to this instant by the livelock guard, -1 none. */
  deferredAt: i64 = -1;
  /** Policy work done on this CPU and not yet charged as time (costs.policy_ns_per_unit). */
  policyNsPending: f64 = 0;
  /** The task that blocked or exited here, passed to ops.dispatch as prev. */
  prevGone: Task | null = null;
  /** A task that exited here, freed (disable, exit_task) after this CPU's schedule pass. */
  dying: Task | null = null;
  /**
   * The task being switched out, from the end of its stint until the CPU runs the next task
   * or goes idle: the kernel's rq->curr is still that task meanwhile (ops.stopping,
   * ops.quiescent, ops.dispatch(cpu, prev), the put-back ops.enqueue), so
   * scx_bpf_task_running() says true for it.
   */
  outgoing: Task | null = null;

  // Dispatch buffer (sched_ext.md §2.4)
  dspTask: StaticArray<Task | null> = new StaticArray<Task | null>(0);
  dspQseq: StaticArray<u32> = new StaticArray<u32>(0);
  dspDsq: StaticArray<u64> = new StaticArray<u64>(0);
  dspFlags: StaticArray<u64> = new StaticArray<u64>(0);
  dspVtime: StaticArray<bool> = new StaticArray<bool>(0);
  dspCnt: i32 = 0;
  /** Inserts and moves made by the current ops.dispatch round. */
  dspProgress: i32 = 0;

  // Statistics
  busyNs: i64 = 0;
  switches: i64 = 0;
  overheadNs: i64 = 0;
  runs: i64 = 0;
  energyJ: f64 = 0;
  energyAt: i64 = 0;

  constructor(id: i32) {
    this.id = id;
    this.smtMask = new Cpumask();
    this.local = new Dsq(SCX_DSQ_LOCAL_ON | <u64>id, id, true);
    this.timer = new Timer(TIMER_CPU, id);
  }

  allocDispatchBuffer(n: i32): void {
    this.dspTask = new StaticArray<Task | null>(n);
    this.dspQseq = new StaticArray<u32>(n);
    this.dspDsq = new StaticArray<u64>(n);
    this.dspFlags = new StaticArray<u64>(n);
    this.dspVtime = new StaticArray<bool>(n);
  }
}

export let cpus: StaticArray<Cpu> = new StaticArray<Cpu>(0);
export let ncpus: i32 = 0;
export let hz: i32 = 0;
export let tickNs: i64 = 0;
export let ctxSwitchNs: i64 = 0;
export let smtCorunFactor: f64 = 1.0;
export let migCoreNs: f64 = 0;
export let migClusterNs: f64 = 0;
export let migLlcNs: f64 = 0;
export let migNodeNs: f64 = 0;
export let hasEnergy: bool = false;
export let watchdogTimeoutNs: i64 = 30_000_000_000;
/** CPU time per unit of policy work (costs.policy_ns_per_unit); 0 = the policy is free. */
export let policyNsPerUnit: f64 = 0;
export let smtActive: bool = false;
export let nrLlcs: i32 = 1;
export let nrNodes: i32 = 1;
export let nrClusters: i32 = 1;
export let nrTypes: i32 = 1;
/** LLC and node masks, indexed by id. */
export let llcMasks: StaticArray<Cpumask> = new StaticArray<Cpumask>(0);
export let nodeMasks: StaticArray<Cpumask> = new StaticArray<Cpumask>(0);
export let allCpus: Cpumask = new Cpumask();
/** Do LLC spans differ from node spans (select_cpu_dfl's NUMA step)? */
export let llcNumaDiffer: bool = false;
export let asymCapacity: bool = false;

// Frequency domains: OPPs (MHz, active power mW per CPU), max OPP last.
export let nfdoms: i32 = 0;
export let fdomOppStart: StaticArray<i32> = new StaticArray<i32>(0);
export let fdomOppCount: StaticArray<i32> = new StaticArray<i32>(0);
export let oppMhz: StaticArray<f64> = new StaticArray<f64>(0);
export let oppPowerMw: StaticArray<f64> = new StaticArray<f64>(0);

/** Reads the machine encoding; returns an error message or "". */
export function loadMachine(m: StaticArray<f64>): string {
  if (m.length < 16 || m[0] != 1) return "machine encoding: unknown format version";
  ncpus = <i32>m[1];
  if (ncpus < 1 || ncpus > NR_CPUS) return "machine: ncpus must be 1.." + NR_CPUS.toString();
  setMaskGeometry(ncpus);
  hz = <i32>m[2];
  tickNs = hz > 0 ? <i64>(1_000_000_000 / hz) : 0;
  ctxSwitchNs = <i64>m[3];
  smtCorunFactor = m[4];
  migCoreNs = m[5];
  migClusterNs = m[6];
  migLlcNs = m[7];
  migNodeNs = m[8];
  nfdoms = <i32>m[9];
  hasEnergy = m[10] != 0;
  watchdogTimeoutNs = m[11] > 0 ? <i64>m[11] : 30_000_000_000;
  policyNsPerUnit = m[12];
  if (m.length < 16 + ncpus * 12) return "machine encoding: too short for its CPUs";

  cpus = new StaticArray<Cpu>(ncpus);
  allCpus = new Cpumask();
  let maxLlc = 0;
  let maxNode = 0;
  let maxCluster = 0;
  let maxType = 0;
  let minCap = 1024;
  let maxCap = 0;
  for (let i = 0; i < ncpus; i++) {
    const o = 16 + i * 12;
    const c = new Cpu(i);
    c.type = <i32>m[o];
    c.capacity = <i32>m[o + 1];
    c.linuxCapacity = <i32>m[o + 2];
    c.core = <i32>m[o + 3];
    c.cluster = <i32>m[o + 4];
    c.llc = <i32>m[o + 5];
    c.node = <i32>m[o + 6];
    c.fdom = <i32>m[o + 7];
    c.idleExitNs = <i64>m[o + 8];
    c.idlePowerMw = m[o + 9];
    if (c.capacity < 1 || c.capacity > 1024) return "machine: cpu " + i.toString() + " capacity out of 1..1024";
    if (c.llc > maxLlc) maxLlc = c.llc;
    if (c.node > maxNode) maxNode = c.node;
    if (c.cluster > maxCluster) maxCluster = c.cluster;
    if (c.type > maxType) maxType = c.type;
    if (c.capacity < minCap) minCap = c.capacity;
    if (c.capacity > maxCap) maxCap = c.capacity;
    unchecked((cpus[i] = c));
    allCpus.set(i);
  }
  nrLlcs = maxLlc + 1;
  nrNodes = maxNode + 1;
  nrClusters = maxCluster + 1;
  nrTypes = maxType + 1;
  asymCapacity = maxCap * 10 >= minCap * 13;

  llcMasks = new StaticArray<Cpumask>(nrLlcs);
  nodeMasks = new StaticArray<Cpumask>(nrNodes);
  for (let i = 0; i < nrLlcs; i++) llcMasks[i] = new Cpumask();
  for (let i = 0; i < nrNodes; i++) nodeMasks[i] = new Cpumask();
  smtActive = false;
  for (let i = 0; i < ncpus; i++) {
    const c = cpus[i];
    llcMasks[c.llc].set(i);
    nodeMasks[c.node].set(i);
    let nsib = 0;
    for (let j = 0; j < ncpus; j++) if (j != i && cpus[j].core == c.core) nsib++;
    c.siblings = new StaticArray<i32>(nsib);
    c.smtMask.set(i);
    let k = 0;
    for (let j = 0; j < ncpus; j++) {
      if (j != i && cpus[j].core == c.core) {
        c.siblings[k++] = j;
        c.smtMask.set(j);
      }
    }
    if (nsib > 0) smtActive = true;
  }
  // The NUMA step of select_cpu_dfl only helps when nodes span more than one LLC.
  llcNumaDiffer = false;
  for (let i = 0; i < ncpus; i++) {
    const c = cpus[i];
    if (llcMasks[c.llc].weight() != nodeMasks[c.node].weight()) llcNumaDiffer = true;
  }

  // Frequency domains
  let o = 16 + ncpus * 12;
  if (nfdoms < 1) return "machine: at least one frequency domain is required";
  fdomOppStart = new StaticArray<i32>(nfdoms);
  fdomOppCount = new StaticArray<i32>(nfdoms);
  let total = 0;
  let scan = o;
  for (let d = 0; d < nfdoms; d++) {
    if (scan >= m.length) return "machine encoding: frequency domains truncated";
    const k = <i32>m[scan];
    if (k < 1) return "machine: frequency domain " + d.toString() + " has no operating point";
    total += k;
    scan += 1 + 3 * k;
  }
  if (scan > m.length) return "machine encoding: frequency domains truncated";
  oppMhz = new StaticArray<f64>(total);
  oppPowerMw = new StaticArray<f64>(total);
  let idx = 0;
  for (let d = 0; d < nfdoms; d++) {
    const k = <i32>m[o];
    fdomOppStart[d] = idx;
    fdomOppCount[d] = k;
    for (let j = 0; j < k; j++) {
      oppMhz[idx] = m[o + 1 + 3 * j];
      oppPowerMw[idx] = m[o + 2 + 3 * j];
      idx++;
    }
    o += 1 + 3 * k;
  }
  for (let i = 0; i < ncpus; i++) {
    if (cpus[i].fdom < 0 || cpus[i].fdom >= nfdoms) return "machine: cpu " + i.toString() + " has no frequency domain";
  }
  return "";
}

/** Extra work (reference ns) a task pays for moving from CPU a to CPU b. */
export function migrationCost(a: i32, b: i32): f64 {
  if (a < 0 || a == b) return 0;
  const ca = unchecked(cpus[a]);
  const cb = unchecked(cpus[b]);
  if (ca.node != cb.node) return migNodeNs;
  if (ca.llc != cb.llc) return migLlcNs;
  if (ca.cluster != cb.cluster) return migClusterNs;
  if (ca.core != cb.core) return migCoreNs;
  return 0;
}
