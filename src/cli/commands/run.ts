// `scx-playground run`: one simulation, printed as a summary or as the contract's JSON.

import { summarize } from "../../metrics/summary.ts";
import { parseRunOptions } from "../args.ts";
import type { Deps } from "../deps.ts";
import type { Io } from "../io.ts";
import { checkWritable, writeOutputs } from "../outputs.ts";
import { prepareCells } from "../setup.ts";
import { summaryText } from "../summaryText.ts";

export async function runCommand(argv: string[], io: Io, deps: Deps): Promise<number> {
  const opts = parseRunOptions("run", argv);
  if (opts.trace !== undefined) await checkWritable("--trace", opts.trace);
  if (opts.log !== undefined) await checkWritable("--log", opts.log);
  const [cell] = await prepareCells(opts, deps, io, false);
  const raw = await deps.simulate(cell.request);
  await writeOutputs(raw, { trace: opts.trace, log: opts.log });
  const result = summarize(raw);
  io.out(opts.json ? `${JSON.stringify(result, null, 2)}\n` : summaryText(result));
  return 0;
}
