// `scx-playground machine NAME`: draw a machine's topology.

import { InputError } from "../../errors.ts";
import { parseOptions } from "../args.ts";
import type { Deps } from "../deps.ts";
import type { Io } from "../io.ts";

export async function machineCommand(argv: string[], io: Io, deps: Deps): Promise<number> {
  const { positionals } = parseOptions(
    "machine",
    argv,
    { help: { type: "boolean", short: "h" } },
    true,
  );
  if (positionals.length !== 1)
    throw new InputError("machine: expected one machine NAME or FILE.json");
  const drawing = await deps.drawTopology(await deps.loadMachine(positionals[0]));
  io.out(drawing.endsWith("\n") ? drawing : `${drawing}\n`);
  return 0;
}
