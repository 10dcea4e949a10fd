// The options shared by `run` and `compare` (CONTRACT.md "The command line"), parsed with
// node:util parseArgs and checked into a RunOptions. Parsing never loads a policy, machine or
// workload: that is setup.ts's job, so argument errors come back at once.

import { type ParseArgsConfig, parseArgs } from "node:util";
import { InputError } from "../errors.ts";
import { parseDuration, parseInteger, parseParams, parseSeeds, splitList } from "./values.ts";

export interface RunOptions {
  /** One entry for `run`, one or more for `compare`. */
  policies: string[];
  params: Record<string, number | boolean>;
  /** Exactly one of machine / cpus is set. */
  machine?: string;
  cpus?: number;
  workload: string;
  /** Undefined: the workload's own duration, else 10 s. */
  durationNs?: number;
  seeds: number[];
  json: boolean;
  trace?: string;
  log?: string;
}

/** Upper bound for --cpus: the engine's masks and the contract's ids have no hard limit, a
 * typo like --cpus 40000 deserves an error rather than a very long run. */
export const MAX_CPUS = 4096;

const RUN_OPTIONS = {
  policy: { type: "string", multiple: true },
  param: { type: "string", multiple: true },
  machine: { type: "string" },
  cpus: { type: "string" },
  workload: { type: "string" },
  duration: { type: "string" },
  seed: { type: "string" },
  json: { type: "boolean" },
  trace: { type: "string" },
  log: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const COMPARE_OPTIONS = { ...RUN_OPTIONS, seeds: { type: "string" } } as const;

type Command = "run" | "compare";

/** parseArgs with its errors turned into InputErrors that name the command. */
export function parseOptions(
  command: string,
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  allowPositionals = false,
): {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
} {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (!err.code?.startsWith("ERR_PARSE_ARGS")) throw e;
    const unknown = /Unknown option '([^']+)'/.exec(err.message);
    const message = unknown
      ? `unknown option ${unknown[1]} (see: scx-playground help ${command})`
      : err.message;
    throw new InputError(`${command}: ${message}`);
  }
}

/** Whether argv asks for the command's help; checked before anything else is validated. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

export function parseRunOptions(command: Command, argv: string[]): RunOptions {
  const { values } = parseOptions(command, argv, command === "run" ? RUN_OPTIONS : COMPARE_OPTIONS);
  const str = (k: string) => values[k] as string | undefined;

  const policies = ((values.policy as string[] | undefined) ?? []).flatMap(splitPolicies);
  if (policies.length === 0) throw new InputError(`${command}: missing --policy NAME|FILE.ts`);
  if (command === "run" && policies.length > 1) {
    throw new InputError(`run: --policy takes one policy (use compare for several)`);
  }

  const machine = str("machine");
  const cpusText = str("cpus");
  if (machine !== undefined && cpusText !== undefined) {
    throw new InputError(`${command}: --machine and --cpus are mutually exclusive`);
  }
  if (machine === undefined && cpusText === undefined) {
    throw new InputError(`${command}: missing --machine NAME|FILE.json or --cpus N`);
  }
  const cpus = cpusText === undefined ? undefined : parseInteger("--cpus", cpusText, 1, MAX_CPUS);

  const workload = str("workload");
  if (workload === undefined) throw new InputError(`${command}: missing --workload NAME|FILE.json`);

  const durationText = str("duration");
  const seedText = str("seed");
  const seedsText = str("seeds");
  if (seedText !== undefined && seedsText !== undefined) {
    throw new InputError(`${command}: --seed and --seeds are mutually exclusive`);
  }
  const seeds =
    seedsText !== undefined
      ? parseSeeds("--seeds", seedsText)
      : [seedText === undefined ? 1 : parseInteger("--seed", seedText, 0, Number.MAX_SAFE_INTEGER)];

  return {
    policies,
    params: parseParams((values.param as string[] | undefined) ?? []),
    machine,
    cpus,
    workload,
    durationNs: durationText === undefined ? undefined : parseDuration("--duration", durationText),
    seeds,
    json: values.json === true,
    trace: str("trace"),
    log: str("log"),
  };
}

/** A --policy value: a comma-separated list, except that a .ts path is taken whole. */
function splitPolicies(text: string): string[] {
  return /\.ts$/i.test(text.trim()) && !text.includes(",") ? [text.trim()] : splitList(text);
}
