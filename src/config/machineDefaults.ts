// Defaults for everything a machine file may leave out. Each figure comes from the project's
// sourced data (/work/shared/data/machines.md, cited by section) or, where that has none, from
// the kernel; the confidence tags [H]/[M]/[L] are the data's. `--cpus N` machines do not use
// these: they are ideal machines with every overhead zero (machine.ts, machineFromCpus).

import type { MachineCosts } from "./machineModel.ts";

/** machines.md §B "Context switch (direct)": 1-5 µs per switch on modern x86 [M/L]; 2 µs is
 * the low, kernel-only end (the indirect cache/TLB refill is modelled by migration costs). */
export const DEFAULT_CONTEXT_SWITCH_NS = 2_000;

/** machines.md §B "SMT co-run": two busy siblings deliver 1.2-1.3x one thread (typ. +25 %), so
 * each runs at 1.25 / 2 = 0.625 of its solo speed [M]. */
export const DEFAULT_SMT_CORUN_FACTOR = 0.625;

/** machines.md §B "Cache-cold penalty after migration": (WSS / 64 B) × miss latency / MLP with
 * WSS 256 KiB and MLP 8, i.e. 4096 lines × latency / 8 [L]. */
export const DEFAULT_MIGRATION_NS = {
  /** Same L2: only L1 refills from the shared L2. The data gives no L2 latency; ~4 ns is
   * assumed, 4096 × 4 / 8 ≈ 2 µs [L, our estimate]. */
  core: 2_000,
  /** Same LLC, other L2: refill from the L3 (~12 ns) ≈ 6 µs [L]. */
  cluster: 6_000,
  /** Other LLC / CCD, same node: refill from DRAM (~80 ns) ≈ 41 µs [L]. */
  llc: 41_000,
  /** Other node: remote DRAM 130-200 ns ≈ 65-100 µs; the middle, 80 µs [L]. */
  node: 80_000,
} as const;

export function defaultCosts(): MachineCosts {
  return {
    contextSwitchNs: DEFAULT_CONTEXT_SWITCH_NS,
    smtCorunFactor: DEFAULT_SMT_CORUN_FACTOR,
    migrationNs: { ...DEFAULT_MIGRATION_NS },
    policyNsPerUnit: 0,
  };
}

/** machines.md §A.4/§B "Idle exit": C1/C1E 1-4 µs (intel_idle adl_cstates C1E: 2 µs) [H].
 * The engine charges one exit latency on every wake from idle, however short the idle, so the
 * default is the shallow state a briefly idle CPU is in; deep states (C6 130-220 µs, Arm core
 * power-down 160-1350 µs) are only reached after long idle and would dominate every wakeup. */
export const DEFAULT_IDLE_EXIT_LATENCY_NS = 2_000;

/** machines.md §A.3: the kernel's energy model is dynamic power only ("static/leakage and
 * cluster/uncore power are not included"), so an idle CPU costs nothing unless the file says. */
export const DEFAULT_IDLE_POWER_MW = 0;

/** Not in the data: the kernel's own default, CONFIG_HZ_250 (kernel/Kconfig.hz) [H]. */
export const DEFAULT_HZ = 250;

/** 0 = the engine's default, the kernel's 30 s (SCX_WATCHDOG_MAX_TIMEOUT is also 30 s). */
export const DEFAULT_WATCHDOG_TIMEOUT_MS = 0;
export const MAX_WATCHDOG_TIMEOUT_MS = 30_000;

/** A machine without frequency data runs every CPU type at one nominal OPP. The number only
 * matters relative to other OPPs of the same domain, and there are none. */
export const NOMINAL_MHZ = 1_000;

/** The engine's NR_CPUS (assembly/scx/cpumask.ts): every cpumask has room for this many. */
export const MAX_CPUS = 1_024;
