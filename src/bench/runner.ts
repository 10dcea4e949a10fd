// Runs the cells of a matrix on a pool of simulation workers, `jobs` at a time, and reports
// each as it finishes. A cell whose simulation fails (as opposed to a policy being ejected,
// which is a result) becomes an error outcome; the other cells go on. Aborting stops starting
// cells and abandons the ones in flight.

import type { SimPool } from "../cli/deps.ts";
import type { RawRun } from "../sim/types.ts";
import type { MatrixCell } from "./matrix.ts";
import { type ResultElement, resultElement } from "./results.ts";

export interface CellOutcome {
  cell: MatrixCell;
  result?: ResultElement;
  /** Why the cell has no result. */
  error?: string;
  /** Host time from starting the cell to its result. */
  wallMs: number;
}

export interface RunCellsOptions {
  jobs: number;
  signal?: AbortSignal;
  onStart?(cell: MatrixCell): void;
  /** Simulated ns reached by a running cell, a few times a second. */
  onProgress?(cell: MatrixCell, simNs: number): void;
  /** The raw run before it is summarized (to write --trace/--log files). */
  onRaw?(cell: MatrixCell, raw: RawRun): Promise<void> | void;
  onDone?(outcome: CellOutcome): Promise<void> | void;
}

/** Outcomes in cell order; cells not run because of an abort are missing. */
export async function runCells(
  cells: readonly MatrixCell[],
  pool: SimPool,
  opts: RunCellsOptions,
): Promise<CellOutcome[]> {
  const outcomes: (CellOutcome | undefined)[] = new Array(cells.length);
  let next = 0;
  const lane = async () => {
    while (next < cells.length && !opts.signal?.aborted) {
      const i = next++;
      const cell = cells[i];
      opts.onStart?.(cell);
      const t0 = performance.now();
      let outcome: CellOutcome;
      try {
        const raw = await pool.run(cell.request(), {
          signal: opts.signal,
          onProgress: opts.onProgress ? (ns) => opts.onProgress?.(cell, ns) : undefined,
        });
        await opts.onRaw?.(cell, raw);
        const result = resultElement(raw, {
          durationNs: cell.durationNs,
          policyHash: cell.policy.hash,
        });
        outcome = { cell, result, wallMs: performance.now() - t0 };
      } catch (e) {
        if (opts.signal?.aborted) return;
        const message = e instanceof Error ? e.message : String(e);
        outcome = { cell, error: message, wallMs: performance.now() - t0 };
      }
      outcomes[i] = outcome;
      await opts.onDone?.(outcome);
    }
  };
  const lanes = Math.max(1, Math.min(opts.jobs, cells.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return outcomes.filter((o): o is CellOutcome => o !== undefined);
}

/**
 * A pool made of a plain `simulate` function (runCells keeps at most `jobs` runs going). An
 * abort rejects at once; the run itself goes on unobserved.
 */
export function poolFromSimulate(
  simulate: (req: Parameters<SimPool["run"]>[0]) => Promise<RawRun>,
): SimPool {
  return {
    run: (req, opts) => {
      const signal = opts?.signal;
      const aborted = () => signal?.reason ?? new Error("aborted");
      if (signal?.aborted) return Promise.reject(aborted());
      if (!signal) return simulate(req);
      return new Promise<RawRun>((resolve, reject) => {
        const onAbort = () => reject(aborted());
        signal.addEventListener("abort", onAbort, { once: true });
        simulate(req).then(
          (r) => {
            signal.removeEventListener("abort", onAbort);
            resolve(r);
          },
          (e) => {
            signal.removeEventListener("abort", onAbort);
            reject(e);
          },
        );
      });
    },
    close: async () => {},
  };
}
