// Which callback is running (for the kernel's context rules and for reports), and the exit
// info of the run: the first error wins, like scx_error(); later ones are ignored.

import { now } from "./clock";
import { OP_NONE } from "./callids";
import { SCX_EXIT_NONE, SCX_EXIT_DONE } from "./constants";
import { Task } from "./task";
import { trace, TR_EJECT } from "./trace";
import { policyNsPerUnit } from "./machine";
import { notePolicyWork } from "./exec";

/** The callback now running (OP_*), or OP_NONE. */
export let curOp: i32 = OP_NONE;
/** The CPU the callback runs for (ops.dispatch's cpu, the waking/enqueuing task's rq…). */
export let curCpu: i32 = -1;
/** The task being selected/enqueued: the only one a direct dispatch may name. */
export let curTask: Task | null = null;

export let exitKind: i32 = SCX_EXIT_NONE;
export let exitReason: string = "";
export let exitMsg: string = "";
export let exitCallback: i32 = OP_NONE;
export let exitAt: i64 = 0;
/** The run stops at the next check: set by an exit, cleared when falling back. */
export let stopRequested: bool = false;

/**
 * The budget of the running callback, in units of policy work: the compiler instruments each
 * loop iteration, and each call of a policy function that calls policy code, to take one unit
 * from `budgetLeft` and trap below zero (src/compile/budget.ts, docs/safety.md). The outermost
 * callback starts with `budgetLimit` (the host sets it before the top-level code runs, which
 * it bounds too); nested callbacks share it. Outside callbacks the budget is off.
 */
export let budgetLimit: i32 = 1_000_000;
export let budgetLeft: i32 = 1_000_000;
/** Units used by finished callbacks (the policy's work, for reports). */
export let budgetUsed: f64 = 0;
const BUDGET_OFF: i32 = i32.MAX_VALUE;

// Inlined, with the bookkeeping of the outermost callback's budget: it runs twice around
// every callback.
// @ts-ignore: decorator
@inline
export function setContext(op: i32, cpu: i32, task: Task | null): void {
  if (op != OP_NONE) {
    if (curOp == OP_NONE) budgetLeft = budgetLimit; // the outermost callback starts
  } else if (curOp != OP_NONE) {
    // The outermost callback returned: its use counts (and is charged as CPU time).
    const used = budgetLimit - budgetLeft;
    budgetUsed += <f64>used;
    if (policyNsPerUnit > 0) chargeUnits(used);
    budgetLeft = BUDGET_OFF;
  }
  curOp = op;
  curCpu = cpu;
  curTask = task;
}

/**
 * Names the callback that engine work is done for, so that its errors are reported against
 * that callback (a direct dispatch applied after ops.enqueue returned, inserts buffered by
 * ops.dispatch), without starting or ending a budget: no policy code runs in between.
 */
// @ts-ignore: decorator
@inline
export function setErrorContext(op: i32, cpu: i32, task: Task | null): void {
  curOp = op;
  curCpu = cpu;
  curTask = task;
}

function chargeUnits(used: i32): void {
  if (curCpu >= 0) notePolicyWork(curCpu, <f64>used * policyNsPerUnit);
}

export function exitReset(): void {
  budgetLeft = BUDGET_OFF;
  budgetUsed = 0;
  curOp = OP_NONE;
  curCpu = -1;
  curTask = null;
  exitKind = SCX_EXIT_NONE;
  exitReason = "";
  exitMsg = "";
  exitCallback = OP_NONE;
  exitAt = 0;
  stopRequested = false;
}

/** The scheduler was ejected and the run goes on under the default policy. */
export function clearStop(): void {
  stopRequested = false;
}

// @ts-ignore: decorator
@inline
export function ejected(): bool {
  return stopRequested;
}

function reasonFor(kind: i32): string {
  if (kind == 1) return "done";
  if (kind == 64) return "unregistered from user space";
  if (kind == 65) return "unregistered from BPF";
  if (kind == 66) return "unregistered from the main kernel";
  if (kind == 1025) return "scx_bpf_error";
  if (kind == 1026) return "runnable task stall";
  return "runtime error";
}

/** Ends the run with the kernel's exit kind and message (first call wins). */
export function scxExit(kind: i32, msg: string): void {
  if (exitKind != SCX_EXIT_NONE) return;
  exitKind = kind;
  exitReason = reasonFor(kind);
  exitMsg = msg;
  exitCallback = curOp;
  exitAt = now;
  stopRequested = true;
  if (kind != SCX_EXIT_DONE) trace(TR_EJECT, curCpu, -1, kind, now, 0);
}

/** scx_error(): a runtime error that ejects the scheduler (SCX_EXIT_ERROR). */
export function scxError(msg: string): void {
  scxExit(1024, msg);
}

