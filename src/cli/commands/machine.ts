// `scx-playground machine NAME`: draw a machine's topology; `--export` prints it as a machine
// file instead, to edit and load back with `--machine FILE.json`.

import { InputError } from "../../errors.ts";
import { parseOptions } from "../args.ts";
import type { Deps } from "../deps.ts";
import type { Io } from "../io.ts";

export async function machineCommand(argv: string[], io: Io, deps: Deps): Promise<number> {
  const { positionals, values } = parseOptions(
    "machine",
    argv,
    { help: { type: "boolean", short: "h" }, export: { type: "boolean" } },
    true,
  );
  if (positionals.length !== 1)
    throw new InputError("machine: expected one machine NAME or FILE.json");
  if (values.export) {
    const file = await deps.exportMachine(await deps.loadMachine(positionals[0]));
    io.out(`${JSON.stringify(file, null, 2)}\n`);
    return 0;
  }
  const drawing = await deps.drawTopology(await deps.loadMachine(positionals[0]));
  io.out(drawing.endsWith("\n") ? drawing : `${drawing}\n`);
  return 0;
}
