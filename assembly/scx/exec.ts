// How a CPU executes its current task: speed (capacity, frequency, SMT co-running, the group's
// speed on this core type), progress of the current run step, the CPU's next event (step
// completion, slice expiry when tickless, the tick), and energy.

import { now } from "./clock";
import { Cpu, cpus, smtCorunFactor, hz, tickNs, hasEnergy, fdomOppStart, fdomOppCount, oppPowerMw } from "./machine";
import { arm, disarm } from "./eventq";
import { SCX_SLICE_INF } from "./constants";
import { groups } from "./workload";
import { count, C_OVERHEAD_NS } from "./stats";

/** Work below this many reference ns counts as done (floating-point dust). */
export const WORK_EPS: f64 = 1e-6;

/** The speed of `c` for its current task, in reference ns of work per ns. */
export function cpuSpeed(c: Cpu): f64 {
  const t = c.curr;
  if (t == null) return 0;
  let s = (<f64>c.capacity / 1024.0) * c.freqFactor;
  const sib = c.siblings;
  for (let i = 0; i < sib.length; i++) {
    if (unchecked(cpus[unchecked(sib[i])]).curr != null) {
      s *= smtCorunFactor;
      break;
    }
  }
  return s * unchecked(groups[t.group].speedup[c.type]);
}

/** Accounts the work done by the current task since the last update. */
export function advance(c: Cpu): void {
  const t = c.curr;
  if (t == null) return;
  let from = c.progressAt;
  if (c.stallUntil > from) from = c.stallUntil;
  if (now > from) {
    t.workLeft -= <f64>(now - from) * c.speed;
    if (t.workLeft < 0) t.workLeft = 0;
  }
  c.progressAt = now;
}

/** Re-reads the speed after something changed it (a sibling started or stopped). */
export function refreshSpeed(c: Cpu): void {
  if (c.curr == null) return;
  advance(c);
  c.speed = cpuSpeed(c);
  updateTimer(c);
}

// Inlined to a length test: most machines have no SMT.
// @ts-ignore: decorator
@inline
export function refreshSiblings(c: Cpu): void {
  if (c.siblings.length > 0) refreshSiblingSpeeds(c);
}

function refreshSiblingSpeeds(c: Cpu): void {
  const sib = c.siblings;
  for (let i = 0; i < sib.length; i++) refreshSpeed(unchecked(cpus[unchecked(sib[i])]));
}

/** Arms the CPU's timer at its next event, or disarms it when nothing is due. */
export function updateTimer(c: Cpu): void {
  let next = i64.MAX_VALUE;
  if (c.deferredAt >= 0) next = c.deferredAt;
  const t = c.curr;
  if (t != null) {
    const begin = c.stallUntil > now ? c.stallUntil : now;
    if (t.runtimeEnd >= 0) {
      const e = t.runtimeEnd > begin ? t.runtimeEnd : begin;
      if (e < next) next = e;
    } else if (t.workLeft > WORK_EPS && c.speed > 0) {
      const done = begin + <i64>Math.ceil(t.workLeft / c.speed);
      if (done < next) next = done;
    } else if (!t.needAdvance) {
      if (begin < next) next = begin;
    }
    if (hz == 0) {
      const s = t.scx._slice;
      if (s != SCX_SLICE_INF) {
        const exp = t.scx.chargedAt + <i64>s;
        const e = exp > now ? exp : now;
        if (e < next) next = e;
      }
    } else if (c.nextTick < next) {
      next = c.nextTick;
    }
  }
  if (next == i64.MAX_VALUE) disarm(c.timer);
  else if (!c.timer.armed || c.timer.time != next) arm(c.timer, next);
}

// CPUs with policy work to charge, applied after each event (never in the middle of one).
let costCpus = new Array<i32>();

export function execReset(): void {
  costCpus.length = 0;
}

export function notePolicyWork(cpu: i32, ns: f64): void {
  const c = unchecked(cpus[cpu]);
  if (c.policyNsPending == 0) costCpus.push(cpu);
  c.policyNsPending += ns;
}

/**
 * Charges the policy's work as CPU time (costs.policy_ns_per_unit): the task running on the
 * CPU makes no progress for that long, as if the scheduler had run on its CPU, and the time
 * counts as overhead. A CPU that ran a callback while idle only counts it.
 */
export function chargePolicyWork(): void {
  for (let i = 0; i < costCpus.length; i++) {
    const c = unchecked(cpus[unchecked(costCpus[i])]);
    const ns = <i64>Math.round(c.policyNsPending);
    c.policyNsPending = 0;
    if (ns <= 0) continue;
    c.overheadNs += ns;
    count(C_OVERHEAD_NS, <f64>ns);
    if (c.curr != null) {
      advance(c);
      c.stallUntil = (c.stallUntil > now ? c.stallUntil : now) + ns;
      updateTimer(c);
    }
  }
  costCpus.length = 0;
}

/** The first tick strictly after `t` on the global tick grid. */
export function nextTickAfter(t: i64): i64 {
  if (hz == 0) return i64.MAX_VALUE;
  return (t / tickNs + 1) * tickNs;
}

/** Integrates the CPU's power since the last call (busy at its OPP, or idle power). */
// Inlined: without an energy model it is one store.
// @ts-ignore: decorator
@inline
export function energyAccount(c: Cpu): void {
  if (hasEnergy) integrateEnergy(c);
  else c.energyAt = now;
}

function integrateEnergy(c: Cpu): void {
  const dt = now - c.energyAt;
  if (dt <= 0) return;
  let mw: f64;
  if (c.curr != null) {
    mw = unchecked(oppPowerMw[fdomOppStart[c.fdom] + currentOpp(c)]);
  } else {
    mw = c.idlePowerMw;
  }
  c.energyJ += mw * <f64>dt * 1e-12;
  c.energyAt = now;
}

/** Index (within its domain) of the OPP the CPU runs at. */
export function currentOpp(c: Cpu): i32 {
  return unchecked(fdomOppCount[c.fdom]) - 1 - c.oppDown;
}
