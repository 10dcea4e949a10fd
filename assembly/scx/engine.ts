// The event loop. Events are timers (a CPU's step completion, slice expiry or tick; a task's
// wakeup; a group's arrival; the watchdog). After each event, CPUs that were asked to
// reschedule (wakeups onto idle CPUs, kicks, preemption, blocking) run schedule() in the order
// they were asked, all at the same instant.

import { now, setNow } from "./clock";
import { Cpu, cpus, ncpus, hz, tickNs, watchdogTimeoutNs, policyNsPerUnit } from "./machine";
import { Timer, TIMER_CPU, TIMER_TASK, TIMER_GROUP, TIMER_WATCHDOG, TIMER_GOVERNOR, TIMER_BPF, arm, peek, take } from "./eventq";
import { bpfTimerFired } from "./bpftimer";
import { governorEvent, governorStart } from "./governor";
import { Task, TASK_RUNNABLE, OPSS_NONE } from "./task";
import { groups, ngroups, drawNs } from "./workload";
import { Rng, STREAM_POLICY } from "./rng";
import {
  SCX_KICK_IDLE, SCX_KICK_PREEMPT, SCX_SLICE_INF, SCX_EXIT_ERROR_STALL, SCX_WATCHDOG_MAX_TIMEOUT_NS,
  SCX_EXIT_DONE, SCX_SLICE_DFL,
} from "./constants";
import { ejected, scxExit, exitKind, exitReason, exitMsg, clearStop } from "./exit";
import { theOps } from "./ops";
import { schedule } from "./sched";
import { createTask, taskTimerFired, onWorkDone, endStint, reapDying } from "./lifecycle";
import { advance, updateTimer, energyAccount, chargePolicyWork, WORK_EPS } from "./exec";
import { count, C_EVENTS } from "./stats";
import { buffersFull, STOP_END } from "./trace";
import { taskName } from "./insert";
import { callTick, callExit, setOpsMask } from "./callops";
import { setFlagsForFallback } from "./ops";
import { globalDsq } from "./dsq";

export const RUN_MORE = 0;
export const RUN_DONE = 1;
export const RUN_EJECTED = 2;
export const RUN_BUFFER_FULL = 3;

/** Every task ever created, index pid - 1. */
export let tasks = new Array<Task>();
export let liveTasks: i32 = 0;
export let durationNs: i64 = 0;
export let events: i64 = 0;
export let curWakerCpu: i32 = -1;
/** The task doing the current wakeup (bpf_get_current_task_btf in select_cpu), or null. */
export let curWakerTask: Task | null = null;
export let policyRng = new Rng(STREAM_POLICY);
let watchdog = new Timer(TIMER_WATCHDOG, 0);
let watchdogTimeout: i64 = 0;
let finished: bool = false;

// Reschedule requests, FIFO, each CPU at most once.
let reschedRing = new StaticArray<i32>(0);
let ringHead: i32 = 0;
let ringLen: i32 = 0;

/** A kick that is not SCX_KICK_IDLE: the CPU reschedules whatever it runs. */
const KICK_PLAIN: u64 = 1 << 16;
const LIVELOCK_PASSES: i32 = 1000;
const LIVELOCK_DEFER_NS: i64 = 1000;

export function engineReset(duration: i64): void {
  tasks = new Array<Task>();
  liveTasks = 0;
  durationNs = duration;
  events = 0;
  curWakerCpu = -1;
  curWakerTask = null;
  policyRng = new Rng(STREAM_POLICY);
  watchdog = new Timer(TIMER_WATCHDOG, 0);
  reschedRing = new StaticArray<i32>(ncpus);
  ringHead = 0;
  ringLen = 0;
  finished = false;
  setNow(0);
}

export function setWaker(c: i32, t: Task | null): void {
  curWakerCpu = c;
  curWakerTask = t;
}

export function registerTask(t: Task): void {
  tasks.push(t);
  liveTasks++;
}

export function adjustLive(d: i32): void {
  liveTasks += d;
}

export function resched(c: Cpu): void {
  if (c.reschedPending) return;
  c.reschedPending = true;
  let i = ringHead + ringLen;
  if (i >= ncpus) i -= ncpus;
  unchecked((reschedRing[i] = c.id));
  ringLen++;
}

/** scx_bpf_kick_cpu(): done after the calling callback returns (irq_work). */
export function kick(cpu: i32, flags: u64): void {
  const c = unchecked(cpus[cpu]);
  c.kickFlags |= (flags & SCX_KICK_IDLE) != 0 ? flags : flags | KICK_PLAIN;
  resched(c);
}

/** The policy wrote `p.scx.slice` of a running task: its expiry moves. */
export function onRunningSliceWrite(t: Task): void {
  const c = unchecked(cpus[t.runningCpu]);
  if (!c.inBalance) updateTimer(c);
}

// @ts-ignore: decorator
@inline
function drainResched(): void {
  if (ringLen > 0) runResched();
}

function runResched(): void {
  while (ringLen > 0 && !ejected()) {
    const id = unchecked(reschedRing[ringHead]);
    ringHead++;
    if (ringHead >= ncpus) ringHead = 0;
    ringLen--;
    const c = unchecked(cpus[id]);
    c.reschedPending = false;
    const k = c.kickFlags;
    c.kickFlags = 0;
    if (k != 0) {
      // SCX_KICK_IDLE only wakes an idle CPU; a busy one is left alone.
      if ((k & KICK_PLAIN) == 0 && c.curr != null) continue;
      if ((k & SCX_KICK_PREEMPT) != 0) {
        const cur = c.curr;
        if (cur != null) cur.scx.slice = 0;
      }
    }
    // A policy that keeps rescheduling a CPU at one instant would stop time: put it off.
    if (c.passesAt == now) {
      if (++c.passesNow > LIVELOCK_PASSES) {
        c.deferredAt = now + LIVELOCK_DEFER_NS;
        updateTimer(c);
        continue;
      }
    } else {
      c.passesAt = now;
      c.passesNow = 1;
    }
    schedule(c);
    reapDying(c);
  }
}

function cpuEvent(c: Cpu): void {
  if (c.deferredAt >= 0 && c.deferredAt <= now) {
    c.deferredAt = -1;
    resched(c);
  }
  const t = c.curr;
  if (t == null) {
    updateTimer(c);
    return;
  }
  advance(c);
  if (t.runtimeEnd >= 0) {
    if (now >= t.runtimeEnd) {
      t.runtimeEnd = -1;
      onWorkDone(c, t);
    }
  } else if (t.workLeft <= WORK_EPS && now >= c.stallUntil && !t.needAdvance) {
    onWorkDone(c, t);
  }
  if (c.curr === t && !ejected()) {
    if (hz > 0) {
      if (now >= c.nextTick) {
        c.nextTick = (now / tickNs + 1) * tickNs;
        t.scx.charge();
        callTick(c.id, t);
        if (t.scx._slice == 0) resched(c);
      }
    } else if (t.scx._slice != SCX_SLICE_INF && t.scx.slice == 0) {
      resched(c);
    }
  }
  updateTimer(c);
}

function groupEvent(g: i32): void {
  const gr = unchecked(groups[g]);
  for (let i = 0; i < gr.count && !ejected(); i++) createTask(gr, -1);
  if (gr.arrivalDist >= 0) {
    if (gr.arrivalsLeft > 0) gr.arrivalsLeft--;
    if (gr.arrivalsLeft != 0) arm(gr.timer, now + drawNs(gr.arrivalDist, gr.rng));
  }
}

function watchdogEvent(): void {
  for (let i = 0; i < tasks.length; i++) {
    const t = unchecked(tasks[i]);
    if (t.state == TASK_RUNNABLE && now - t.runnableAt > watchdogTimeout) {
      const waited = now - t.runnableAt;
      const ms = waited / 1_000_000;
      const frac = (ms % 1000).toString();
      const pad = frac.length == 1 ? "00" + frac : frac.length == 2 ? "0" + frac : frac;
      scxExit(SCX_EXIT_ERROR_STALL, taskName(t) + " failed to run for " + (ms / 1000).toString() + "." + pad + "s");
      return;
    }
  }
  if (liveTasks > 0 || pendingGroups()) arm(watchdog, now + watchdogTimeout / 2);
}

function pendingGroups(): bool {
  for (let g = 0; g < ngroups; g++) if (unchecked(groups[g]).timer.armed) return true;
  return false;
}

/** Arms the first events: group starts and the watchdog. */
export function engineStart(): void {
  let to = <i64>theOps.timeout_ms * 1_000_000;
  if (to <= 0 || to > SCX_WATCHDOG_MAX_TIMEOUT_NS) to = watchdogTimeoutNs;
  watchdogTimeout = to;
  for (let g = 0; g < ngroups; g++) {
    const gr = unchecked(groups[g]);
    let first = gr.start;
    if (gr.arrivalDist >= 0) first += drawNs(gr.arrivalDist, gr.rng);
    if (gr.arrivalsLeft != 0) arm(gr.timer, first);
  }
  arm(watchdog, watchdogTimeout / 2);
  governorStart();
}

/** Continue under the default policy after an ejection (`--fallback`)? */
let fallbackEnabled: bool = false;
let fellBack: bool = false;

export function setFallback(on: bool): void {
  fallbackEnabled = on;
  fellBack = false;
}

/**
 * The kernel's answer to an ejection is to move every task back to the fair class and keep
 * the machine running. Here the policy's callbacks are switched off (every op takes its
 * default: the built-in select_cpu and the global DSQ), tasks the policy held or left in its
 * own DSQs go to the global DSQ, and every CPU reschedules.
 */
function fallBack(): void {
  fellBack = true;
  callExit(exitKind, exitReason, exitMsg);
  setOpsMask(0);
  setFlagsForFallback();
  for (let i = 0; i < tasks.length; i++) {
    const t = unchecked(tasks[i]);
    if (t.state != TASK_RUNNABLE) continue;
    const d = t.dsq;
    if (d != null && d.cpu >= 0) continue; // already in a local DSQ: it runs from there
    if (d != null) d.remove(t);
    t.opsState = OPSS_NONE;
    t.ddspValid = false;
    t.scx._slice = SCX_SLICE_DFL;
    globalDsq.pushTail(t);
  }
  for (let i = 0; i < ncpus; i++) {
    const c = unchecked(cpus[i]);
    c.dspCnt = 0;
    resched(c);
  }
  clearStop();
  drainResched();
}

/** Runs events up to `until` (ns) or `maxEvents`; returns RUN_*. */
export function engineRun(until: i64, maxEvents: i32): i32 {
  if (finished) return exitKind >= 1024 ? RUN_EJECTED : RUN_DONE;
  if (until > durationNs) until = durationNs;
  let n = 0;
  while (n < maxEvents) {
    if (ejected()) {
      if (!fallbackEnabled || fellBack || exitKind == SCX_EXIT_DONE) return finish(RUN_EJECTED);
      fallBack();
    }
    const nx = peek();
    if (nx == null || (liveTasks == 0 && !pendingGroups())) {
      return finish(RUN_DONE);
    }
    if (nx.time > until) {
      if (until >= durationNs) {
        setNow(durationNs);
        return finish(RUN_DONE);
      }
      setNow(until);
      return RUN_MORE;
    }
    const ev = nx;
    take(ev);
    setNow(ev.time);
    events++;
    n++;
    const kind = ev.kind;
    if (kind == TIMER_CPU) cpuEvent(unchecked(cpus[ev.id]));
    else if (kind == TIMER_TASK) taskTimerFired(unchecked(tasks[ev.id - 1]));
    else if (kind == TIMER_GROUP) groupEvent(ev.id);
    else if (kind == TIMER_WATCHDOG) watchdogEvent();
    else if (kind == TIMER_GOVERNOR) governorEvent();
    else if (kind == TIMER_BPF) bpfTimerFired(ev.id);
    drainResched();
    if (policyNsPerUnit > 0) chargePolicyWork();
    if (buffersFull()) return RUN_BUFFER_FULL;
  }
  if (ejected() && (!fallbackEnabled || fellBack)) return finish(RUN_EJECTED);
  return RUN_MORE;
}

/** Closes the run: stints still open are accounted up to now. */
function finish(status: i32): i32 {
  if (finished) return status;
  finished = true;
  count(C_EVENTS, <f64>events);
  for (let i = 0; i < ncpus; i++) {
    const c = unchecked(cpus[i]);
    reapDying(c);
    const t = c.curr;
    if (t != null) {
      endStint(c, STOP_END);
      c.curr = t; // still running when the simulation stopped
      t.runningCpu = i;
    }
    energyAccount(c);
  }
  // The scheduler is unloaded either way: ops.exit gets the exit info.
  if (exitKind == 0) scxExit(SCX_EXIT_DONE, "");
  if (!fellBack) callExit(exitKind, exitReason, exitMsg);
  return fellBack ? RUN_EJECTED : status;
}
