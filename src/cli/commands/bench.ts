// `scx-playground bench`: the whole matrix — policies × knob settings × machines × workloads ×
// seeds — on a pool of worker threads, with progress on stderr, each result journalled as it
// finishes (so `--resume` can skip finished cells), and a summary table per machine × workload
// at the end. A cell whose policy is ejected is a result like any other; a cell whose
// simulation fails is reported and the bench goes on (exit status 1 at the end).

import { existsSync } from "node:fs";
import {
  type Block,
  groupBlocks,
  STATISTICS,
  type SummaryEntry,
  summaries,
} from "../../bench/aggregate.ts";
import { buildMatrix, inShard, type MatrixCell } from "../../bench/matrix.ts";
import { ALL_METRICS } from "../../bench/metrics.ts";
import { cellId, createProgress, type ProgressMode } from "../../bench/progress.ts";
import {
  type BenchMeta,
  type CellError,
  cellKey,
  describeCell,
  type ResultElement,
  stringifyDoc,
} from "../../bench/results.ts";
import { poolFromSimulate, runCells } from "../../bench/runner.ts";
import {
  JournalWriter,
  journalPath,
  matrixKeys,
  readDoc,
  readJournal,
  sortByMatrix,
  writeAtomic,
} from "../../bench/store.ts";
import { legend, summariesCsv } from "../../bench/table.ts";
import { InputError } from "../../errors.ts";
import { type BenchOptions, parseBenchOptions } from "../args.ts";
import { compareText } from "../compareText.ts";
import type { Deps } from "../deps.ts";
import { fmtNs } from "../format.ts";
import type { Io } from "../io.ts";
import { checkWritable, writeOutputs } from "../outputs.ts";

/** Exit status of a bench stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** What a previous run of the same bench left: its results file and its journal, joined. */
function previousResults(out: string, io: Io): { results: ResultElement[]; errors: CellError[] } {
  const byKey = new Map<string, ResultElement>();
  const errors: CellError[] = [];
  const file = existsSync(out) ? readDoc(out) : null;
  const journal = readJournal(journalPath(out));
  if (!file && !journal) {
    io.err(`bench: --resume: neither ${out} nor ${journalPath(out)} exists; running every cell\n`);
  }
  // The journal is newer than the file: its results win.
  for (const r of [...(file?.results ?? []), ...(journal?.results ?? [])]) byKey.set(cellKey(r), r);
  for (const e of [
    ...((file?.errors as CellError[] | undefined) ?? []),
    ...(journal?.errors ?? []),
  ]) {
    if (!byKey.has(cellKey(e))) errors.push(e);
  }
  return { results: [...byKey.values()], errors };
}

function progressMode(opts: BenchOptions, io: Io): ProgressMode {
  if (opts.progress !== "auto") return opts.progress;
  return io.errIsTTY === true ? "bar" : "plain";
}

function cellTraceName(file: string, cell: MatrixCell): string {
  const dot = file.lastIndexOf(".");
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  const [base, ext] = dot > slash + 1 ? [file.slice(0, dot), file.slice(dot)] : [file, ""];
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.=-]+/g, "_");
  return `${base}.${safe(cell.variant.label)}.${safe(cell.machine)}.${safe(cell.workload)}.seed${cell.seed}${ext}`;
}

/** Ejections and failures under the tables: per column, each distinct reason with its seeds. */
function problemsText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    for (const c of b.columns) {
      const reasons = new Map<string, number[]>();
      for (const r of c.results) {
        if (r.exit.kind === "done") continue;
        const why = `ejected: ${r.exit.reason ?? "(no reason given)"}${r.exit.callback ? ` (in ${r.exit.callback})` : ""}`;
        reasons.set(why, [...(reasons.get(why) ?? []), r.seed]);
      }
      for (const e of c.errors ?? []) {
        const why = `failed: ${e.error}`;
        reasons.set(why, [...(reasons.get(why) ?? []), e.seed]);
      }
      for (const [why, seeds] of reasons) {
        lines.push(
          `  ${c.label} on ${b.machine} / ${b.workload}, seed${seeds.length > 1 ? "s" : ""} ${seeds.join(",")}: ${why}`,
        );
      }
    }
  }
  return lines.length ? `ejected or failed cells:\n${lines.join("\n")}\n` : "";
}

export async function benchCommand(argv: string[], io: Io, deps: Deps): Promise<number> {
  return runBench(parseBenchOptions(argv), io, deps);
}

/**
 * The bench of parsed options. `signal` stops it as Ctrl-C does (tests); Ctrl-C itself is
 * handled here while the cells run.
 */
export async function runBench(
  opts: BenchOptions,
  io: Io,
  deps: Deps,
  control: { signal?: AbortSignal } = {},
): Promise<number> {
  if (opts.out !== undefined) await checkWritable("--out", opts.out);
  if (opts.trace !== undefined) await checkWritable("--trace", opts.trace);
  if (opts.log !== undefined) await checkWritable("--log", opts.log);
  const startedAt = new Date();

  const matrix = await buildMatrix(
    {
      policies: opts.policies,
      params: opts.params,
      machines: opts.machines,
      cpus: opts.cpus,
      workloads: opts.workloads,
      seeds: opts.seeds,
      durationNs: opts.durationNs,
      trace: opts.trace !== undefined,
      log: opts.log !== undefined,
    },
    deps,
    io,
  );
  const mine = matrix.cells.filter((c) => inShard(c.index, opts.shard));

  // --resume: skip the cells a previous run finished (with the same duration and build).
  let kept: ResultElement[] = [];
  let keptErrors: CellError[] = [];
  const todo: MatrixCell[] = [];
  let skipped = 0;
  if (opts.resume && opts.out !== undefined) {
    const prev = previousResults(opts.out, io);
    const byKey = new Map(prev.results.map((r) => [cellKey(r), r]));
    let rebuilt = 0;
    for (const cell of mine) {
      const r = byKey.get(cell.key);
      if (!r) {
        todo.push(cell);
        continue;
      }
      if (r.duration_ns !== undefined && r.duration_ns !== cell.durationNs) {
        throw new InputError(
          `--resume: ${opts.out} has ${describeCell(r)} simulated for ${fmtNs(r.duration_ns)}, this bench asks for ${fmtNs(cell.durationNs)} (give the same --duration, or another --out)`,
        );
      }
      if (r.policy_hash !== undefined && r.policy_hash !== cell.policy.hash) {
        rebuilt++;
        byKey.delete(cell.key);
        todo.push(cell);
        continue;
      }
      skipped++;
    }
    if (rebuilt > 0) {
      io.err(
        `bench: --resume: ${rebuilt} finished cell${rebuilt > 1 ? "s were" : " was"} run with another build of ${rebuilt > 1 ? "their policies" : "its policy"} (the policy or the engine changed); running ${rebuilt > 1 ? "them" : "it"} again\n`,
      );
    }
    kept = [...byKey.values()];
    const todoKeys = new Set(todo.map((c) => c.key));
    keptErrors = prev.errors.filter((e) => !todoKeys.has(cellKey(e)) && !byKey.has(cellKey(e)));
  } else {
    todo.push(...mine);
    if (opts.out !== undefined && existsSync(journalPath(opts.out))) {
      io.err(
        `warning: discarding the results of an interrupted bench in ${journalPath(opts.out)} (use --resume to keep them)\n`,
      );
    }
  }

  const meta: BenchMeta = {
    format: 1,
    matrix: {
      policies: opts.policies,
      variants: matrix.variants,
      machines: matrix.machines,
      workloads: matrix.workloads,
      seeds: opts.seeds,
      duration_ns: opts.durationNs ?? null,
    },
    cells: matrix.cells.length,
    shard: opts.shard,
    jobs: opts.jobs,
    started_at: startedAt.toISOString(),
    complete: false,
  };
  const journal =
    opts.out !== undefined ? new JournalWriter(journalPath(opts.out), meta) : undefined;
  for (const r of kept) journal?.result(r);
  for (const e of keptErrors) journal?.error(e);

  // Ctrl-C: stop starting cells, abandon the running ones, and still write what is done.
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    io.err("\nbench: interrupted; writing the finished cells (Ctrl-C again to quit at once)\n");
    abort.abort(new Error("interrupted"));
  };
  process.on("SIGINT", onSigint);
  const onOuterAbort = () => abort.abort(control.signal?.reason);
  if (control.signal?.aborted) onOuterAbort();
  control.signal?.addEventListener("abort", onOuterAbort, { once: true });

  const progress = createProgress(progressMode(opts, io), (t) => io.err(t), {
    columns: io.errColumns,
  });
  const pool = deps.openPool ? await deps.openPool(opts.jobs) : poolFromSimulate(deps.simulate);
  const fresh: ResultElement[] = [];
  const errors: CellError[] = [];
  try {
    progress.start(todo, skipped);
    await runCells(todo, pool, {
      jobs: opts.jobs,
      signal: abort.signal,
      onStart: (c) => progress.cellStarted(c),
      onProgress: (c, ns) => progress.cellProgress(c, ns),
      onRaw: async (cell, raw) => {
        const file = (f: string | undefined) =>
          f === undefined ? undefined : cellTraceName(f, cell);
        await writeOutputs(raw, { trace: file(opts.trace), log: file(opts.log) });
      },
      onDone: (o) => {
        if (o.result) {
          fresh.push(o.result);
          journal?.result(o.result);
        } else {
          const e: CellError = {
            ...cellId(o.cell),
            duration_ns: o.cell.durationNs,
            error: o.error ?? "unknown error",
          };
          errors.push(e);
          journal?.error(e);
        }
        progress.cellDone(o);
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
    control.signal?.removeEventListener("abort", onOuterAbort);
    await pool.close();
  }
  const interrupted = abort.signal.aborted;
  progress.finish(interrupted);

  const keys = matrixKeys(meta.matrix);
  const results = sortByMatrix([...kept, ...fresh], keys);
  const allErrors = sortByMatrix([...keptErrors, ...errors], keys);
  const finished = new Set([...results, ...allErrors].map(cellKey));
  meta.complete = mine.every((c) => finished.has(c.key));
  meta.finished_at = new Date().toISOString();
  meta.wall_s = (Date.now() - startedAt.getTime()) / 1000;

  const blocks = groupBlocks(results, allErrors, matrix.variants);
  const sums: SummaryEntry[] = summaries(blocks, ALL_METRICS);
  const doc = {
    results,
    summaries: sums,
    errors: allErrors,
    statistics: STATISTICS,
    bench: meta,
  };
  const text = stringifyDoc(doc);
  if (opts.out !== undefined) {
    writeAtomic(opts.out, text);
    journal?.close(true);
  }

  if (opts.format === "json") io.out(text);
  else if (opts.format === "csv") io.out(summariesCsv(sums, ALL_METRICS));
  else {
    const format = opts.format === "markdown" ? "markdown" : "text";
    const shard = opts.shard
      ? `, shard ${opts.shard.index}/${opts.shard.count}: ${mine.length} cells`
      : "";
    const head = `bench: ${matrix.cells.length} cells (${matrix.machines.length} machine${matrix.machines.length === 1 ? "" : "s"} × ${matrix.workloads.length} workload${matrix.workloads.length === 1 ? "" : "s"} × ${matrix.variants.length} polic${matrix.variants.length === 1 ? "y" : "ies"} × ${opts.seeds.length} seed${opts.seeds.length === 1 ? "" : "s"})${shard}\n`;
    const tables = blocks.map((b) =>
      compareText(b.columns, { format, rows: "headline", legend: false }),
    );
    const several = opts.seeds.length > 1;
    const baseline = matrix.variants[0]?.label ?? "the first policy";
    if (several && tables.length) tables.push(legend(baseline, format).trimStart());
    const ejected = results.filter((r) => r.exit.kind !== "done").length;
    const saved =
      opts.out !== undefined
        ? `results: ${opts.out} (${results.length} results, ${ejected} ejected, ${allErrors.length} failed${meta.complete ? "" : "; incomplete: run again with --resume"})\n`
        : "";
    io.out([head, ...tables, problemsText(blocks) + saved].filter(Boolean).join("\n"));
  }
  if (interrupted) return EXIT_INTERRUPTED;
  return errors.length > 0 ? 1 : 0;
}
