// `scx-playground compare`: several policies on the same machine, workload and seeds, run in
// parallel on worker threads, shown side by side or as `{ "results": [...] }`.

import { summarize } from "../../metrics/summary.ts";
import type { RunResult } from "../../sim/types.ts";
import { parseRunOptions } from "../args.ts";
import { type Column, compareText } from "../compareText.ts";
import type { Deps } from "../deps.ts";
import type { Io } from "../io.ts";
import { cellFileName, checkWritable, writeOutputs } from "../outputs.ts";
import { prepareCells } from "../setup.ts";

export async function compareCommand(argv: string[], io: Io, deps: Deps): Promise<number> {
  const opts = parseRunOptions("compare", argv);
  if (opts.trace !== undefined) await checkWritable("--trace", opts.trace);
  if (opts.log !== undefined) await checkWritable("--log", opts.log);
  const cells = await prepareCells(opts, deps, io, true);
  const raws = await Promise.all(cells.map((c) => deps.simulate(c.request)));

  // Cells come policy by policy, each with every seed in order.
  const nseeds = opts.seeds.length;
  const labels = uniqueLabels(cells.filter((_, i) => i % nseeds === 0).map((c) => c.policy.name));
  const columns: Column[] = labels.map((label) => ({ label, results: [] }));
  const results: RunResult[] = [];
  for (const [i, cell] of cells.entries()) {
    const column = columns[Math.floor(i / nseeds)];
    const file = (f: string | undefined) =>
      f === undefined ? undefined : cellFileName(f, column.label, cell.seed, nseeds > 1);
    await writeOutputs(raws[i], { trace: file(opts.trace), log: file(opts.log) });
    const result = summarize(raws[i]);
    results.push(result);
    column.results.push(result);
  }

  io.out(opts.json ? `${JSON.stringify({ results }, null, 2)}\n` : compareText(columns));
  return 0;
}

/** Names made distinct for column headers and file names: simple, simple#2, … */
export function uniqueLabels(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}#${k}`;
  });
}
