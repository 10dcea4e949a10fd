// The scx_bpf_* helpers a policy calls, with the kernel's names, arguments, return values and
// context rules (sched_ext.md §3): calling one from a callback that may not is an error that
// ejects the scheduler, as scx_kf_allowed() does.

import * as C from "./callids";
import {
  SCX_DSQ_FLAG_BUILTIN, SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL, SCX_DSQ_LOCAL_ON, SCX_DSQ_LOCAL_CPU_MASK,
  SCX_ENQ_INTERNAL_MASK, SCX_KICK_IDLE, SCX_KICK_PREEMPT, SCX_KICK_WAIT, SCX_ENQ_REENQ,
  SCX_OPS_KEEP_BUILTIN_IDLE, SCX_EXIT_ERROR_BPF, SCX_EXIT_UNREG_BPF, SCX_DSP_DFL_MAX_BATCH,
  EINVAL, EEXIST, ENOENT, EBUSY,
} from "./constants";
import { now } from "./clock";
import { Task } from "./task";
import { Cpumask } from "./cpumask";
import { Dsq, userDsqs, globalDsq, findDsq } from "./dsq";
import { cpus, ncpus } from "./machine";
import { theOps } from "./ops";
import { has } from "./callops";
import { curOp, curCpu, curTask, scxError, scxExit } from "./exit";
import { logCall, logRet, logOn } from "./trace";
import { consumeDsq, hex, taskName } from "./insert";
import { flushDispatch } from "./sched";
import { enqueueTask } from "./lifecycle";
import { kick, curWakerCpu, curWakerTask, policyRng } from "./engine";
import { selectCpuDfl, lastSelectIdle, pickIdleCpu, testAndClearIdle, idleCpus, idleSmts } from "./idle";

/** An out-parameter, for helpers that return a second value through a pointer in C. */
export class BoolRef {
  value: bool = false;
}

const M_SELECT: u32 = 1 << C.OP_SELECT_CPU;
const M_ENQUEUE: u32 = 1 << C.OP_ENQUEUE;
const M_DISPATCH: u32 = 1 << C.OP_DISPATCH;
const M_SLEEPABLE: u32 = (1 << C.OP_INIT) | (1 << C.OP_INIT_TASK) | (1 << C.OP_EXIT);

function opName(op: i32): string {
  return op < 0 ? "outside any callback" : C.callName(op);
}

/** Enforces a kfunc's allowed callbacks; an unlisted callback is an error. */
// Inlined: every helper call checks it; the error path stays out of line.
// @ts-ignore: decorator
@inline
function allowedIn(kf: i32, mask: u32, where: string): bool {
  if (curOp >= 0 && (mask & (<u32>1 << <u32>curOp)) != 0) return true;
  return notAllowed(kf, where);
}

function notAllowed(kf: i32, where: string): bool {
  scxError(C.callName(kf) + "() called from " + opName(curOp) + ", which does not allow it (allowed in " + where + ")");
  return false;
}

function builtinIdleOn(kf: i32): bool {
  if (has(C.OP_UPDATE_IDLE) && (theOps.flags & SCX_OPS_KEEP_BUILTIN_IDLE) == 0) {
    scxError(C.callName(kf) + "(): built-in idle tracking is disabled");
    return false;
  }
  return true;
}

function validCpu(kf: i32, cpu: i32): bool {
  if (cpu >= 0 && cpu < ncpus) return true;
  scxError("invalid CPU " + cpu.toString() + " passed to " + C.callName(kf) + "()");
  return false;
}

function insert(kf: i32, p: Task, dsq_id: u64, slice: u64, vtime: u64, enq_flags: u64, isVtime: bool): bool {
  if (logOn) logCall(kf, curCpu, p.pid, isVtime ? 4 : 3, dsq_id, slice, isVtime ? vtime : enq_flags, enq_flags, 0);
  if (!allowedIn(kf, M_SELECT | M_ENQUEUE | M_DISPATCH, "ops.select_cpu, ops.enqueue, ops.dispatch")) return false;
  if ((enq_flags & SCX_ENQ_INTERNAL_MASK) != 0) {
    scxError("invalid enq_flags " + hex(enq_flags));
    return false;
  }
  if (slice != 0) p.scx.slice = slice;
  else if (p.scx._slice == 0) p.scx.slice = 1;
  if (isVtime) p.scx.dsq_vtime = vtime;
  if (curOp == C.OP_DISPATCH) {
    const c = unchecked(cpus[curCpu]);
    let max = <i32>theOps.dispatch_max_batch;
    if (max == 0) max = SCX_DSP_DFL_MAX_BATCH;
    if (c.dspCnt >= max) {
      scxError("dispatch buffer overflow");
      return false;
    }
    const i = c.dspCnt++;
    unchecked((c.dspTask[i] = p));
    unchecked((c.dspQseq[i] = p.qseq));
    unchecked((c.dspDsq[i] = dsq_id));
    unchecked((c.dspFlags[i] = enq_flags));
    unchecked((c.dspVtime[i] = isVtime));
    c.dspProgress++;
    return true;
  }
  // Direct dispatch from select_cpu or enqueue: only the task being scheduled, once.
  const cur = curTask;
  if (cur == null || cur != p) {
    scxError("scheduling for " + (cur != null ? taskName(cur) : "nothing") + " but trying to direct-dispatch " + taskName(p));
    return false;
  }
  if (p.ddspValid) {
    scxError(taskName(p) + " already direct-dispatched");
    return false;
  }
  p.ddspValid = true;
  p.ddspDsq = dsq_id;
  p.ddspFlags = enq_flags;
  p.ddspVtime = isVtime;
  p.ddspOp = curOp;
  if (curOp == C.OP_SELECT_CPU) p.selectFlags = enq_flags;
  return true;
}

export function scx_bpf_dsq_insert(p: Task, dsq_id: u64, slice: u64, enq_flags: u64): bool {
  return insert(C.K_DSQ_INSERT, p, dsq_id, slice, 0, enq_flags, false);
}

export function scx_bpf_dsq_insert_vtime(p: Task, dsq_id: u64, slice: u64, vtime: u64, enq_flags: u64): bool {
  return insert(C.K_DSQ_INSERT_VTIME, p, dsq_id, slice, vtime, enq_flags, true);
}

/** Old (6.12) names, as scx's compat.bpf.h maps them. */
export function scx_bpf_dispatch(p: Task, dsq_id: u64, slice: u64, enq_flags: u64): void {
  scx_bpf_dsq_insert(p, dsq_id, slice, enq_flags);
}
export function scx_bpf_dispatch_vtime(p: Task, dsq_id: u64, slice: u64, vtime: u64, enq_flags: u64): void {
  scx_bpf_dsq_insert_vtime(p, dsq_id, slice, vtime, enq_flags);
}

function findUserDsq(kf: i32, dsq_id: u64): Dsq | null {
  if (dsq_id == SCX_DSQ_GLOBAL) return globalDsq;
  if ((dsq_id & SCX_DSQ_FLAG_BUILTIN) == 0) {
    const d = findDsq(dsq_id);
    if (d != null) return d;
  }
  scxError("non-existent DSQ " + hex(dsq_id) + " passed to " + C.callName(kf) + "()");
  return null;
}

export function scx_bpf_dsq_move_to_local(dsq_id: u64): bool {
  const rec = logOn ? logCall(C.K_DSQ_MOVE_TO_LOCAL, curCpu, -1, 1, dsq_id, 0, 0, 0, 0) : 0;
  if (!allowedIn(C.K_DSQ_MOVE_TO_LOCAL, M_DISPATCH, "ops.dispatch")) return false;
  const c = unchecked(cpus[curCpu]);
  flushDispatch(c);
  const dsq = findUserDsq(C.K_DSQ_MOVE_TO_LOCAL, dsq_id);
  if (dsq == null) return false;
  const ok = consumeDsq(dsq, curCpu);
  if (ok) c.dspProgress++;
  logRet(rec, ok ? 1 : 0);
  return ok;
}

export function scx_bpf_consume(dsq_id: u64): bool {
  return scx_bpf_dsq_move_to_local(dsq_id);
}

export function scx_bpf_dispatch_nr_slots(): u32 {
  if (!allowedIn(C.K_DISPATCH_NR_SLOTS, M_DISPATCH, "ops.dispatch")) return 0;
  let max = <i32>theOps.dispatch_max_batch;
  if (max == 0) max = SCX_DSP_DFL_MAX_BATCH;
  return <u32>(max - unchecked(cpus[curCpu]).dspCnt);
}

export function scx_bpf_dispatch_cancel(): void {
  if (!allowedIn(C.K_DISPATCH_CANCEL, M_DISPATCH, "ops.dispatch")) return;
  const c = unchecked(cpus[curCpu]);
  if (c.dspCnt == 0) {
    scxError("dispatch buffer underflow");
    return;
  }
  c.dspCnt--;
  unchecked((c.dspTask[c.dspCnt] = null));
}

export function scx_bpf_kick_cpu(cpu: i32, flags: u64): void {
  if (logOn) logCall(C.K_KICK_CPU, curCpu, -1, 2, <u64>cpu, flags, 0, 0, 0);
  if (!validCpu(C.K_KICK_CPU, cpu)) return;
  if ((flags & SCX_KICK_IDLE) != 0 && (flags & (SCX_KICK_PREEMPT | SCX_KICK_WAIT)) != 0) {
    scxError("SCX_KICK_IDLE combined with SCX_KICK_PREEMPT or SCX_KICK_WAIT");
    return;
  }
  kick(cpu, flags);
}

export function scx_bpf_select_cpu_dfl(p: Task, prev_cpu: i32, wake_flags: u64, is_idle: BoolRef | null = null): i32 {
  const rec = logOn ? logCall(C.K_SELECT_CPU_DFL, curCpu, p.pid, 2, <u64>prev_cpu, wake_flags, 0, 0, 0) : 0;
  if (is_idle != null) is_idle.value = false;
  if (!allowedIn(C.K_SELECT_CPU_DFL, M_SELECT | M_ENQUEUE, "ops.select_cpu, ops.enqueue")) return prev_cpu;
  if (!builtinIdleOn(C.K_SELECT_CPU_DFL) || !validCpu(C.K_SELECT_CPU_DFL, prev_cpu)) return prev_cpu;
  let cpu: i32;
  let idle: bool;
  if (p.nr_cpus_allowed == 1) {
    idle = testAndClearIdle(prev_cpu);
    cpu = prev_cpu;
  } else {
    cpu = selectCpuDfl(p, prev_cpu, wake_flags, curWakerCpu, null);
    idle = lastSelectIdle;
    if (cpu < 0) cpu = prev_cpu;
  }
  if (is_idle != null) is_idle.value = idle;
  logRet(rec, <u64>cpu);
  return cpu;
}

export function scx_bpf_select_cpu_and(p: Task, prev_cpu: i32, wake_flags: u64, cpus_allowed: Cpumask, flags: u64): i32 {
  const rec = logOn ? logCall(C.K_SELECT_CPU_AND, curCpu, p.pid, 3, <u64>prev_cpu, wake_flags, flags, 0, 0) : 0;
  if (!allowedIn(C.K_SELECT_CPU_AND, M_SELECT | M_ENQUEUE, "ops.select_cpu, ops.enqueue")) return -EINVAL;
  if (!builtinIdleOn(C.K_SELECT_CPU_AND) || !validCpu(C.K_SELECT_CPU_AND, prev_cpu)) return -EINVAL;
  const cpu = selectCpuDfl(p, prev_cpu, wake_flags, curWakerCpu, cpus_allowed, flags);
  const r = lastSelectIdle ? cpu : -EBUSY;
  logRet(rec, <u64>r);
  return r;
}

export function scx_bpf_pick_idle_cpu(cpus_allowed: Cpumask, flags: u64): i32 {
  if (!builtinIdleOn(C.K_PICK_IDLE_CPU)) return -EBUSY;
  const cpu = pickIdleCpu(cpus_allowed, flags);
  if (logOn) logRet(logCall(C.K_PICK_IDLE_CPU, curCpu, -1, 1, flags, 0, 0, 0, 0), <u64>cpu);
  return cpu < 0 ? -EBUSY : cpu;
}

export function scx_bpf_pick_any_cpu(cpus_allowed: Cpumask, flags: u64): i32 {
  if (!builtinIdleOn(C.K_PICK_ANY_CPU)) return -EBUSY;
  let cpu = pickIdleCpu(cpus_allowed, flags);
  if (cpu < 0) cpu = cpus_allowed.nextWrap(0);
  if (logOn) logRet(logCall(C.K_PICK_ANY_CPU, curCpu, -1, 1, flags, 0, 0, 0, 0), <u64>cpu);
  return cpu < 0 ? -EBUSY : cpu;
}

export function scx_bpf_test_and_clear_cpu_idle(cpu: i32): bool {
  if (!builtinIdleOn(C.K_TEST_AND_CLEAR_CPU_IDLE) || !validCpu(C.K_TEST_AND_CLEAR_CPU_IDLE, cpu)) return false;
  const r = testAndClearIdle(cpu);
  if (logOn) logRet(logCall(C.K_TEST_AND_CLEAR_CPU_IDLE, curCpu, -1, 1, <u64>cpu, 0, 0, 0, 0), r ? 1 : 0);
  return r;
}

// Snapshots handed out by the idle-mask getters; reused, as the kernel hands out a reference
// the caller must not keep past scx_bpf_put_idle_cpumask().
const idleSnap = new Cpumask();
const idleSmtSnap = new Cpumask();

/** The idle CPUs (scx_bpf_get_idle_cpumask): read-only, valid until the next call. */
export function scx_bpf_get_idle_cpumask(): Cpumask {
  idleSnap.zero();
  if (builtinIdleOn(C.K_PICK_IDLE_CPU)) idleSnap.copyFrom(idleCpus);
  return idleSnap;
}

/** The CPUs whose whole SMT core is idle (scx_bpf_get_idle_smtmask): read-only. */
export function scx_bpf_get_idle_smtmask(): Cpumask {
  idleSmtSnap.zero();
  if (builtinIdleOn(C.K_PICK_IDLE_CPU)) idleSmtSnap.copyFrom(idleSmts);
  return idleSmtSnap;
}

/** Nothing to release: the getters' masks are the engine's own snapshots. */
export function scx_bpf_put_idle_cpumask(mask: Cpumask): void {}

/** The task running on `cpu` (scx_bpf_cpu_curr, 6.18+), or null when it is idle. */
export function scx_bpf_cpu_curr(cpu: i32): Task | null {
  if (!validCpu(C.K_TASK_CPU, cpu)) return null;
  return unchecked(cpus[cpu]).curr;
}

/** The CPU the current callback runs on. */
export function bpf_get_smp_processor_id(): i32 {
  return curCpu >= 0 ? curCpu : 0;
}

/**
 * The task the current code runs for: in ops.select_cpu of a wakeup by another task, the
 * waker; elsewhere the task running on this CPU; null for timer wakeups and idle CPUs.
 */
export function bpf_get_current_task_btf(): Task | null {
  if (curOp == C.OP_SELECT_CPU || curOp == C.OP_ENQUEUE) {
    if (curWakerTask != null) return curWakerTask;
  }
  return curCpu >= 0 ? unchecked(cpus[curCpu]).curr : null;
}

export function scx_bpf_create_dsq(dsq_id: u64, node: i32): i32 {
  const rec = logOn ? logCall(C.K_CREATE_DSQ, curCpu, -1, 2, dsq_id, <u64>node, 0, 0, 0) : 0;
  if (!allowedIn(C.K_CREATE_DSQ, M_SLEEPABLE, "ops.init, ops.init_task, ops.exit")) return -EINVAL;
  let r = 0;
  if ((dsq_id & SCX_DSQ_FLAG_BUILTIN) != 0) r = -EINVAL;
  else if (userDsqs.has(dsq_id)) r = -EEXIST;
  else {
    const d = new Dsq(dsq_id, -1, false);
    d.node = node;
    userDsqs.set(dsq_id, d);
  }
  logRet(rec, <u64>r);
  return r;
}

export function scx_bpf_destroy_dsq(dsq_id: u64): void {
  if (logOn) logCall(C.K_DESTROY_DSQ, curCpu, -1, 1, dsq_id, 0, 0, 0, 0);
  if ((dsq_id & SCX_DSQ_FLAG_BUILTIN) != 0 || !userDsqs.has(dsq_id)) return;
  userDsqs.get(dsq_id).destroyed = true;
  userDsqs.delete(dsq_id);
}

export function scx_bpf_dsq_nr_queued(dsq_id: u64): i32 {
  let r: i32;
  if (dsq_id == SCX_DSQ_LOCAL) r = curCpu >= 0 ? unchecked(cpus[curCpu]).local.nr : 0;
  else if ((dsq_id & SCX_DSQ_LOCAL_ON) == SCX_DSQ_LOCAL_ON) {
    const c = <i64>(dsq_id & SCX_DSQ_LOCAL_CPU_MASK);
    if (c >= <i64>ncpus) {
      scxError("invalid CPU " + c.toString() + " in SCX_DSQ_LOCAL_ON passed to scx_bpf_dsq_nr_queued()");
      r = -ENOENT;
    } else r = unchecked(cpus[<i32>c]).local.nr;
  } else if (dsq_id == SCX_DSQ_GLOBAL) r = globalDsq.nr;
  else {
    const d = (dsq_id & SCX_DSQ_FLAG_BUILTIN) == 0 ? findDsq(dsq_id) : null;
    r = d != null ? d.nr : -ENOENT;
  }
  if (logOn) logRet(logCall(C.K_DSQ_NR_QUEUED, curCpu, -1, 1, dsq_id, 0, 0, 0, 0), <u64>r);
  return r;
}

/** The head task of a user DSQ, without removing it (6.19+), or null. */
export function scx_bpf_dsq_peek(dsq_id: u64): Task | null {
  const d = findUserDsq(C.K_DSQ_PEEK, dsq_id);
  return d == null ? null : d.peek();
}

export function scx_bpf_now(): u64 {
  return <u64>now;
}

export function bpf_ktime_get_ns(): u64 {
  return <u64>now;
}

export function bpf_get_prandom_u32(): u32 {
  return <u32>(policyRng.next() >> 32);
}

export function scx_bpf_cpuperf_cap(cpu: i32): u32 {
  if (!validCpu(C.K_CPUPERF_CAP, cpu)) return 0;
  return <u32>unchecked(cpus[cpu]).linuxCapacity;
}

export function scx_bpf_cpuperf_cur(cpu: i32): u32 {
  if (!validCpu(C.K_CPUPERF_CUR, cpu)) return 0;
  return <u32>unchecked(cpus[cpu]).perfCur;
}

export function scx_bpf_cpuperf_set(cpu: i32, perf: u32): void {
  if (logOn) logCall(C.K_CPUPERF_SET, curCpu, -1, 2, <u64>cpu, <u64>perf, 0, 0, 0);
  if (!validCpu(C.K_CPUPERF_SET, cpu)) return;
  if (perf > 1024) {
    scxError("Invalid cpuperf target " + perf.toString() + " for CPU " + cpu.toString());
    return;
  }
  unchecked(cpus[cpu]).perfTarget = <i32>perf;
}

export function scx_bpf_nr_cpu_ids(): u32 {
  return <u32>ncpus;
}

export function scx_bpf_task_cpu(p: Task): i32 {
  return p.cpu;
}

export function scx_bpf_task_running(p: Task): bool {
  if (p.runningCpu >= 0) return true;
  // While its CPU switches it out, the task is still that CPU's rq->curr (sched_ext.md §1.2
  // case 8c): true in ops.stopping, ops.quiescent, ops.dispatch(cpu, prev) and the put-back
  // ops.enqueue.
  const c = p.lastRanCpu;
  return c >= 0 && unchecked(cpus[c]).outgoing === p;
}

export function scx_bpf_task_set_slice(p: Task, slice: u64): bool {
  p.scx.slice = slice;
  return true;
}

export function scx_bpf_task_set_dsq_vtime(p: Task, vtime: u64): bool {
  p.scx.dsq_vtime = vtime;
  return true;
}

/** Hands every task in this CPU's local DSQ back to ops.enqueue with SCX_ENQ_REENQ. */
export function scx_bpf_reenqueue_local(): u32 {
  if (logOn) logCall(C.K_REENQUEUE_LOCAL, curCpu, -1, 0, 0, 0, 0, 0, 0);
  if (curCpu < 0) return 0;
  const local = unchecked(cpus[curCpu]).local;
  let n: u32 = 0;
  // Take the current contents first: re-enqueued tasks may land in this local DSQ again.
  const cnt = local.nr;
  for (let i = 0; i < cnt; i++) {
    const t = local.peek();
    if (t == null) break;
    local.remove(t);
    enqueueTask(t, SCX_ENQ_REENQ);
    n++;
  }
  return n;
}

/** Ejects the scheduler with SCX_EXIT_ERROR_BPF and `msg`. */
export function scx_bpf_error(msg: string): void {
  if (logOn) logCall(C.K_ERROR, curCpu, -1, 0, 0, 0, 0, 0, 0);
  scxExit(SCX_EXIT_ERROR_BPF, msg);
}

/** Unregisters the scheduler gracefully (SCX_EXIT_UNREG_BPF) with `code` and `msg`. */
export function scx_bpf_exit(code: i64, msg: string): void {
  if (logOn) logCall(C.K_EXIT, curCpu, -1, 1, <u64>code, 0, 0, 0, 0);
  scxExit(SCX_EXIT_UNREG_BPF, msg);
}

