// Turns the engine's raw numbers (RawRun) into the contract's run result (CONTRACT.md
// "A run's JSON result"). Every definition used here is spelled out in docs/metrics.md.

import type { LatencySummary, RawHistogram, RawRun, RunResult } from "../sim/types.ts";
import { fairnessJain } from "./fairness.ts";
import { mergeHistograms, summarizeHistogram } from "./histogram.ts";
import { COUNTER, CPU_STAT, CPU_STRIDE, GROUP_STAT, GROUP_STRIDE, METRIC } from "./layout.ts";

type Summary = RunResult["summary"];
type GroupResult = RunResult["groups"][string];
type CpuResult = RunResult["cpus"][number];

/** NaN is how the engine says "no energy model"; JSON wants null. */
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** busy / (n × span), 0 when there is no span to divide by. */
const fraction = (busy: number, n: number, spanNs: number): number =>
  n > 0 && spanNs > 0 ? busy / (n * spanNs) : 0;

function groupName(raw: RawRun, g: number): string {
  return raw.request.groupNames[g] ?? `group${g}`;
}

function latency(hists: RawHistogram[][], metric: number): LatencySummary {
  return summarizeHistogram(mergeHistograms(hists.map((byMetric) => byMetric[metric])));
}

function groupLatency(hists: RawHistogram[] | undefined, metric: number): LatencySummary {
  const h = hists?.[metric];
  return summarizeHistogram(h ?? mergeHistograms([]));
}

function cpus(raw: RawRun): CpuResult[] {
  const out: CpuResult[] = [];
  for (let c = 0; c < raw.ncpus; c++) {
    const at = c * CPU_STRIDE;
    const busy = raw.cpuStats[at + CPU_STAT.busyNs];
    out.push({
      id: c,
      busy_ns: busy,
      switches: raw.cpuStats[at + CPU_STAT.switches],
      energy_j: orNull(raw.cpuStats[at + CPU_STAT.energyJ]),
      type: raw.request.cpuTypeNames[raw.cpuTypes[c]] ?? String(raw.cpuTypes[c]),
      utilization: fraction(busy, 1, raw.simulatedNs),
    });
  }
  return out;
}

function utilizationByType(raw: RawRun, cpuResults: CpuResult[]): Record<string, number> {
  const busy = new Map<string, { busy: number; n: number }>();
  for (const c of cpuResults) {
    const key = c.type ?? "?";
    const acc = busy.get(key) ?? { busy: 0, n: 0 };
    acc.busy += c.busy_ns;
    acc.n += 1;
    busy.set(key, acc);
  }
  const out: Record<string, number> = {};
  for (const [type, { busy: b, n }] of busy) out[type] = fraction(b, n, raw.simulatedNs);
  return out;
}

function groups(raw: RawRun): Record<string, GroupResult> {
  const out: Record<string, GroupResult> = {};
  const ngroups = Math.max(raw.request.groupNames.length, raw.groupStats.length / GROUP_STRIDE);
  for (let g = 0; g < ngroups; g++) {
    const at = g * GROUP_STRIDE;
    const stat = (i: number) => raw.groupStats[at + i] ?? 0;
    const hists = raw.histograms[g];
    out[groupName(raw, g)] = {
      tasks: stat(GROUP_STAT.tasksStarted),
      cpu_time_ns: stat(GROUP_STAT.cpuTimeNs),
      wakeup_latency_ns: groupLatency(hists, METRIC.wakeupLatency),
      run_delay_ns: groupLatency(hists, METRIC.runDelay),
      response_ns: groupLatency(hists, METRIC.response),
      deadline_misses: stat(GROUP_STAT.deadlineMisses),
      deadlines: stat(GROUP_STAT.deadlines),
      tasks_exited: stat(GROUP_STAT.tasksExited),
    };
  }
  return out;
}

function summary(raw: RawRun, cpuResults: CpuResult[]): Summary {
  const k = raw.counters;
  const seconds = raw.simulatedNs / 1e9;
  return {
    context_switches: k[COUNTER.contextSwitches],
    migrations: k[COUNTER.migrations],
    utilization: fraction(k[COUNTER.busyNs], raw.ncpus, raw.simulatedNs),
    fairness_jain: fairnessJain(raw.taskStats),
    energy_j: orNull(k[COUNTER.energyJ]),
    wakeup_latency_ns: latency(raw.histograms, METRIC.wakeupLatency),
    run_delay_ns: latency(raw.histograms, METRIC.runDelay),
    response_ns: latency(raw.histograms, METRIC.response),
    tasks_started: k[COUNTER.tasksStarted],
    tasks_exited: k[COUNTER.tasksExited],
    deadline_misses: k[COUNTER.deadlineMisses],
    deadlines: k[COUNTER.deadlines],
    throughput_per_s: seconds > 0 ? k[COUNTER.tasksExited] / seconds : 0,
    utilization_by_type: utilizationByType(raw, cpuResults),
    overhead_ns: k[COUNTER.overheadNs],
    scx_events: {
      select_cpu_fallback: k[COUNTER.selectCpuFallback],
      dispatch_local_dsq_offline: k[COUNTER.dispatchLocalDsqOffline],
      dispatch_keep_last: k[COUNTER.dispatchKeepLast],
      spurious_dispatches: k[COUNTER.spuriousDispatches],
      zero_slice_refills: k[COUNTER.zeroSliceRefills],
    },
  };
}

function exit(raw: RawRun): RunResult["exit"] {
  const e = raw.exit;
  const out: RunResult["exit"] = { kind: e.kind };
  if (e.reason) out.reason = e.reason;
  if (e.callback) out.callback = e.callback;
  out.at_ns = e.atNs;
  return out;
}

/** The contract's result of one run. */
export function summarize(raw: RawRun): RunResult {
  const cpuResults = cpus(raw);
  return {
    policy: raw.request.policyName,
    params: raw.params,
    machine: raw.request.machineName,
    workload: raw.request.workloadName,
    seed: raw.request.seed,
    simulated_ns: raw.simulatedNs,
    wall_ms: raw.wallMs,
    events: raw.events,
    exit: exit(raw),
    summary: summary(raw, cpuResults),
    groups: groups(raw),
    cpus: cpuResults,
  };
}
