// Running built-in policies on machine and workload presets (or inline workloads) in tests:
// checked (debug) builds through loadPolicy, so an out-of-range index in a policy ejects it
// instead of corrupting memory, and the machines and workloads the CLI would use.
import { loadPolicy } from "../../src/compile/index.ts";
import { encodeMachine, loadMachine } from "../../src/config/machine.ts";
import { encodeWorkload, loadWorkload, parseWorkload } from "../../src/config/workload.ts";
import { CPU_STAT, CPU_STRIDE } from "../../src/metrics/layout.ts";
import { summarize } from "../../src/metrics/summary.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy, RawRun, RunResult } from "../../src/sim/types.ts";
import { callRecords } from "../../src/trace/callLog.ts";

/** Checked build of a built-in policy (cached by content under .cache/policies). */
export const loadChecked = (name: string): Promise<CompiledPolicy> =>
  loadPolicy(name, { release: false });

export interface Sim {
  raw: RawRun;
  result: RunResult;
}

export interface SimOptions {
  durationNs: number;
  params?: Record<string, number | boolean>;
  log?: boolean;
  seed?: number;
}

/**
 * One run of `policy` on a machine preset and a workload preset name or an inline workload
 * object (the native JSON format).
 */
export async function simulate(
  policy: CompiledPolicy,
  machineName: string,
  workload: string | object,
  opts: SimOptions,
): Promise<Sim> {
  const machine = await loadMachine(machineName);
  const ncpus = machine.cpus.length;
  const { data: machineData, cpuTypeNames } = encodeMachine(machine);
  const w =
    typeof workload === "string"
      ? (await loadWorkload(workload, { ncpus })).workload
      : parseWorkload(workload, "inline workload", { ncpus });
  const { data: workloadData, groupNames } = encodeWorkload(w, { ncpus, cpuTypeNames });
  const raw = await runSimulation({
    policy,
    params: opts.params ?? {},
    machineName: machine.name,
    machine: machineData,
    workloadName: w.name,
    workload: workloadData,
    groupNames,
    cpuTypeNames,
    seed: opts.seed ?? 1,
    durationNs: opts.durationNs,
    log: opts.log ?? false,
  });
  return { raw, result: summarize(raw) };
}

/** Busy time of each CPU, ns. */
export function busyPerCpu(raw: RawRun): number[] {
  return Array.from(
    { length: raw.ncpus },
    (_, i) => raw.cpuStats[i * CPU_STRIDE + CPU_STAT.busyNs] ?? 0,
  );
}

/** CPU time of a workload group, ns. */
export function groupCpuNs(sim: Sim, group: string): number {
  const g = sim.result.groups[group];
  if (!g) throw new Error(`no group ${group} in ${Object.keys(sim.result.groups).join(", ")}`);
  return g.cpu_time_ns;
}

/** "done", or the ejection with its reason and callback, for assertion messages. */
export function exitText(sim: Sim): string {
  const e = sim.raw.exit;
  return e.kind === "done"
    ? "done"
    : `ejected: ${e.reason} in ${e.callback ?? "no callback"} at ${e.atNs} ns`;
}

/** ops.* callback and helper ids (docs/internals.md "Call ids"). */
export const CALL = {
  dispatch: 3,
  selectCpu: 0,
  enqueue: 1,
  bpfTimer: 21,
  dsqInsert: 32,
  dsqInsertVtime: 33,
  dsqMoveToLocal: 34,
} as const;

const SCX_DSQ_LOCAL = (1n << 63n) | 2n;
const SCX_DSQ_LOCAL_ON = (1n << 63n) | (1n << 62n);

export interface InsertSite {
  /** The ops.* callback (or BPF timer) the insert was made from, by call id. */
  callback: number;
  /** The CPU that callback ran for. */
  cpu: number;
  /** The insert went to a local DSQ: SCX_DSQ_LOCAL or SCX_DSQ_LOCAL_ON|cpu. */
  local: boolean;
  /** The insert named a CPU: SCX_DSQ_LOCAL_ON|cpu. */
  localOn: boolean;
}

/**
 * Every scx_bpf_dsq_insert[_vtime] in the call log with the callback it was made from: the
 * log is in call order and callbacks do not nest, so it is the last ops.* record before it.
 */
export function insertSites(raw: RawRun): InsertSite[] {
  const out: InsertSite[] = [];
  let callback = -1;
  let cpu = -1;
  for (const r of callRecords(raw.log ?? new ArrayBuffer(0))) {
    if (r.id < 32) {
      callback = r.id;
      cpu = r.cpu;
    } else if (r.id === CALL.dsqInsert || r.id === CALL.dsqInsertVtime) {
      const dsq = BigInt.asUintN(64, r.args[0] ?? 0n);
      const localOn = (dsq & SCX_DSQ_LOCAL_ON) === SCX_DSQ_LOCAL_ON;
      out.push({ callback, cpu, local: localOn || dsq === SCX_DSQ_LOCAL, localOn });
    }
  }
  return out;
}

/** CPUs whose ops.dispatch moved a task into their local DSQ (scx_bpf_dsq_move_to_local). */
export function moveToLocalCpus(raw: RawRun): Set<number> {
  const out = new Set<number>();
  for (const r of callRecords(raw.log ?? new ArrayBuffer(0))) {
    if (r.id === CALL.dsqMoveToLocal && r.ret === 1n) out.add(r.cpu);
  }
  return out;
}

/** CPUs that ran at least `share` of all the busy time. */
export function cpusUsed(raw: RawRun, share = 0.05): number {
  const busy = busyPerCpu(raw);
  const total = busy.reduce((a, b) => a + b, 0);
  return busy.filter((b) => b >= share * total).length;
}

export const ms = (n: number) => n * 1_000_000;
export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
