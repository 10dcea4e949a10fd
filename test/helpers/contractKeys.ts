// The keys of CONTRACT.md's run result and of its summary, checked both on the JSON the CLI
// prints and on what src/metrics builds: one list, so the two tests cannot drift apart.
import { expect } from "vitest";

export const RESULT_KEYS = [
  "policy",
  "params",
  "machine",
  "workload",
  "seed",
  "simulated_ns",
  "wall_ms",
  "events",
  "exit",
  "summary",
  "groups",
  "cpus",
];

export const SUMMARY_KEYS = [
  "context_switches",
  "migrations",
  "utilization",
  "fairness_jain",
  "energy_j",
  "wakeup_latency_ns",
  "run_delay_ns",
  "response_ns",
  "tasks_started",
  "tasks_exited",
  "deadline_misses",
  "deadlines",
];

/** `r` has every key of the contract's result and of its summary (and maybe more). */
export function expectContractKeys(r: { summary: object }): void {
  expect(Object.keys(r)).toEqual(expect.arrayContaining(RESULT_KEYS));
  expect(Object.keys(r.summary)).toEqual(expect.arrayContaining(SUMMARY_KEYS));
}
