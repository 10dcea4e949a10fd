// Fairness as Jain's index of CPU time per weight. A weighted-fair scheduler gives every task
// that always wanted the CPU the same CPU time per unit of weight; the index is 1 when it does
// and falls towards 1/n as one task takes everything.

import { TASK_STAT, TASK_STRIDE } from "./layout.ts";

/** Jain's index (Σx)² / (n·Σx²) of the values; null for no values or all zero. */
export function jainIndex(xs: readonly number[]): number | null {
  let sum = 0;
  let sumSq = 0;
  for (const x of xs) {
    sum += x;
    sumSq += x * x;
  }
  if (xs.length === 0 || sumSq === 0) return null;
  return (sum * sum) / (xs.length * sumSq);
}

/**
 * Jain's index of cpu_time / weight over the tasks whose share a fair scheduler should have
 * equalised: created at time 0, alive at the end, and never blocked (task stats [6] == 1). A
 * task that slept or joined late wanted less CPU, so its smaller share is not unfairness.
 */
export function fairnessJain(taskStats: Float64Array): number | null {
  const xs: number[] = [];
  for (let i = 0; i + TASK_STRIDE <= taskStats.length; i += TASK_STRIDE) {
    const alwaysRunnable = taskStats[i + TASK_STAT.alwaysRunnable] === 1;
    const wholeRun = taskStats[i + TASK_STAT.startNs] <= 0 && taskStats[i + TASK_STAT.endNs] < 0;
    const weight = taskStats[i + TASK_STAT.weight];
    if (alwaysRunnable && wholeRun && weight > 0) {
      xs.push(taskStats[i + TASK_STAT.cpuTimeNs] / weight);
    }
  }
  return jainIndex(xs);
}
