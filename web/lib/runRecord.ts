// One finished run as the page keeps it: what was asked, what came back, and the derived views.
import type { Machine } from "../../src/config/machine.ts";
import { summarize } from "../../src/metrics/summary.ts";
import type { RawRun, RunResult } from "../../src/sim/types.ts";
import type { AppState } from "./appState.ts";
import { resolveWorkload } from "./runSetup.ts";
import { buildTimelineIndex, groupOfPid, type TimelineIndex } from "./timelineIndex.ts";

export interface RunRecord {
  id: number;
  /** e.g. "#3 simple · apple-m1 · desktop · seed 1" */
  label: string;
  state: AppState;
  machine: Machine;
  raw: RawRun;
  result: RunResult;
  /** Built on first use. */
  timeline?: TimelineIndex;
}

let nextId = 1;

export function makeRunRecord(state: AppState, machine: Machine, raw: RawRun): RunRecord {
  const id = nextId++;
  const result = summarize(raw);
  const label = `#${id} ${result.policy} · ${result.machine} · ${result.workload} · seed ${result.seed}`;
  return { id, label, state: structuredClone(state), machine, raw, result };
}

export function timelineOf(run: RunRecord): TimelineIndex {
  run.timeline ??= buildTimelineIndex(run.raw.trace, run.raw.ncpus, groupOfPid(run.raw.taskStats));
  return run.timeline;
}

const groupCpusCache = new WeakMap<RunRecord, (group: number) => number[] | undefined>();

/**
 * The affinity of each group of the run's workload, for the task inspector. Resolved once per
 * run (the workload is parsed again from the run's state); a workload that no longer resolves
 * gives no affinities rather than an error.
 */
export function groupCpusOf(run: RunRecord): (group: number) => number[] | undefined {
  let f = groupCpusCache.get(run);
  if (!f) {
    try {
      const w = resolveWorkload(run.state, run.raw.ncpus);
      f = (g) => w.groups[g]?.cpus;
    } catch {
      f = () => undefined;
    }
    groupCpusCache.set(run, f);
  }
  return f;
}
