// Progress of a bench on stderr. On a terminal: one line redrawn in place (a bar, cells done,
// ejections and failures, elapsed time and an ETA). Elsewhere (CI logs, pipes, files): plain
// lines without control characters — one each time another tenth of the matrix is done or 10 s
// have passed, one per ejected or failed cell, and a last one.
//
// The ETA weighs each cell by its simulated duration and counts the part of the running cells
// already simulated, so it moves smoothly when cells are few and long.

import { exitText } from "../cli/summaryText.ts";
import type { MatrixCell } from "./matrix.ts";
import { describeCell } from "./results.ts";
import type { CellOutcome } from "./runner.ts";

export type ProgressMode = "bar" | "plain" | "none";

export interface Progress {
  start(cells: readonly MatrixCell[], skipped: number): void;
  cellStarted(cell: MatrixCell): void;
  cellProgress(cell: MatrixCell, simNs: number): void;
  cellDone(outcome: CellOutcome): void;
  /** The last line; `interrupted` when the bench was stopped before the end. */
  finish(interrupted?: boolean): void;
}

export interface ProgressOptions {
  /** Terminal width for the bar (default 80). */
  columns?: number;
  now?: () => number;
  /** Plain mode: longest time between two lines (default 10 s). */
  intervalMs?: number;
  /** Bar mode: shortest time between two redraws (default 100 ms). */
  redrawMs?: number;
}

/** The identity of a cell, as its result would name it. */
export function cellId(c: MatrixCell) {
  return {
    policy: c.variant.policy,
    params: c.variant.params,
    machine: c.machine,
    workload: c.workload,
    seed: c.seed,
  };
}

/** "0:07", "12:34", "1:02:03". */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function createProgress(
  mode: ProgressMode,
  write: (text: string) => void,
  opts: ProgressOptions = {},
): Progress {
  const now = opts.now ?? (() => performance.now());
  const intervalMs = opts.intervalMs ?? 10_000;
  const redrawMs = opts.redrawMs ?? 100;
  let total = 0;
  let skipped = 0;
  let done = 0;
  let ejected = 0;
  let failed = 0;
  let totalWork = 0;
  let doneWork = 0;
  const running = new Map<MatrixCell, number>();
  let t0 = 0;
  let lastLine = 0;
  let lastTenth = 0;
  let lastDraw = -Infinity;
  let barShown = false;

  const workDone = () => {
    let w = doneWork;
    for (const [cell, ns] of running) w += Math.min(ns, cell.durationNs);
    return w;
  };
  const eta = (): string => {
    const elapsed = now() - t0;
    const w = workDone();
    // Too early to tell: nothing finished and under 5 % simulated (worker start-up dominates).
    if (w <= 0 || elapsed <= 0 || (done === 0 && w < 0.05 * totalWork)) return "?";
    return clock((elapsed * (totalWork - w)) / w);
  };
  const counts = () =>
    [ejected ? `${ejected} ejected` : "", failed ? `${failed} failed` : ""]
      .filter(Boolean)
      .join(", ");

  const plainLine = (final = false, interrupted = false) => {
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const extra = counts();
    const skip = skipped ? `, ${skipped} already done` : "";
    const tail = final
      ? interrupted
        ? `, interrupted after ${clock(now() - t0)}`
        : `, took ${clock(now() - t0)}`
      : `, elapsed ${clock(now() - t0)}, ETA ${eta()}`;
    return `bench: ${done}/${total} cells (${pct} %)${extra ? `, ${extra}` : ""}${skip}${tail}\n`;
  };

  const barLine = () => {
    const pct = total > 0 ? workDone() / totalWork : 1;
    const extra = counts();
    const right = ` ${String(Math.floor(pct * 100)).padStart(3)} %  ${done}/${total}${extra ? `  ${extra}` : ""}  ${clock(now() - t0)}  ETA ${eta()}`;
    const width = Math.max(10, Math.min(40, (opts.columns || 80) - right.length - 9));
    const filled = Math.min(width, Math.round(pct * width));
    return `bench [${"#".repeat(filled)}${"-".repeat(width - filled)}]${right}`;
  };
  const draw = (force = false) => {
    if (mode !== "bar") return;
    const t = now();
    if (!force && t - lastDraw < redrawMs) return;
    lastDraw = t;
    write(`\r${barLine()}\x1b[K`);
    barShown = true;
  };
  /** A line of its own (ejections, failures): above the bar on a terminal. */
  const message = (text: string) => {
    if (mode === "none") return;
    if (mode === "bar" && barShown) write("\r\x1b[K");
    write(text);
    if (mode === "bar") draw(true);
  };

  return {
    start(cells, skip) {
      t0 = now();
      total = cells.length;
      skipped = skip;
      totalWork = cells.reduce((a, c) => a + c.durationNs, 0);
      lastLine = t0;
      if (mode === "plain") {
        write(`bench: ${total} cells to run${skip ? ` (${skip} already done, skipped)` : ""}\n`);
      }
      draw(true);
    },
    cellStarted(cell) {
      running.set(cell, 0);
      draw();
    },
    cellProgress(cell, simNs) {
      if (running.has(cell)) running.set(cell, simNs);
      draw();
    },
    cellDone(o) {
      running.delete(o.cell);
      done++;
      doneWork += o.cell.durationNs;
      if (o.error !== undefined) {
        failed++;
        message(`bench: failed: ${describeCell(cellId(o.cell))}: ${o.error}\n`);
      } else if (o.result && o.result.exit.kind !== "done") {
        ejected++;
        message(`bench: ${describeCell(o.result)}: ${exitText(o.result.exit)}\n`);
      }
      if (mode === "plain") {
        const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
        const t = now();
        if (done < total && (tenth > lastTenth || t - lastLine >= intervalMs)) {
          lastTenth = tenth;
          lastLine = t;
          write(plainLine());
        }
      }
      draw(done === total);
    },
    finish(interrupted = false) {
      if (mode === "none") return;
      if (mode === "bar" && barShown) write("\r\x1b[K");
      write(plainLine(true, interrupted));
    },
  };
}
