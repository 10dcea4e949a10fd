// Shared by the tests of the ported production policies (lavd, bpfland, rusty, flash, cosmos,
// p2dq): run a policy on a machine preset and a workload preset, and count what the tests
// compare against `simple` (wakeup latency of a group, migrations across LLCs).
import { expect, test } from "vitest";
import { loadPolicy } from "../../src/compile/index.ts";
import { loadMachine } from "../../src/config/machine.ts";
import { runRequest } from "../../src/config/runRequest.ts";
import { loadWorkload } from "../../src/config/workload.ts";
import { summarize } from "../../src/metrics/summary.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy, RawRun, RunResult } from "../../src/sim/types.ts";
import { TraceKind, traceRecords } from "../../src/trace/records.ts";

/** Checked (debug) builds; the content cache shares them between test files and runs. */
export const loadChecked = (name: string): Promise<CompiledPolicy> =>
  loadPolicy(name, { release: false });

export interface PresetRun {
  raw: RawRun;
  result: RunResult;
  /** LLC id of each CPU of the machine. */
  llcOf: number[];
  /** Core type name of each CPU of the machine. */
  typeOf: string[];
}

export interface PresetRunOptions {
  seed?: number;
  trace?: boolean;
  params?: Record<string, number | boolean>;
}

export async function runPreset(
  policy: CompiledPolicy,
  machineName: string,
  workloadName: string,
  durationNs: number,
  opts: PresetRunOptions = {},
): Promise<PresetRun> {
  const machine = await loadMachine(machineName);
  const { workload } = await loadWorkload(workloadName, { ncpus: machine.cpus.length });
  const raw = await runSimulation(
    runRequest(policy, machine, workload, {
      params: opts.params ?? {},
      seed: opts.seed ?? 1,
      durationNs,
      trace: opts.trace ?? false,
    }),
  );
  return {
    raw,
    result: summarize(raw),
    llcOf: machine.cpus.map((c) => c.llc),
    typeOf: machine.cpus.map((c) => c.type),
  };
}

/** Migrations whose previous and new CPU sit in different LLCs (from the trace's MIGRATE records). */
export function crossLlcMigrations(run: PresetRun): number {
  if (!run.raw.trace) throw new Error("run without a trace");
  let n = 0;
  for (const r of traceRecords(run.raw.trace)) {
    if (r.kind === TraceKind.MIGRATE && run.llcOf[r.cpu] !== run.llcOf[r.aux]) n++;
  }
  return n;
}

/** CPU time (ns) of one workload group by core type, from the trace's CREATE and RUN records. */
export function groupTimeByType(run: PresetRun, group: string): Record<string, number> {
  if (!run.raw.trace) throw new Error("run without a trace");
  const gi = run.raw.request.groupNames.indexOf(group);
  const inGroup = new Set<number>();
  const out: Record<string, number> = {};
  for (const r of traceRecords(run.raw.trace)) {
    if (r.kind === TraceKind.CREATE && r.aux === gi) inGroup.add(r.pid);
    else if (r.kind === TraceKind.RUN && inGroup.has(r.pid)) {
      const t = run.typeOf[r.cpu] ?? "?";
      out[t] = (out[t] ?? 0) + (r.t1 - r.t0);
    }
  }
  return out;
}

/** p99 wakeup latency of one workload group, in µs. */
export function groupP99Us(run: PresetRun, group: string): number {
  const g = run.result.groups[group];
  if (!g) throw new Error(`no group ${group}`);
  return g.wakeup_latency_ns.p99 / 1000;
}

/** "done", or the ejection with its reason, for test messages. */
export function exitText(run: PresetRun): string {
  const e = run.result.exit;
  return e.kind === "done"
    ? "done"
    : `ejected: ${e.reason ?? ""} in ${e.callback ?? "-"} at ${e.at_ns ?? "?"} ns`;
}

/**
 * Machine × workload pairs every ported policy must survive: homogeneous, big/LITTLE without
 * and with SMT, SMT with two LLCs, many LLCs over NUMA nodes, two sockets.
 */
export const SMOKE_MATRIX: [machine: string, workload: string][] = [
  ["raspberry-pi-5", "desktop"],
  ["apple-m1", "biglittle"],
  ["i9-12900k", "game60"],
  ["ryzen-9-7950x", "schbench"],
  ["epyc-9654-nps4", "server"],
  ["xeon-6326-2s", "make"],
];

/** Simulated time of each smoke run. */
export const SMOKE_NS = 200_000_000;

/**
 * The smoke tests every port has: each pair of SMOKE_MATRIX for SMOKE_NS without ejection.
 * `policy` is read when the tests run (after the file's beforeAll has compiled it).
 */
export function smokeTests(policy: () => CompiledPolicy): void {
  test.each(SMOKE_MATRIX)(
    "runs %s with %s for 200 ms without being ejected",
    async (machine, workload) => {
      const run = await runPreset(policy(), machine, workload, SMOKE_NS);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(run.result.summary.tasks_started).toBeGreaterThan(0);
      expect(run.result.summary.utilization).toBeGreaterThan(0);
    },
  );
}

/**
 * The locality test of the LLC-aware ports (rusty, p2dq): on many-LLC EPYCs, fewer than half
 * of simple's cross-LLC migrations on biglittle over 300 ms.
 */
export function llcLocalityTests(
  name: string,
  policy: () => CompiledPolicy,
  simple: () => CompiledPolicy,
): void {
  test.each(["epyc-9654-nps1", "epyc-9654-nps4"])(
    "migrates biglittle's tasks across LLCs less than simple on %s",
    async (machine) => {
      const base = await runPreset(simple(), machine, "biglittle", 300_000_000, { trace: true });
      const run = await runPreset(policy(), machine, "biglittle", 300_000_000, { trace: true });
      const a = crossLlcMigrations(base);
      const b = crossLlcMigrations(run);
      const msg = `${machine} biglittle 300 ms: cross-LLC migrations ${name} ${b} vs simple ${a} (all migrations ${run.result.summary.migrations} vs ${base.result.summary.migrations})`;
      console.log(msg);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(b, msg).toBeLessThan(a / 2);
    },
  );
}
