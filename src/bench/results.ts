// The `{ "results": [ … ] }` document of `bench --out` and `compare --json` (CONTRACT.md
// "`bench` and `compare` results"): one element per cell — the whole `run --json` result — plus
// what this implementation adds beside `results` (summaries, errors, the bench's description).
// Also the identity of a cell, which resume, shards and merge all go by.

import { summarize } from "../metrics/summary.ts";
import type { RawRun, RunResult } from "../sim/types.ts";
import { type CompactHistograms, compactRunHistograms } from "./histo.ts";
import type { KnobValue } from "./params.ts";

/** A cell's result: the run's contract result, plus extras (docs/benchmarking.md). */
export interface ResultElement extends RunResult {
  /** Extra: the simulated time asked for (the run's `simulated_ns` is less after an ejection). */
  duration_ns?: number;
  /** Extra: hash of the policy's build, to notice a changed policy on --resume. */
  policy_hash?: string;
  /** Extra: compact latency histograms for the report's CDFs (src/bench/histo.ts). */
  histograms?: CompactHistograms;
}

/** A cell that produced no result (the simulation failed, as opposed to the policy being ejected). */
export interface CellError {
  policy: string;
  params: Record<string, KnobValue>;
  machine: string;
  workload: string;
  seed: number;
  duration_ns?: number;
  error: string;
}

/** One column of the matrix: a policy with one setting of its knobs. */
export interface Variant {
  policy: string;
  params: Record<string, KnobValue>;
  /** Column header: the policy's name, with the swept knobs when it has several variants. */
  label: string;
}

export interface BenchMeta {
  /** Version of this document's extras. */
  format: 1;
  matrix: {
    /** --policy as given. */
    policies: string[];
    variants: Variant[];
    machines: string[];
    workloads: string[];
    seeds: number[];
    /** --duration, or null for each workload's own. */
    duration_ns: number | null;
  };
  /** Cells of the whole matrix. */
  cells: number;
  /** This file's part of the matrix, or null for the whole. */
  shard: { index: number; count: number } | null;
  jobs?: number;
  started_at?: string;
  finished_at?: string;
  wall_s?: number;
  /** Every cell of the (shard's) matrix has a result or an error. */
  complete: boolean;
}

export interface ResultsDoc {
  results: ResultElement[];
  [extra: string]: unknown;
}

type CellId = Pick<RunResult, "policy" | "params" | "machine" | "workload" | "seed">;

/** Params in key order, so that the same setting always reads the same. */
export function canonicalParams(params: Record<string, KnobValue>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );
}

/** The identity of a cell: policy, params, machine, workload and seed. */
export function cellKey(c: CellId): string {
  return [c.policy, canonicalParams(c.params), c.machine, c.workload, String(c.seed)].join(
    "\u0000",
  );
}

export function variantKey(v: { policy: string; params: Record<string, KnobValue> }): string {
  return `${v.policy}\u0000${canonicalParams(v.params)}`;
}

/** "simple (slice_ns=1000000) on cpus-2 / desktop, seed 3", for messages. */
export function describeCell(c: CellId): string {
  const params = Object.entries(c.params);
  const p = params.length ? ` (${params.map(([k, v]) => `${k}=${v}`).join(", ")})` : "";
  return `${c.policy}${p} on ${c.machine} / ${c.workload}, seed ${c.seed}`;
}

/** The element of `results` for one finished simulation. */
export function resultElement(
  raw: RawRun,
  extras: { durationNs: number; policyHash?: string },
): ResultElement {
  return {
    ...summarize(raw),
    duration_ns: extras.durationNs,
    ...(extras.policyHash ? { policy_hash: extras.policyHash } : {}),
    histograms: compactRunHistograms(raw),
  };
}

/** A result without the fields that differ between two runs of the same cell (wall time). */
export function comparable(r: ResultElement): Omit<ResultElement, "wall_ms"> {
  const { wall_ms: _wall, ...rest } = r;
  return rest;
}

/**
 * The document as text: top-level keys one per line, and each element of `results` and
 * `errors` on a line of its own (greppable, and far shorter than indenting every histogram).
 */
export function stringifyDoc(doc: Record<string, unknown>): string {
  const parts = Object.entries(doc)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (Array.isArray(v)) {
        const items = v.map((x) => `    ${JSON.stringify(x)}`).join(",\n");
        return `  ${JSON.stringify(k)}: [${v.length ? `\n${items}\n  ` : ""}]`;
      }
      return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
    });
  return `{\n${parts.join(",\n")}\n}\n`;
}
