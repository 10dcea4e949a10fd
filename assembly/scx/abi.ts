// The module's exports for the host (docs/internals.md "Engine exports"). The host encodes the
// machine and workload into buffers from abi_alloc, calls abi_setup, sets knobs, abi_start,
// then abi_run in chunks, and reads counters, histograms and records through memory views.

import { setNow, now } from "./clock";
import { loadMachine, cpus, ncpus } from "./machine";
import { loadWorkload, ngroups, setGroupName, groups } from "./workload";
import { setRunSeed } from "./rng";
import { setOpsMask, callInit } from "./callops";
import { theOps, registered } from "./ops";
import { dsqsReset } from "./dsq";
import { idleReset } from "./idle";
import { governorReset } from "./governor";
import { execReset } from "./exec";
import { syncReset } from "./sync";
import { bpfTimersReset } from "./bpftimer";
import { eventqReset } from "./eventq";
import { lifecycleReset } from "./lifecycle";
import {
  statsReset, counters, groupStats, hists, HIST_SIZE, NMETRICS, C_NOW, C_EVENTS, C_ENERGY_J,
} from "./stats";
import { traceSetup, tracePtr, traceLen, traceClear, logPtr, logLen, logClear } from "./trace";
import {
  exitReset, exitKind, exitReason, exitMsg, exitCallback, exitAt, curOp, scxError, setContext,
} from "./exit";
import { engineReset, engineStart, engineRun, tasks, events, setFallback } from "./engine";
import { snapshot } from "./snapshot";
import { hasEnergy } from "./machine";
import { SCX_DSP_DFL_MAX_BATCH, SCX_OPS_ENQ_LAST } from "./constants";
import { OP_ENQUEUE, OP_NONE } from "./callids";
import { has } from "./callops";

let setupMsg: string = "";

function readF64(ptr: usize, len: i32): StaticArray<f64> {
  const a = new StaticArray<f64>(len);
  for (let i = 0; i < len; i++) unchecked((a[i] = load<f64>(ptr + (<usize>i << 3))));
  return a;
}

export function abi_alloc(nbytes: i32): usize {
  return heap.alloc(<usize>nbytes);
}

/** Validates a policy name as the kernel does: alphanumerics, `_` and `.`. */
function validName(n: string): bool {
  if (n.length == 0) return false;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 46;
    if (!ok) return false;
  }
  return true;
}

export function abi_setup(mach: usize, machLen: i32, wl: usize, wlLen: i32, seed: f64, durationNs: f64, opsMask: i32, flags: i32): i32 {
  exitReset();
  setupMsg = "";
  setNow(0);
  let err = loadMachine(readF64(mach, machLen));
  if (err.length == 0) err = loadWorkload(readF64(wl, wlLen));
  if (err.length == 0 && !registered) err = "the policy never called register(ops, name)";
  if (err.length == 0 && !validName(theOps.name)) err = "invalid policy name \"" + theOps.name + "\": use letters, digits, _ and .";
  setOpsMask(<u32>opsMask);
  if (err.length == 0 && (theOps.flags & SCX_OPS_ENQ_LAST) != 0 && !has(OP_ENQUEUE)) {
    err = "SCX_OPS_ENQ_LAST requires ops.enqueue";
  }
  if (err.length == 0 && theOps.timeout_ms > 30000) err = "timeout_ms " + theOps.timeout_ms.toString() + " is above the 30000 ms maximum";
  if (err.length != 0) {
    setupMsg = err;
    return 1;
  }
  setRunSeed(<u64>seed);
  dsqsReset();
  eventqReset();
  statsReset(ngroups);
  lifecycleReset();
  engineReset(<i64>durationNs);
  idleReset();
  governorReset();
  execReset();
  syncReset(ngroups);
  bpfTimersReset();
  let batch = <i32>theOps.dispatch_max_batch;
  if (batch <= 0) batch = SCX_DSP_DFL_MAX_BATCH;
  for (let i = 0; i < ncpus; i++) cpus[i].allocDispatchBuffer(batch);
  traceSetup((flags & 1) != 0, (flags & 2) != 0);
  setFallback((flags & 4) != 0);
  return 0;
}

/** Names a group (its tasks' comm) from UTF-16 code units the host wrote at `ptr`. */
export function abi_set_group_name(g: i32, ptr: usize, len: i32): void {
  setGroupName(g, String.UTF16.decodeUnsafe(ptr, <usize>len << 1));
}

export function abi_start(): i32 {
  const r = callInit();
  if (r != 0) {
    setContext(17, 0, null);
    scxError("ops.init() failed (" + r.toString() + ")");
    setContext(OP_NONE, -1, null);
    return r;
  }
  engineStart();
  return 0;
}

export function abi_run(untilNs: f64, maxEvents: i32): i32 {
  return engineRun(<i64>untilNs, maxEvents);
}

export function abi_now(): f64 {
  return <f64>now;
}
export function abi_events(): f64 {
  return <f64>events;
}
export function abi_trace_ptr(): usize {
  return tracePtr();
}
export function abi_trace_count(): i32 {
  return traceLen();
}
export function abi_trace_clear(): void {
  traceClear();
}
export function abi_log_ptr(): usize {
  return logPtr();
}
export function abi_log_count(): i32 {
  return logLen();
}
export function abi_log_clear(): void {
  logClear();
}
export function abi_exit_kind(): i32 {
  return exitKind;
}
export function abi_exit_reason(): string {
  return exitReason;
}
export function abi_exit_msg(): string {
  return setupMsg.length > 0 ? setupMsg : exitMsg;
}
export function abi_exit_callback(): i32 {
  return exitCallback;
}
export function abi_exit_at(): f64 {
  return <f64>exitAt;
}
export function abi_cur_callback(): i32 {
  return curOp;
}

export function abi_stats_ptr(): usize {
  counters[C_NOW] = <f64>now;
  counters[C_EVENTS] = <f64>events;
  if (hasEnergy) {
    let e = 0.0;
    for (let i = 0; i < ncpus; i++) e += cpus[i].energyJ;
    counters[C_ENERGY_J] = e;
  } else {
    counters[C_ENERGY_J] = NaN;
  }
  return changetype<usize>(counters);
}

let cpuStats = new StaticArray<f64>(0);
export function abi_cpu_stats_ptr(): usize {
  cpuStats = new StaticArray<f64>(ncpus * 8);
  for (let i = 0; i < ncpus; i++) {
    const c = cpus[i];
    cpuStats[i * 8] = <f64>c.busyNs;
    cpuStats[i * 8 + 1] = <f64>c.switches;
    cpuStats[i * 8 + 2] = hasEnergy ? c.energyJ : NaN;
    cpuStats[i * 8 + 3] = <f64>c.overheadNs;
    cpuStats[i * 8 + 4] = <f64>c.runs;
  }
  return changetype<usize>(cpuStats);
}

export function abi_group_stats_ptr(): usize {
  return changetype<usize>(groupStats);
}

export function abi_hist_ptr(group: i32, metric: i32): usize {
  return changetype<usize>(hists) + (<usize>((group * NMETRICS + metric) * HIST_SIZE) << 3);
}

let taskStats = new StaticArray<f64>(0);
export function abi_task_count(): i32 {
  return tasks.length;
}
export function abi_task_stats_ptr(): usize {
  const n = tasks.length;
  taskStats = new StaticArray<f64>(n * 8);
  for (let i = 0; i < n; i++) {
    const t = tasks[i];
    const o = i * 8;
    taskStats[o] = <f64>t.pid;
    taskStats[o + 1] = <f64>t.group;
    taskStats[o + 2] = <f64>t.createdAt;
    taskStats[o + 3] = <f64>t.exitedAt;
    taskStats[o + 4] = <f64>t.cpuTime;
    taskStats[o + 5] = <f64>t.scx.weight;
    taskStats[o + 6] = t.alwaysRunnable ? 1 : 0;
    taskStats[o + 7] = <f64>t.migrations;
  }
  return changetype<usize>(taskStats);
}

export function abi_ngroups(): i32 {
  return ngroups;
}

export function abi_group_name(g: i32): string {
  return groups[g].name;
}

let snap = new StaticArray<f64>(0);
/** Builds the queue snapshot (assembly/scx/snapshot.ts) and returns its address. */
export function abi_snapshot_ptr(): usize {
  snap = snapshot();
  return changetype<usize>(snap);
}
export function abi_snapshot_len(): i32 {
  return snap.length;
}

/** A task's state now: 0 new, 1 sleeping, 2 runnable, 3 running, 4 dead; -1 no such pid. */
export function abi_task_state(pid: i32): i32 {
  if (pid < 1 || pid > tasks.length) return -1;
  return tasks[pid - 1].state;
}
