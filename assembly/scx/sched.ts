// What a CPU does when it must pick a task (sched_ext.md §2.3, balance_one + pick_task_scx):
// keep prev if it still has slice; else its local DSQ; else the global DSQ; else ops.dispatch
// in a loop of at most 32 rounds; else keep a runnable prev (unless SCX_OPS_ENQ_LAST); else
// idle. Then the switch: stopping/enqueue for prev, running for next.

import {
  SCX_SLICE_DFL, SCX_ENQ_LAST, SCX_OPS_ENQ_LAST, SCX_DSP_MAX_LOOPS,
} from "./constants";
import { Cpu, cpus } from "./machine";
import { Task, TASK_RUNNABLE, OPSS_QUEUED } from "./task";
import { globalDsq } from "./dsq";
import { theOps } from "./ops";
import * as C from "./callids";
import { has, callDispatch, callStopping } from "./callops";
import { ejected, curOp, curCpu, curTask, setErrorContext } from "./exit";
import { dsqInsert, consumeDsq } from "./insert";
import { enqueueTask, startStint, endStint, goIdle, continueProgram } from "./lifecycle";
import { count, C_DISPATCH_KEEP_LAST, C_SPURIOUS_DISPATCH, C_ZERO_SLICE_REFILL } from "./stats";
import { STOP_PREEMPT, STOP_YIELD } from "./trace";
import { updateTimer } from "./exec";
import { resched } from "./engine";
import { now } from "./clock";

const PICK_NONE = 0;
const PICK_LOCAL = 1;
const PICK_KEEP = 2;

/** Applies the inserts ops.dispatch buffered (sched_ext.md §2.4); stale ones are dropped. */
// @ts-ignore: decorator
@inline
export function flushDispatch(c: Cpu): void {
  if (c.dspCnt != 0) flushInserts(c);
}

function flushInserts(c: Cpu): void {
  const n = c.dspCnt;
  c.dspCnt = 0;
  // Inserts are validated now; their errors belong to ops.dispatch.
  const so = curOp, sc = curCpu, st = curTask;
  setErrorContext(C.OP_DISPATCH, c.id, null);
  for (let i = 0; i < n; i++) {
    const t = changetype<Task>(unchecked(c.dspTask[i]));
    unchecked((c.dspTask[i] = null));
    if (t.state != TASK_RUNNABLE || t.opsState != OPSS_QUEUED || t.qseq != unchecked(c.dspQseq[i])) {
      count(C_SPURIOUS_DISPATCH);
      continue;
    }
    dsqInsert(t, unchecked(c.dspDsq[i]), unchecked(c.dspFlags[i]), unchecked(c.dspVtime[i]), c.id);
  }
  setErrorContext(so, sc, st);
}

function prevKeeps(prev: Task | null, prevRunnable: bool): bool {
  return prevRunnable && prev != null && prev.scx.slice > 0;
}

/** Balance: find work for `c`, with prev = the task it was running (maybe not runnable). */
function pick(c: Cpu, prev: Task | null, prevRunnable: bool): i32 {
  if (c.local.nr > 0) return PICK_LOCAL;
  if (consumeDsq(globalDsq, c.id)) return PICK_LOCAL;
  if (has(C.OP_DISPATCH)) {
    for (let loop = 0; loop < SCX_DSP_MAX_LOOPS; loop++) {
      c.dspProgress = 0;
      callDispatch(c.id, prev);
      flushDispatch(c);
      if (ejected()) return PICK_NONE;
      if (prevKeeps(prev, prevRunnable)) return PICK_KEEP;
      if (c.local.nr > 0) return PICK_LOCAL;
      if (consumeDsq(globalDsq, c.id)) return PICK_LOCAL;
      if (c.dspProgress == 0) return PICK_NONE;
    }
    // The kernel gives up for this cycle and kicks the CPU to try again.
    resched(c);
  }
  return PICK_NONE;
}

/** One pass of schedule() on CPU `c`. */
export function schedule(c: Cpu): void {
  let prev = c.curr;
  let prevRunnable = prev != null;
  if (prev == null) {
    prev = c.prevGone;
  }
  c.prevGone = null;
  if (prevRunnable) {
    const p = changetype<Task>(prev);
    p.scx.charge();
    // §2.3 step 1: a runnable prev with slice left keeps the CPU, without ops.dispatch.
    if (p.scx._slice > 0) {
      if (p.needAdvance) continueProgram(c, p);
      return;
    }
  }

  c.inBalance = true;
  let verdict = pick(c, prev, prevRunnable);
  c.inBalance = false;
  if (ejected()) return;

  if (verdict == PICK_NONE && prevRunnable) {
    const p = changetype<Task>(prev);
    if ((theOps.flags & SCX_OPS_ENQ_LAST) == 0) {
      // §2.3 step 5: nothing else to run, so prev keeps going on a refilled slice.
      if (p.scx._slice == 0) p.scx.slice = SCX_SLICE_DFL;
      count(C_DISPATCH_KEEP_LAST);
      verdict = PICK_KEEP;
    } else {
      // ENQ_LAST: prev goes to the policy; the CPU idles even if prev lands in its local DSQ.
      endStint(c, STOP_PREEMPT);
      callStopping(c.id, p, true);
      p.waitStart = now;
      p.runnableAt = now;
      // The kernel's curr is still prev during this enqueue, so a local insert does not
      // reschedule the CPU (sched_ext.md §1.2 case 8c): only a kick or another event does.
      c.inBalance = true;
      enqueueTask(p, SCX_ENQ_LAST);
      c.inBalance = false;
      goIdle(c);
      return;
    }
  }

  if (verdict == PICK_KEEP) {
    const p = changetype<Task>(prev);
    p.yielded = false;
    if (p.needAdvance) continueProgram(c, p);
    else updateTimer(c);
    return;
  }

  let next: Task | null = null;
  if (verdict == PICK_LOCAL) {
    next = c.local.peek();
  }

  if (prevRunnable) {
    const p = changetype<Task>(prev);
    if (next != null && next != p) {
      // prev used up its slice (or was preempted): it goes back through ops.enqueue.
      changetype<Task>(next).dsq!.remove(changetype<Task>(next));
      endStint(c, p.yielded ? STOP_YIELD : STOP_PREEMPT);
      p.yielded = false;
      callStopping(c.id, p, true);
      p.waitStart = now;
      p.runnableAt = now;
      enqueueTask(p, 0);
      if (ejected()) return;
      startStint(c, changetype<Task>(next));
      return;
    }
  }
  if (next != null) {
    changetype<Task>(next).dsq!.remove(changetype<Task>(next));
    startStint(c, changetype<Task>(next));
  } else {
    goIdle(c);
  }
}

/** A picked task with a zero slice gets the default one (the kernel warns and refills). */
export function refillZeroSlice(t: Task): void {
  if (t.scx._slice == 0) {
    t.scx._slice = SCX_SLICE_DFL;
    count(C_ZERO_SLICE_REFILL);
  }
}
