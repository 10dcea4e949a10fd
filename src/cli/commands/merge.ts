// `scx-playground merge A.json B.json … --out ALL.json`: joins the parts of a sharded bench
// (or any results files) into one — the union of their results, a cell found twice kept once
// when the two agree and an error when they differ — with the summaries recomputed.

import { groupBlocks, STATISTICS, summaries } from "../../bench/aggregate.ts";
import { ALL_METRICS } from "../../bench/metrics.ts";
import {
  type BenchMeta,
  type CellError,
  cellKey,
  type ResultsDoc,
  stringifyDoc,
} from "../../bench/results.ts";
import { matrixKeys, mergeResults, readDoc, sortByMatrix, writeAtomic } from "../../bench/store.ts";
import { InputError } from "../../errors.ts";
import { parseOptions } from "../args.ts";
import type { Deps } from "../deps.ts";
import type { Io } from "../io.ts";
import { checkWritable } from "../outputs.ts";

function metaOf(doc: ResultsDoc): BenchMeta | undefined {
  const b = doc.bench as BenchMeta | undefined;
  return b && typeof b === "object" && b.matrix ? b : undefined;
}

export async function mergeCommand(argv: string[], io: Io, _deps: Deps): Promise<number> {
  const { values, positionals } = parseOptions(
    "merge",
    argv,
    { out: { type: "string" }, help: { type: "boolean", short: "h" } },
    true,
  );
  if (positionals.length === 0)
    throw new InputError("merge: expected results files: merge A.json B.json … --out ALL.json");
  const out = values.out as string | undefined;
  if (out !== undefined) await checkWritable("--out", out);

  const docs = positionals.map((file) => ({ file, doc: readDoc(file) }));
  const merged = mergeResults(
    docs.map(({ file, doc }) => ({
      file,
      results: doc.results,
      errors: (doc.errors as CellError[] | undefined) ?? [],
    })),
  );
  for (const d of merged.duplicates.slice(0, 5)) {
    io.err(`merge: ${d.cell}: in ${d.files.join(" and ")} (same result; kept once)\n`);
  }
  if (merged.duplicates.length > 5)
    io.err(`merge: … and ${merged.duplicates.length - 5} more duplicate cells\n`);

  // One matrix for all inputs (the shards of one bench): order by it and check coverage.
  const metas = docs.map(({ doc }) => metaOf(doc));
  const first = metas[0];
  const sameMatrix =
    first !== undefined &&
    metas.every(
      (m) => m !== undefined && JSON.stringify(m.matrix) === JSON.stringify(first.matrix),
    );
  let meta: BenchMeta | undefined;
  let results = merged.results;
  let errors = merged.errors;
  let missing = 0;
  if (sameMatrix && first) {
    const keys = matrixKeys(first.matrix);
    results = sortByMatrix(results, keys);
    errors = sortByMatrix(errors, keys);
    const have = new Set([...results, ...errors].map(cellKey));
    missing = keys.filter((k) => !have.has(k)).length;
    const shards = metas.map((m) => m?.shard).filter((s) => s);
    meta = {
      ...first,
      shard: null,
      jobs: undefined,
      started_at: metas
        .map((m) => m?.started_at)
        .filter(Boolean)
        .sort()[0],
      finished_at: metas
        .map((m) => m?.finished_at)
        .filter(Boolean)
        .sort()
        .at(-1),
      wall_s: undefined,
      complete: missing === 0,
    };
    if (missing > 0) {
      const count = shards[0]?.count;
      const got = [...new Set(shards.map((s) => s?.index))].sort((a, b) => (a ?? 0) - (b ?? 0));
      io.err(
        `warning: merge: ${missing} of ${keys.length} cells of the matrix have no result${count ? ` (shards merged: ${got.join(",")} of ${count})` : ""}\n`,
      );
    }
  } else if (metas.some((m) => m !== undefined)) {
    io.err(
      "warning: merge: the inputs come from different bench matrices; summaries cover whatever they hold\n",
    );
  }

  const variants = sameMatrix && first ? first.matrix.variants : [];
  const blocks = groupBlocks(results, errors, variants);
  const doc = {
    results,
    summaries: summaries(blocks, ALL_METRICS),
    errors,
    statistics: STATISTICS,
    ...(meta ? { bench: meta } : {}),
  };
  const text = stringifyDoc(doc);
  if (out !== undefined) {
    writeAtomic(out, text);
    io.err(
      `merge: ${docs.length} files, ${results.length} results${errors.length ? `, ${errors.length} failed cells` : ""}${merged.duplicates.length ? `, ${merged.duplicates.length} duplicates kept once` : ""} → ${out}\n`,
    );
  } else io.out(text);
  return 0;
}
