// `scx-playground compare`: several policies (and knob settings) on the same machine, workload
// and seeds, run in parallel on worker threads, shown side by side with the statistics of
// docs/benchmarking.md, or written as `{ "results": [...] }` with summaries, CSV or Markdown.

import { type Column, STATISTICS, summaries } from "../../bench/aggregate.ts";
import { buildMatrix } from "../../bench/matrix.ts";
import { ALL_METRICS, groupMetrics } from "../../bench/metrics.ts";
import { type ResultElement, resultElement, stringifyDoc } from "../../bench/results.ts";
import { summariesCsv } from "../../bench/table.ts";
import { parseRunOptions } from "../args.ts";
import { compareText } from "../compareText.ts";
import type { Deps } from "../deps.ts";
import type { Io } from "../io.ts";
import { cellFileName, checkWritable, writeOutputs } from "../outputs.ts";

export { uniqueLabels } from "../../bench/aggregate.ts";

export async function compareCommand(argv: string[], io: Io, deps: Deps): Promise<number> {
  const opts = parseRunOptions("compare", argv);
  if (opts.trace !== undefined) await checkWritable("--trace", opts.trace);
  if (opts.log !== undefined) await checkWritable("--log", opts.log);
  const matrix = await buildMatrix(
    {
      policies: opts.policies,
      params: { params: opts.params, sweep: opts.sweep ?? {} },
      machines: opts.machine !== undefined ? [opts.machine] : [],
      cpus: opts.cpus !== undefined ? [opts.cpus] : [],
      workloads: [opts.workload],
      seeds: opts.seeds,
      durationNs: opts.durationNs,
      trace: opts.trace !== undefined,
      log: opts.log !== undefined,
    },
    deps,
    io,
    { allowSameName: true },
  );
  const { cells } = matrix;
  const raws = await Promise.all(cells.map((c) => deps.simulate(c.request())));

  // Cells come column by column (policy, then knob setting), each with every seed in order.
  const nseeds = opts.seeds.length;
  const columns: Column[] = matrix.variants.map((v) => ({
    label: v.label,
    policy: v.policy,
    params: v.params,
    results: [],
  }));
  const results: ResultElement[] = [];
  for (const [i, cell] of cells.entries()) {
    const column = columns[Math.floor(i / nseeds)];
    const file = (f: string | undefined) =>
      f === undefined ? undefined : cellFileName(f, column.label, cell.seed, nseeds > 1);
    await writeOutputs(raws[i], { trace: file(opts.trace), log: file(opts.log) });
    const result = resultElement(raws[i], {
      durationNs: cell.durationNs,
      policyHash: cell.policy.hash,
    });
    results.push(result);
    column.results.push(result);
  }

  if (opts.json || opts.csv) {
    // One block: the columns as the table shows them (simple#2 for a policy named twice).
    const first = cells[0];
    const block = { machine: first?.machine ?? "", workload: first?.workload ?? "", columns };
    const groupNames = Object.keys(results[0]?.groups ?? {});
    const metrics = [...ALL_METRICS, ...groupMetrics(groupNames)];
    const sums = summaries(cells.length ? [block] : [], metrics);
    io.out(
      opts.csv
        ? summariesCsv(sums, metrics)
        : stringifyDoc({ results, summaries: sums, statistics: STATISTICS }),
    );
    return 0;
  }
  io.out(compareText(columns, { format: opts.markdown ? "markdown" : "text" }));
  return 0;
}
