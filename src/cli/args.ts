// The options shared by `run` and `compare` (CONTRACT.md "The command line"), parsed with
// node:util parseArgs and checked into a RunOptions. Parsing never loads a policy, machine or
// workload: that is setup.ts's job, so argument errors come back at once.

import { availableParallelism } from "node:os";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { parseShard } from "../bench/matrix.ts";
import { type KnobValue, type ParsedParams, parseParamItems } from "../bench/params.ts";
import type { ProgressMode } from "../bench/progress.ts";
import { InputError } from "../errors.ts";
import { parseDuration, parseInteger, parseSeeds, splitList } from "./values.ts";

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
  /** run only: after an ejection, go on under the default policy. */
  fallback?: boolean;
  /** compare only: knobs given several values (--param KEY=V1,V2), each a column. */
  sweep?: Record<string, KnobValue[]>;
  /** compare only: print the table as CSV / Markdown. */
  csv?: boolean;
  markdown?: boolean;
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
  fallback: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const COMPARE_OPTIONS = {
  ...RUN_OPTIONS,
  seeds: { type: "string" },
  csv: { type: "boolean" },
  markdown: { type: "boolean" },
} as const;

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

  const parsed = parseParamItems((values.param as string[] | undefined) ?? []);
  const swept = Object.keys(parsed.sweep);
  if (command === "run" && swept.length > 0) {
    throw new InputError(
      `run: --param ${swept[0]} takes one value (use compare or bench to sweep a knob)`,
    );
  }
  const format = command === "compare" ? outputFormat(command, values) : undefined;
  if (command !== "run" && values.fallback === true) {
    throw new InputError(`${command}: --fallback is an option of run`);
  }

  return {
    policies,
    params: parsed.params,
    ...(swept.length > 0 ? { sweep: parsed.sweep } : {}),
    ...(format === "csv" ? { csv: true } : {}),
    ...(format === "markdown" ? { markdown: true } : {}),
    machine,
    cpus,
    workload,
    durationNs: durationText === undefined ? undefined : parseDuration("--duration", durationText),
    seeds,
    json: values.json === true,
    trace: str("trace"),
    log: str("log"),
    ...(values.fallback === true ? { fallback: true } : {}),
  };
}

/** --json, --csv and --markdown: at most one. */
function outputFormat(
  command: string,
  values: Record<string, unknown>,
): "json" | "csv" | "markdown" | "text" {
  const given = (["json", "csv", "markdown"] as const).filter((k) => values[k] === true);
  if (given.length > 1) {
    throw new InputError(
      `${command}: ${given.map((k) => `--${k}`).join(" and ")} are mutually exclusive`,
    );
  }
  return given[0] ?? "text";
}

export interface BenchOptions {
  policies: string[];
  params: ParsedParams;
  machines: string[];
  cpus: number[];
  workloads: string[];
  durationNs?: number;
  seeds: number[];
  /** Worker threads (default: one per core). */
  jobs: number;
  out?: string;
  resume: boolean;
  shard: { index: number; count: number } | null;
  format: "json" | "csv" | "markdown" | "text";
  progress: "auto" | ProgressMode;
  trace?: string;
  log?: string;
}

const BENCH_OPTIONS = {
  ...COMPARE_OPTIONS,
  machine: { type: "string", multiple: true },
  cpus: { type: "string", multiple: true },
  workload: { type: "string", multiple: true },
  jobs: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean" },
  shard: { type: "string" },
  progress: { type: "string" },
} as const;

const PROGRESS_MODES = ["auto", "bar", "plain", "none"] as const;

/** `bench`: lists everywhere (--policy, --machine, --cpus, --workload, --seeds, --param values). */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseOptions("bench", argv, BENCH_OPTIONS);
  const str = (k: string) => values[k] as string | undefined;
  const many = (k: string): string[] =>
    ((values[k] as string[] | undefined) ?? []).flatMap(splitList);

  const policies = ((values.policy as string[] | undefined) ?? []).flatMap(splitPolicies);
  if (policies.length === 0) throw new InputError("bench: missing --policy P1,P2,…");
  const machines = many("machine");
  const cpus = many("cpus").map((n) => parseInteger("--cpus", n, 1, MAX_CPUS));
  if (machines.length === 0 && cpus.length === 0) {
    throw new InputError("bench: missing --machine M1,M2,… or --cpus N1,N2,…");
  }
  const workloads = many("workload");
  if (workloads.length === 0) throw new InputError("bench: missing --workload W1,W2,…");

  const seedText = str("seed");
  const seedsText = str("seeds");
  if (seedText !== undefined && seedsText !== undefined) {
    throw new InputError("bench: --seed and --seeds are mutually exclusive");
  }
  const seeds =
    seedsText !== undefined
      ? parseSeeds("--seeds", seedsText)
      : [seedText === undefined ? 1 : parseInteger("--seed", seedText, 0, Number.MAX_SAFE_INTEGER)];

  const jobsText = str("jobs");
  const jobs =
    jobsText === undefined
      ? Math.max(1, availableParallelism())
      : parseInteger("--jobs", jobsText, 1, 1024);
  const out = str("out");
  const resume = values.resume === true;
  if (resume && out === undefined) throw new InputError("bench: --resume needs --out FILE");
  const progress = str("progress") ?? "auto";
  if (!(PROGRESS_MODES as readonly string[]).includes(progress)) {
    throw new InputError(
      `bench: --progress ${JSON.stringify(progress)}: expected one of ${PROGRESS_MODES.join(", ")}`,
    );
  }
  const durationText = str("duration");
  const shardText = str("shard");
  return {
    policies,
    params: parseParamItems((values.param as string[] | undefined) ?? []),
    machines,
    cpus,
    workloads,
    durationNs: durationText === undefined ? undefined : parseDuration("--duration", durationText),
    seeds,
    jobs,
    out,
    resume,
    shard: shardText === undefined ? null : parseShard(shardText),
    format: outputFormat("bench", values),
    progress: progress as BenchOptions["progress"],
    trace: str("trace"),
    log: str("log"),
  };
}

/** A --policy value: a comma-separated list, except that a .ts path is taken whole. */
function splitPolicies(text: string): string[] {
  return /\.ts$/i.test(text.trim()) && !text.includes(",") ? [text.trim()] : splitList(text);
}
