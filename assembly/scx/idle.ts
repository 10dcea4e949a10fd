// Built-in idle tracking and the default CPU selection (sched_ext.md §3.4, ext_idle.c):
// idle_cpu (CPUs running their idle task, not claimed) and idle_smt (CPUs whose whole core is
// idle). Claiming a CPU clears it until it passes through idle again.

import { Cpumask, nrCpuIds } from "./cpumask";
import { cpus, ncpus, smtActive, nrLlcs, nrNodes, llcMasks, nodeMasks, llcNumaDiffer } from "./machine";
import { Task } from "./task";
import { SCX_WAKE_SYNC, SCX_PICK_IDLE_CORE } from "./constants";

export let idleCpus = new Cpumask();
export let idleSmts = new Cpumask();
/** Rotating start for picks: the kernel distributes picks rather than taking the lowest. */
let cursor: i32 = -1;
/** Set by selectCpuDfl: was the CPU it returned idle (and claimed)? */
export let lastSelectIdle: bool = false;

const scratchA = new StaticArray<Cpumask>(3);
let scratchReady = false;

function scratch(i: i32): Cpumask {
  if (!scratchReady) {
    for (let k = 0; k < 3; k++) scratchA[k] = new Cpumask();
    scratchReady = true;
  }
  return scratchA[i];
}

export function idleReset(): void {
  idleCpus = new Cpumask();
  idleSmts = new Cpumask();
  scratchReady = false;
  cursor = -1;
  // At load every online CPU starts idle.
  for (let c = 0; c < ncpus; c++) idleCpus.set(c);
  for (let c = 0; c < ncpus; c++) idleSmts.set(c);
}

/** The CPU switched to (or passed through) its idle task. */
export function idleSetCpu(cpu: i32): void {
  idleCpus.set(cpu);
  const c = unchecked(cpus[cpu]);
  if (c.smtMask.subsetOf(idleCpus)) {
    const sib = c.siblings;
    idleSmts.set(cpu);
    for (let i = 0; i < sib.length; i++) idleSmts.set(unchecked(sib[i]));
  }
}

/** The CPU switched to a real task. */
export function idleClearCpu(cpu: i32): void {
  idleCpus.clear(cpu);
  clearCore(cpu);
}

function clearCore(cpu: i32): void {
  const c = unchecked(cpus[cpu]);
  idleSmts.clear(cpu);
  const sib = c.siblings;
  for (let i = 0; i < sib.length; i++) idleSmts.clear(unchecked(sib[i]));
}

/** scx_bpf_test_and_clear_cpu_idle(): claim `cpu` if it is idle. */
export function testAndClearIdle(cpu: i32): bool {
  if (!idleCpus.test(cpu)) return false;
  idleCpus.clear(cpu);
  clearCore(cpu);
  return true;
}

/** Claims an idle CPU of `candidates`, whole idle cores only when `core`; -1 if none. */
function pickFrom(candidates: Cpumask, core: bool): i32 {
  const from = core ? idleSmts : idleCpus;
  const cpu = candidates.nextAndWrap(from, cursor + 1);
  if (cpu < 0) return -1;
  cursor = cpu;
  idleCpus.clear(cpu);
  clearCore(cpu);
  return cpu;
}

/** scx_bpf_pick_idle_cpu(): whole idle cores first (with SMT), then any idle CPU. */
export function pickIdleCpu(allowed: Cpumask, flags: u64): i32 {
  if (smtActive) {
    const c = pickFrom(allowed, true);
    if (c >= 0) return c;
    if ((flags & SCX_PICK_IDLE_CORE) != 0) return -1;
  }
  return pickFrom(allowed, false);
}

/**
 * scx_select_cpu_dfl(): the default ops.select_cpu. Returns the CPU; `lastSelectIdle` says
 * whether it was idle. `extra` narrows the allowed CPUs (scx_bpf_select_cpu_and).
 */
// @ts-ignore: decorator
@inline
export function selectCpuDfl(p: Task, prevCpu: i32, wakeFlags: u64, wakerCpu: i32, extra: Cpumask | null, flags: u64 = 0): i32 {
  lastSelectIdle = false;
  if (extra == null && idleCpus.empty()) {
    // Nothing is idle (a busy machine, the common case): every step below comes up empty,
    // and even a sync wakeup takes the waker's CPU only when some CPU is idle.
    const m = p.cpus_ptr;
    return m.test(prevCpu) ? prevCpu : m.first();
  }
  return selectFromIdle(p, prevCpu, wakeFlags, wakerCpu, extra, flags);
}

function selectFromIdle(p: Task, prevCpu: i32, wakeFlags: u64, wakerCpu: i32, extra: Cpumask | null, flags: u64): i32 {
  const allowed = scratch(0);
  if (extra != null) allowed.and(p.cpus_ptr, extra);
  else allowed.copyFrom(p.cpus_ptr);
  if (allowed.empty()) return -1;
  const prevOk = prevCpu >= 0 && prevCpu < nrCpuIds && allowed.test(prevCpu);

  let llc: Cpumask | null = null;
  let numa: Cpumask | null = null;
  if (prevCpu >= 0 && prevCpu < nrCpuIds) {
    const pc = unchecked(cpus[prevCpu]);
    if (nrLlcs > 1) {
      llc = scratch(1);
      llc.and(llcMasks[pc.llc], allowed);
    }
    if (nrNodes > 1 && llcNumaDiffer) {
      numa = scratch(2);
      numa.and(nodeMasks[pc.node], allowed);
    }
  }

  // 1. Sync wakeup: the waker is about to sleep.
  if ((wakeFlags & SCX_WAKE_SYNC) != 0 && wakerCpu >= 0) {
    const w = unchecked(cpus[wakerCpu]);
    if (prevOk && unchecked(cpus[prevCpu]).llc == w.llc && testAndClearIdle(prevCpu)) {
      lastSelectIdle = true;
      return prevCpu;
    }
    if (w.local.nr == 0 && !idleCpus.empty() && allowed.test(wakerCpu)) {
      lastSelectIdle = true; // not claimed: the wakee waits for the waker to sleep
      return wakerCpu;
    }
  }
  // 2. Whole idle cores first.
  if (smtActive) {
    if (prevOk && idleSmts.test(prevCpu) && testAndClearIdle(prevCpu)) {
      lastSelectIdle = true;
      return prevCpu;
    }
    let c = -1;
    if (llc != null) c = pickFrom(llc, true);
    if (c < 0 && numa != null) c = pickFrom(numa, true);
    if (c < 0) c = pickFrom(allowed, true);
    if (c >= 0) {
      lastSelectIdle = true;
      return c;
    }
    // e. Only whole idle cores were asked for.
    if ((flags & SCX_PICK_IDLE_CORE) != 0) return prevOk ? prevCpu : allowed.first();
  }
  // 3. prev itself.
  if (prevOk && testAndClearIdle(prevCpu)) {
    lastSelectIdle = true;
    return prevCpu;
  }
  // 4. An idle SMT sibling of prev.
  if (smtActive && prevCpu >= 0 && prevCpu < nrCpuIds) {
    const sib = unchecked(cpus[prevCpu]).siblings;
    for (let i = 0; i < sib.length; i++) {
      const s = unchecked(sib[i]);
      if (allowed.test(s) && testAndClearIdle(s)) {
        lastSelectIdle = true;
        return s;
      }
    }
  }
  // 5. Any idle CPU: in prev's LLC, its node, then anywhere allowed.
  let c = -1;
  if (llc != null) c = pickFrom(llc, false);
  if (c < 0 && numa != null) c = pickFrom(numa, false);
  if (c < 0) c = pickFrom(allowed, false);
  if (c >= 0) {
    lastSelectIdle = true;
    return c;
  }
  return prevOk ? prevCpu : allowed.first();
}
