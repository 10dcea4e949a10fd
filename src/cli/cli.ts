// The command dispatcher: picks the command, shows help, and turns errors into the contract's
// exit statuses — 2 for anything the user can fix (InputError), 1 for everything else.

import { isInputError } from "../errors.ts";
import { wantsHelp } from "./args.ts";
import { benchCommand } from "./commands/bench.ts";
import { compareCommand } from "./commands/compare.ts";
import { helpText } from "./commands/help.ts";
import { listCommand } from "./commands/list.ts";
import { machineCommand } from "./commands/machine.ts";
import { mergeCommand } from "./commands/merge.ts";
import { reportCommand } from "./commands/report.ts";
import { runCommand } from "./commands/run.ts";
import { type Deps, realDeps } from "./deps.ts";
import type { Io } from "./io.ts";

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

type Command = (argv: string[], io: Io, deps: Deps) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  compare: compareCommand,
  bench: benchCommand,
  merge: mergeCommand,
  report: reportCommand,
  list: listCommand,
  machine: machineCommand,
};

const PROG = "scx-playground";

/** Runs the CLI on argv (without node and script) and returns the exit status. */
export async function cli(argv: string[], io: Io, deps: Deps = realDeps): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(helpText() as string);
    return EXIT_INPUT;
  }
  if (name === "--help" || name === "-h") {
    io.out(helpText() as string);
    return EXIT_OK;
  }
  if (name === "help") {
    const text = helpText(rest[0]);
    if (text === undefined) {
      io.err(
        `${PROG}: error: no command "${rest[0]}"; commands: ${Object.keys(COMMANDS).join(", ")}, help\n`,
      );
      return EXIT_INPUT;
    }
    io.out(text);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(
      `${PROG}: error: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}, help\n`,
    );
    return EXIT_INPUT;
  }
  if (wantsHelp(rest)) {
    io.out(helpText(name) as string);
    return EXIT_OK;
  }
  try {
    return await command(rest, io, deps);
  } catch (e) {
    if (isInputError(e)) {
      io.err(`${PROG}: error: ${e.message}\n`);
      return EXIT_INPUT;
    }
    io.err(`${PROG}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
