// `scx-playground report RESULTS.json … --out report.html`: a self-contained HTML report of
// bench (or compare --json, or merge) results: tables, latency CDFs and bar charts, no network.

import { basename, dirname, extname, join } from "node:path";
import { renderReport } from "../../bench/report.ts";
import type { BenchMeta, CellError } from "../../bench/results.ts";
import { mergeResults, readDoc, writeAtomic } from "../../bench/store.ts";
import { InputError } from "../../errors.ts";
import { parseOptions } from "../args.ts";
import type { Deps } from "../deps.ts";
import type { Io } from "../io.ts";
import { checkWritable } from "../outputs.ts";

export async function reportCommand(argv: string[], io: Io, _deps: Deps): Promise<number> {
  const { values, positionals } = parseOptions(
    "report",
    argv,
    {
      out: { type: "string" },
      title: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (positionals.length === 0) {
    throw new InputError("report: expected a results file: report results.json --out report.html");
  }
  const first = positionals[0];
  const out =
    (values.out as string | undefined) ??
    join(dirname(first), `${basename(first, extname(first))}.html`);
  await checkWritable("--out", out);
  const docs = positionals.map((file) => ({ file, doc: readDoc(file) }));
  const merged = mergeResults(
    docs.map(({ file, doc }) => ({
      file,
      results: doc.results,
      errors: (doc.errors as CellError[] | undefined) ?? [],
    })),
  );
  const meta = docs.length === 1 ? (docs[0].doc.bench as BenchMeta | undefined) : undefined;
  const html = renderReport({
    results: merged.results,
    errors: merged.errors,
    meta: meta && typeof meta === "object" && meta.matrix ? meta : undefined,
    sources: positionals.map((p) => basename(p)),
    title: values.title as string | undefined,
  });
  writeAtomic(out, html);
  io.err(`report: ${out} (${merged.results.length} results)\n`);
  return 0;
}
