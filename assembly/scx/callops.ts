// Calls into the policy. Each wrapper skips callbacks the policy does not implement (the
// engine then does what the kernel does for a NULL op), records which callback runs and for
// which CPU (for the kernel's context rules and for reports), and writes the call log.

import * as C from "./callids";
import { theOps } from "./ops";
import { Task } from "./task";
import { curOp, curCpu, curTask, setContext } from "./exit";
import { logCall, logRet, logOn } from "./trace";
import { Cpumask } from "./cpumask";
import { curWakerCpu } from "./engine";

export let opsMask: u32 = 0;

export function setOpsMask(m: u32): void {
  opsMask = m;
}

// @ts-ignore: decorator
@inline
export function has(op: i32): bool {
  return (opsMask & (<u32>1 << <u32>op)) != 0;
}

// @ts-ignore: decorator
@inline
export function callSelectCpu(p: Task, prevCpu: i32, wakeFlags: u64): i32 {
  const so = curOp, sc = curCpu, st = curTask;
  // select_cpu runs on the waker's CPU (bpf_get_smp_processor_id()); a timer wakeup has no
  // waker here, so it runs "on" the task's previous CPU.
  const on = curWakerCpu >= 0 ? curWakerCpu : prevCpu;
  setContext(C.OP_SELECT_CPU, on, p);
  const rec = logOn ? logCall(C.OP_SELECT_CPU, on, p.pid, 2, <u64>prevCpu, wakeFlags, 0, 0, 0) : 0;
  const r = theOps.select_cpu(p, prevCpu, wakeFlags);
  logRet(rec, <u64>r);
  setContext(so, sc, st);
  return r;
}

// @ts-ignore: decorator
@inline
export function callEnqueue(p: Task, flags: u64): void {
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_ENQUEUE, p.cpu, p);
  if (logOn) logCall(C.OP_ENQUEUE, p.cpu, p.pid, 1, flags, 0, 0, 0, 0);
  theOps.enqueue(p, flags);
  setContext(so, sc, st);
}

export function callDequeue(p: Task, flags: u64): void {
  if (!has(C.OP_DEQUEUE)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_DEQUEUE, p.cpu, p);
  if (logOn) logCall(C.OP_DEQUEUE, p.cpu, p.pid, 1, flags, 0, 0, 0, 0);
  theOps.dequeue(p, flags);
  setContext(so, sc, st);
}

// @ts-ignore: decorator
@inline
export function callDispatch(cpu: i32, prev: Task | null): void {
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_DISPATCH, cpu, null);
  if (logOn) logCall(C.OP_DISPATCH, cpu, prev ? prev.pid : -1, 1, prev ? <u64>prev.pid : <u64>-1, 0, 0, 0, 0);
  theOps.dispatch(cpu, prev);
  setContext(so, sc, st);
}

// @ts-ignore: decorator
@inline
export function callTick(cpu: i32, p: Task): void {
  if (!has(C.OP_TICK)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_TICK, cpu, null);
  if (logOn) logCall(C.OP_TICK, cpu, p.pid, 0, 0, 0, 0, 0, 0);
  theOps.tick(p);
  setContext(so, sc, st);
}

// @ts-ignore: decorator
@inline
export function callRunnable(p: Task, flags: u64): void {
  if (!has(C.OP_RUNNABLE)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_RUNNABLE, p.cpu, null);
  if (logOn) logCall(C.OP_RUNNABLE, p.cpu, p.pid, 1, flags, 0, 0, 0, 0);
  theOps.runnable(p, flags);
  setContext(so, sc, st);
}

// @ts-ignore: decorator
@inline
export function callRunning(cpu: i32, p: Task): void {
  if (!has(C.OP_RUNNING)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_RUNNING, cpu, null);
  if (logOn) logCall(C.OP_RUNNING, cpu, p.pid, 0, 0, 0, 0, 0, 0);
  theOps.running(p);
  setContext(so, sc, st);
}

// @ts-ignore: decorator
@inline
export function callStopping(cpu: i32, p: Task, runnable: bool): void {
  if (!has(C.OP_STOPPING)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_STOPPING, cpu, null);
  if (logOn) logCall(C.OP_STOPPING, cpu, p.pid, 1, runnable ? 1 : 0, 0, 0, 0, 0);
  theOps.stopping(p, runnable);
  setContext(so, sc, st);
}

// @ts-ignore: decorator
@inline
export function callQuiescent(cpu: i32, p: Task, flags: u64): void {
  if (!has(C.OP_QUIESCENT)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_QUIESCENT, cpu, null);
  if (logOn) logCall(C.OP_QUIESCENT, cpu, p.pid, 1, flags, 0, 0, 0, 0);
  theOps.quiescent(p, flags);
  setContext(so, sc, st);
}

export function callYield(cpu: i32, from: Task): bool {
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_YIELD, cpu, null);
  const rec = logOn ? logCall(C.OP_YIELD, cpu, from.pid, 1, <u64>-1, 0, 0, 0, 0) : 0;
  const r = theOps.yield(from, null);
  logRet(rec, r ? 1 : 0);
  setContext(so, sc, st);
  return r;
}

export function callSetWeight(p: Task, w: u32): void {
  if (!has(C.OP_SET_WEIGHT)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_SET_WEIGHT, p.cpu, null);
  if (logOn) logCall(C.OP_SET_WEIGHT, p.cpu, p.pid, 1, <u64>w, 0, 0, 0, 0);
  theOps.set_weight(p, w);
  setContext(so, sc, st);
}

export function callSetCpumask(p: Task, mask: Cpumask): void {
  if (!has(C.OP_SET_CPUMASK)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_SET_CPUMASK, p.cpu, null);
  if (logOn) logCall(C.OP_SET_CPUMASK, p.cpu, p.pid, 1, mask.bits[0], 0, 0, 0, 0);
  theOps.set_cpumask(p, mask);
  setContext(so, sc, st);
}

// @ts-ignore: decorator
@inline
export function callUpdateIdle(cpu: i32, idle: bool): void {
  if (!has(C.OP_UPDATE_IDLE)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_UPDATE_IDLE, cpu, null);
  if (logOn) logCall(C.OP_UPDATE_IDLE, cpu, -1, 2, <u64>cpu, idle ? 1 : 0, 0, 0, 0);
  theOps.update_idle(cpu, idle);
  setContext(so, sc, st);
}

export function callInitTask(p: Task, fork: bool): i32 {
  if (!has(C.OP_INIT_TASK)) return 0;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_INIT_TASK, p.cpu, null);
  const rec = logOn ? logCall(C.OP_INIT_TASK, p.cpu, p.pid, 1, fork ? 1 : 0, 0, 0, 0, 0) : 0;
  const r = theOps.init_task(p, fork);
  logRet(rec, <u64>r);
  setContext(so, sc, st);
  return r;
}

export function callExitTask(p: Task, cancelled: bool): void {
  if (!has(C.OP_EXIT_TASK)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_EXIT_TASK, p.cpu, null);
  if (logOn) logCall(C.OP_EXIT_TASK, p.cpu, p.pid, 1, cancelled ? 1 : 0, 0, 0, 0, 0);
  theOps.exit_task(p, cancelled);
  setContext(so, sc, st);
}

export function callEnable(p: Task): void {
  if (!has(C.OP_ENABLE)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_ENABLE, p.cpu, null);
  if (logOn) logCall(C.OP_ENABLE, p.cpu, p.pid, 0, 0, 0, 0, 0, 0);
  theOps.enable(p);
  setContext(so, sc, st);
}

export function callDisable(p: Task): void {
  if (!has(C.OP_DISABLE)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_DISABLE, p.cpu, null);
  if (logOn) logCall(C.OP_DISABLE, p.cpu, p.pid, 0, 0, 0, 0, 0, 0);
  theOps.disable(p);
  setContext(so, sc, st);
}

export function callInit(): i32 {
  if (!has(C.OP_INIT)) return 0;
  setContext(C.OP_INIT, 0, null);
  const rec = logOn ? logCall(C.OP_INIT, 0, -1, 0, 0, 0, 0, 0, 0) : 0;
  const r = theOps.init();
  logRet(rec, <u64>r);
  setContext(C.OP_NONE, -1, null);
  return r;
}

export function callExit(kind: i32, reason: string, msg: string): void {
  if (!has(C.OP_EXIT)) return;
  const so = curOp, sc = curCpu, st = curTask;
  setContext(C.OP_EXIT, 0, null);
  if (logOn) logCall(C.OP_EXIT, 0, -1, 1, <u64>kind, 0, 0, 0, 0);
  theOps.exit(kind, reason, msg);
  setContext(so, sc, st);
}
