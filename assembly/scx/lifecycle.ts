// A task's life on the simulated machine: fork (init_task → enable → set_weight → wakeup with
// SCX_WAKE_FORK), wakeup (select_cpu → runnable → enqueue), stints on a CPU (running …
// stopping), blocking (stopping(false) → quiescent(SLEEP)), and exit (disable → exit_task).
// The callback order is sched_ext.md §1.1–§1.2.

import {
  SCX_SLICE_DFL, SCX_WAKE_FORK, SCX_WAKE_TTWU, SCX_WAKE_SYNC, SCX_ENQ_WAKEUP, SCX_ENQ_CPU_SELECTED,
  SCX_DEQ_SLEEP, SCX_TASK_QUEUED,
} from "./constants";
import { now } from "./clock";
import { Cpu, cpus, ncpus, ctxSwitchNs, migrationCost } from "./machine";
import {
  Task, TASK_SLEEPING, TASK_RUNNABLE, TASK_RUNNING, TASK_DEAD, OPSS_QUEUEING, OPSS_QUEUED, OPSS_NONE,
} from "./task";
import { globalDsq } from "./dsq";
import * as C from "./callids";
import {
  has, callSelectCpu, callEnqueue, callRunnable, callRunning, callStopping, callQuiescent,
  callInitTask, callEnable, callSetWeight, callDisable, callExitTask, callYield, callUpdateIdle,
} from "./callops";
import { scxError, ejected, curOp, curCpu, curTask, setErrorContext } from "./exit";
import { dsqInsert } from "./insert";
import { selectCpuDfl, idleSetCpu, idleClearCpu, lastSelectIdle } from "./idle";
import { arm, disarm } from "./eventq";
import {
  Group, groups, niceToWeight, opCode, opDist, opB, drawNs, draw, OPC_RUN, OPC_SLEEP, OPC_YIELD, OPC_RUNTIME,
  OPC_WAIT, OPC_SIGNAL, OPC_WAKE, OPC_LOCK, OPC_UNLOCK, OPC_BARRIER, OPC_PERIOD, OPC_TIMER, OPC_SEND,
  OPC_RECV, OPC_SPAWN,
} from "./workload";
import {
  STEP_CONTINUE, STEP_BLOCK, STEP_SLEEP, stepSleepUntil, stepWait, stepSignal, stepWake, stepLock,
  stepUnlock, stepBarrier, stepPeriod, stepTimer, stepSend, stepRecv, spawnGroup, toWake, toWakeSync,
  syncTaskExit,
} from "./sync";
import {
  count, groupAdd, record, C_TASKS_STARTED, C_TASKS_EXITED, C_CONTEXT_SWITCHES, C_MIGRATIONS,
  C_BUSY_NS, C_OVERHEAD_NS, C_SELECT_CPU_FALLBACK, G_TASKS, G_CPU_TIME, G_EXITED,
  METRIC_WAKEUP, METRIC_RUN_DELAY, METRIC_RESPONSE,
} from "./stats";
import { trace, TR_RUN, TR_WAKE, TR_MIGRATE, TR_CREATE, TR_EXIT, STOP_BLOCK, STOP_EXIT, STOP_YIELD } from "./trace";
import { advance, cpuSpeed, refreshSiblings, updateTimer, nextTickAfter, energyAccount, WORK_EPS } from "./exec";
import { resched, registerTask, adjustLive, curWakerCpu, curWakerTask, setWaker } from "./engine";
import { refillZeroSlice } from "./sched";

// Actions of a program step
const ACT_RUN = 1;
const ACT_SLEEP = 2;
const ACT_YIELD = 3;
const ACT_EXIT = 4;
const ACT_BLOCK = 5;

let pendingSpawn = new Array<i32>();

let lastPid: i32 = 0;
let sleepUntil: i64 = 0;

export function lifecycleReset(): void {
  lastPid = 0;
  pendingSpawn = new Array<i32>();
}

/** Runs the program forward to the next step that takes time; sets workLeft or sleepUntil. */
function programAdvance(t: Task): i32 {
  const g = unchecked(groups[t.group]);
  t.needAdvance = false;
  // A bounded number of zero-length steps per call: a loop of them must not hang the engine.
  for (let guard = 0; guard < 100000; guard++) {
    if (t.pc >= g.nops) {
      if (t.loopLeft > 0) t.loopLeft--;
      if (t.loopLeft == 0) return ACT_EXIT;
      t.pc = 0;
    }
    const i = g.firstOp + t.pc;
    t.pc++;
    const code = unchecked(opCode[i]);
    // run and sleep are nearly every step: the rest is out of line.
    if (code == OPC_RUN) {
      const w = draw(unchecked(opDist[i]), t.rng);
      if (w > WORK_EPS) {
        t.workLeft = w;
        return ACT_RUN;
      }
    } else if (code == OPC_SLEEP) {
      const d = drawNs(unchecked(opDist[i]), t.rng);
      if (d > 0) {
        sleepUntil = now + d;
        return ACT_SLEEP;
      }
    } else {
      const act = otherStep(t, code, i);
      if (act != 0) return act;
    }
  }
  return ACT_EXIT;
}

/** A step other than run and sleep: its action, or 0 to go on to the next step. */
function otherStep(t: Task, code: i32, i: i32): i32 {
  let st = STEP_CONTINUE;
  if (code == OPC_YIELD) {
    return ACT_YIELD;
  } else if (code == OPC_RUNTIME) {
    const d = drawNs(unchecked(opDist[i]), t.rng);
    if (d > 0) {
      t.runtimeEnd = now + d;
      t.workLeft = 0;
      return ACT_RUN;
    }
  } else if (code == OPC_WAIT) st = stepWait(t, i);
  else if (code == OPC_SIGNAL) st = stepSignal(t, i);
  else if (code == OPC_WAKE) st = stepWake(t, i);
  else if (code == OPC_LOCK) st = stepLock(t, i);
  else if (code == OPC_UNLOCK) st = stepUnlock(t, i);
  else if (code == OPC_BARRIER) st = stepBarrier(t, i);
  else if (code == OPC_PERIOD) st = stepPeriod(t, i);
  else if (code == OPC_TIMER) st = stepTimer(t, i);
  else if (code == OPC_SEND) st = stepSend(t, i);
  else if (code == OPC_RECV) st = stepRecv(t, i);
  else if (code == OPC_SPAWN) {
    const sg = spawnGroup(i);
    const n = <i32>unchecked(opB[i]);
    for (let k = 0; k < (n > 0 ? n : 1); k++) {
      pendingSpawn.push(sg.idx);
    }
  }
  if (st == STEP_BLOCK) return ACT_BLOCK;
  if (st == STEP_SLEEP) {
    sleepUntil = stepSleepUntil;
    return ACT_SLEEP;
  }
  return 0;
}

/**
 * After a task's step: wake the tasks it released and fork the ones it spawned, in that
 * order, with the task as the waker (its CPU for SCX_WAKE_SYNC).
 */
// @ts-ignore: decorator
@inline
function afterStep(waker: Task, cpu: i32): void {
  if (pendingSpawn.length > 0 || toWake.length > 0) releaseAndSpawn(waker, cpu);
}

function releaseAndSpawn(waker: Task, cpu: i32): void {
  while (pendingSpawn.length > 0) {
    const g = pendingSpawn.shift();
    createTask(unchecked(groups[g]), cpu);
  }
  if (toWake.length == 0) return;
  const prevWaker = curWakerCpu;
  const prevWakerTask = curWakerTask;
  setWaker(cpu, waker);
  while (toWake.length > 0) {
    const w = toWake.shift();
    const sync = toWakeSync.shift();
    resumeTask(w, waker.pid, sync);
  }
  setWaker(prevWaker, prevWakerTask);
}

/** A blocked or sleeping task may continue: run its program to its next step and act. */
function resumeTask(t: Task, wakerPid: i32, sync: bool): void {
  if (t.state != TASK_SLEEPING) return;
  t.alwaysRunnable = false;
  const act = programAdvance(t);
  if (act == ACT_SLEEP) {
    arm(t.timer, sleepUntil);
    afterStep(t, -1);
    return;
  }
  if (act == ACT_BLOCK) {
    afterStep(t, -1);
    return;
  }
  if (act == ACT_EXIT) {
    finishTask(t, -1);
    afterStep(t, -1);
    return;
  }
  if (act == ACT_YIELD) t.needAdvance = true;
  wakeTask(t, wakerPid, sync);
  afterStep(t, -1);
}

/** Creates a task of group `g` (fork), optionally forked from a task on `parentCpu`. */
export function createTask(g: Group, parentCpu: i32): void {
  const t = new Task(++lastPid);
  t.group = g.idx;
  t.comm = g.name;
  t.nice = g.nice;
  t.scx.weight = niceToWeight(g.nice);
  t.cpus_ptr.copyFrom(g.mask);
  t.nr_cpus_allowed = g.nrAllowed;
  // A task forked by the workload itself starts on a CPU chosen round-robin among the allowed
  // ones, like a launcher whose children were spread out; a spawned one on its parent's CPU.
  let cpu = parentCpu;
  if (cpu < 0 || !t.cpus_ptr.test(cpu)) {
    let k = g.created % g.nrAllowed;
    cpu = t.cpus_ptr.first();
    while (k-- > 0) cpu = t.cpus_ptr.nextFrom(cpu + 1);
  }
  g.created++;
  t.cpu = cpu;
  t.loopLeft = g.loop;
  t.createdAt = now;
  registerTask(t);
  count(C_TASKS_STARTED);
  groupAdd(g.idx, G_TASKS, 1);
  trace(TR_CREATE, cpu, t.pid, g.idx, now, 0);

  const r = callInitTask(t, true);
  if (r != 0) {
    if (r > 0 || r < -4095) scxError("ops.init_task() returned an invalid errno " + r.toString());
    // The fork fails: the task never enters sched_ext.
    t.state = TASK_DEAD;
    adjustLive(-1);
    return;
  }
  callEnable(t);
  callSetWeight(t, t.scx.weight);
  const act = programAdvance(t);
  if (act == ACT_SLEEP || act == ACT_BLOCK) {
    t.state = TASK_SLEEPING;
    if (act == ACT_SLEEP) arm(t.timer, sleepUntil);
  } else if (act == ACT_EXIT) {
    finishTask(t, -1);
  } else {
    if (act == ACT_YIELD) t.needAdvance = true;
    wakeTask(t, -1, false);
  }
  afterStep(t, parentCpu);
}

/** try_to_wake_up(): select_cpu (unless skipped), runnable, enqueue; wakes an idle target. */
export function wakeTask(t: Task, wakerPid: i32, sync: bool): void {
  const fork = t.firstWake;
  t.firstWake = false;
  const wakeFlags = fork ? SCX_WAKE_FORK : SCX_WAKE_TTWU | (sync ? SCX_WAKE_SYNC : 0);
  t.state = TASK_RUNNABLE;
  t.scx.flags |= SCX_TASK_QUEUED;
  t.runnableAt = now;
  t.waitStart = now;
  t.wakeStart = now;
  t.ddspValid = false;
  t.selectFlags = 0;
  const prevCpu = t.cpu;
  let cpu = prevCpu;
  let selected = false;
  if (t.nr_cpus_allowed > 1) {
    selected = true;
    if (has(C.OP_SELECT_CPU)) {
      cpu = callSelectCpu(t, prevCpu, wakeFlags);
      if (ejected()) return;
      if (cpu < 0 || cpu >= ncpus) {
        scxError("invalid CPU " + cpu.toString() + " from ops.select_cpu()");
        return;
      }
      if (!t.cpus_ptr.test(cpu)) {
        // A valid CPU outside the mask is silently replaced (event SELECT_CPU_FALLBACK).
        count(C_SELECT_CPU_FALLBACK);
        cpu = t.cpus_ptr.nextWrap(cpu);
      }
    } else {
      cpu = selectCpuDfl(t, prevCpu, wakeFlags, curWakerCpu, null);
      if (lastSelectIdle) {
        // The default select_cpu direct-dispatches to the idle CPU it found.
        t.ddspValid = true;
        t.ddspDsq = 0x8000000000000002; // SCX_DSQ_LOCAL
        t.ddspFlags = 0;
        t.ddspVtime = false;
        t.scx._slice = SCX_SLICE_DFL;
      }
    }
  }
  t.cpu = cpu;
  trace(TR_WAKE, cpu, t.pid, wakerPid, now, 0);
  const enqFlags = (fork ? 0 : SCX_ENQ_WAKEUP) | (selected ? SCX_ENQ_CPU_SELECTED : 0);
  callRunnable(t, enqFlags);
  if (ejected()) return;
  enqueueTask(t, enqFlags | t.selectFlags);
  if (ejected()) return;
  // The wakeup reschedules the task's CPU if it is idle, wherever the task was queued.
  const c = unchecked(cpus[t.cpu]);
  if (c.curr == null) resched(c);
}

/** do_enqueue_task(): a direct dispatch, ops.enqueue, or the default (global DSQ). */
export function enqueueTask(t: Task, enqFlags: u64): void {
  t.state = TASK_RUNNABLE;
  t.scx.flags |= SCX_TASK_QUEUED;
  if (t.ddspValid) {
    applyDirectDispatch(t, enqFlags);
    return;
  }
  if (!has(C.OP_ENQUEUE)) {
    t.scx._slice = SCX_SLICE_DFL;
    t.opsState = OPSS_NONE;
    globalDsq.pushTail(t);
    return;
  }
  t.qseq++;
  t.opsState = OPSS_QUEUEING;
  callEnqueue(t, enqFlags);
  if (t.ddspValid) {
    applyDirectDispatch(t, enqFlags);
  } else if (t.opsState == OPSS_QUEUEING) {
    t.opsState = OPSS_QUEUED; // the policy holds it and must dispatch it later
  }
}

/**
 * A direct dispatch recorded in select_cpu or enqueue takes effect now, after the callback
 * returned; errors it raises are reported against that callback.
 */
function applyDirectDispatch(t: Task, enqFlags: u64): void {
  t.ddspValid = false;
  const so = curOp, sc = curCpu, st = curTask;
  setErrorContext(t.ddspOp, t.cpu, t);
  dsqInsert(t, t.ddspDsq, t.ddspFlags | enqFlags, t.ddspVtime, t.cpu);
  setErrorContext(so, sc, st);
}

/** set_next_task: `t` starts running on `c`. */
export function startStint(c: Cpu, t: Task): void {
  const wasIdle = c.idle;
  energyAccount(c);
  if (wasIdle) {
    c.idle = false;
    idleClearCpu(c.id);
    callUpdateIdle(c.id, false);
  }
  refillZeroSlice(t);
  c.curr = t;
  t.runningCpu = c.id;
  t.state = TASK_RUNNING;
  t.cpu = c.id;
  t.scx.chargedAt = now;
  t.stintStart = now;
  let overhead: i64 = ctxSwitchNs;
  if (wasIdle) overhead += c.idleExitNs;
  if (t.lastRanCpu >= 0 && t.lastRanCpu != c.id) {
    t.migrations++;
    count(C_MIGRATIONS);
    trace(TR_MIGRATE, c.id, t.pid, t.lastRanCpu, now, 0);
    t.workLeft += migrationCost(t.lastRanCpu, c.id);
  }
  c.stallUntil = now + overhead;
  c.overheadNs += overhead;
  count(C_OVERHEAD_NS, <f64>overhead);
  c.progressAt = now;
  c.speed = cpuSpeed(c);
  if (wasIdle) c.nextTick = nextTickAfter(now);
  c.switches++;
  c.runs++;
  count(C_CONTEXT_SWITCHES);
  // A CPU coming out of an idle state runs nothing until it has woken: the exit latency is
  // part of the task's wait.
  const runsAt = wasIdle ? now + c.idleExitNs : now;
  if (t.waitStart >= 0) {
    record(t.group, METRIC_RUN_DELAY, runsAt - t.waitStart);
    t.waitStart = -1;
  }
  if (t.wakeStart >= 0) {
    record(t.group, METRIC_WAKEUP, runsAt - t.wakeStart);
    t.wakeStart = -1;
  }
  callRunning(c.id, t);
  c.outgoing = null;
  refreshSiblings(c);
  if (t.needAdvance) continueProgram(c, t);
  else updateTimer(c);
}

/** put_prev_task: the current stint of `c` ends; accounts it. `c.curr` is cleared. */
export function endStint(c: Cpu, why: i32): void {
  const t = changetype<Task>(c.curr);
  advance(c);
  t.scx.charge();
  energyAccount(c);
  const ran = now - t.stintStart;
  t.cpuTime += ran;
  c.busyNs += ran;
  count(C_BUSY_NS, <f64>ran);
  groupAdd(t.group, G_CPU_TIME, <f64>ran);
  trace(TR_RUN, c.id, t.pid, why, t.stintStart, now);
  t.runningCpu = -1;
  t.lastRanCpu = c.id;
  if (t.state == TASK_RUNNING) t.state = TASK_RUNNABLE;
  c.curr = null;
  c.outgoing = t;
  c.stallUntil = 0;
  refreshSiblings(c);
}

/** The CPU has nothing to run: it switches to the idle task. */
export function goIdle(c: Cpu): void {
  updateTimer(c);
  // Passing through idle refreshes the idle masks even without a busy→idle transition.
  idleSetCpu(c.id);
  if (!c.idle) {
    energyAccount(c);
    c.idle = true;
    c.idleSince = now;
    callUpdateIdle(c.id, true);
  }
  c.outgoing = null;
}

/** The current run step of the task on `c` is done: read the next one. */
export function onWorkDone(c: Cpu, t: Task): void {
  t.workLeft = 0;
  continueProgram(c, t);
}

/** Runs the program of the task running on `c` forward and acts on the step found. */
export function continueProgram(c: Cpu, t: Task): void {
  const act = programAdvance(t);
  if (act == ACT_RUN) {
    updateTimer(c);
  } else if (act == ACT_SLEEP || act == ACT_BLOCK) {
    blockTask(c, t);
    t.state = TASK_SLEEPING;
    if (act == ACT_SLEEP) arm(t.timer, sleepUntil);
  } else if (act == ACT_YIELD) {
    t.needAdvance = true;
    t.yielded = true;
    if (has(C.OP_YIELD)) callYield(c.id, t);
    else t.scx.slice = 0;
    resched(c);
    updateTimer(c);
  } else {
    exitRunningTask(c, t);
  }
  afterStep(t, c.id);
}

/** The running task blocks: stopping(false), quiescent(SLEEP); the CPU reschedules. */
function blockTask(c: Cpu, t: Task): void {
  endStint(c, STOP_BLOCK);
  t.state = TASK_SLEEPING;
  t.scx.flags &= ~SCX_TASK_QUEUED;
  t.alwaysRunnable = false;
  callStopping(c.id, t, false);
  callQuiescent(c.id, t, SCX_DEQ_SLEEP);
  c.prevGone = t;
  resched(c);
}

function exitRunningTask(c: Cpu, t: Task): void {
  endStint(c, STOP_EXIT);
  t.scx.flags &= ~SCX_TASK_QUEUED;
  callStopping(c.id, t, false);
  // A dead task is dequeued like a sleeping one (DEQUEUE_SLEEP in the kernel's __schedule).
  callQuiescent(c.id, t, SCX_DEQ_SLEEP);
  c.prevGone = t;
  // The CPU's last schedule() with the dead task as prev comes first; the task is freed
  // (ops.disable, ops.exit_task) after it, as in the kernel.
  finishTask(t, c.id, false);
  c.dying = t;
  resched(c);
}

/** ops.disable and ops.exit_task of a task that exited on `c`, after c's schedule pass. */
// @ts-ignore: decorator
@inline
export function reapDying(c: Cpu): void {
  if (c.dying != null) reap(c);
}

function reap(c: Cpu): void {
  const t = changetype<Task>(c.dying);
  c.dying = null;
  callDisable(t);
  callExitTask(t, false);
}

/** The end of a task: statistics, and (unless `free` is false) ops.disable, ops.exit_task. */
function finishTask(t: Task, cpu: i32, free: bool = true): void {
  syncTaskExit(t);
  t.state = TASK_DEAD;
  t.exitedAt = now;
  disarm(t.timer);
  if (free) {
    callDisable(t);
    callExitTask(t, false);
  }
  count(C_TASKS_EXITED);
  groupAdd(t.group, G_EXITED, 1);
  record(t.group, METRIC_RESPONSE, now - t.createdAt);
  trace(TR_EXIT, cpu, t.pid, 0, now, 0);
  adjustLive(-1);
}

/** A sleeping task's timer fired: it wakes up. */
export function taskTimerFired(t: Task): void {
  resumeTask(t, -1, false);
}
