// Usage texts, one per command (`help COMMAND`, `COMMAND --help`). docs/cli.md says the same
// at more length; keep the two in step.

const RUN_OPTIONS = `
  --policy NAME|FILE.ts      a built-in policy or an AssemblyScript policy file
  --param KEY=VALUE          set a policy knob (repeatable); VALUE is a number or true/false
  --machine NAME|FILE.json   a machine preset or file, or instead:
  --cpus N                   N identical CPUs, no SMT, zero overheads, tickless
  --workload NAME|FILE.json  a workload preset or file (native or rt-app JSON)
  --duration TIME            simulated time, e.g. 500ms, 10s (default: the workload's, else 10s)
  --seed N                   PRNG seed (default 1)
  --json                     print the result as JSON instead of the summary
  --trace FILE               also write a Perfetto trace (Chrome trace-event JSON)
  --log FILE                 also write every callback and helper call as JSON Lines`;

const TEXTS: Record<string, string> = {
  main: `scx-playground — run sched_ext scheduling policies on a simulated machine

usage: scx-playground <command> [options]

commands:
  run       run one simulation and print its summary
  compare   run several policies on the same machine/workload/seeds, side by side
  list      list built-in policies, machines and workloads
  machine   draw a machine's topology
  help      show help for a command

Run "scx-playground help <command>" for its options.
Exit status: 0 the simulation ran (even if the policy was ejected), 2 bad arguments or
input, 1 internal error.
`,
  run: `usage: scx-playground run --policy P (--machine M | --cpus N) --workload W [options]

Runs one simulation and prints its summary (or, with --json, the result as JSON).
${RUN_OPTIONS}

example:
  scx-playground run --policy simple --cpus 4 --workload desktop --duration 2s
`,
  compare: `usage: scx-playground compare --policy P1,P2,... (--machine M | --cpus N) --workload W [options]

Runs every policy on the same machine, workload and seeds (in parallel) and prints them side
by side; with several seeds each column is the mean over the seeds. --json prints
{ "results": [ one run result per policy and seed ] }.
${RUN_OPTIONS.replace("a built-in policy or an AssemblyScript policy file", "comma-separated policies (names or files)")}
  --seeds LIST               seeds to run each policy with: 1..10 or 1,2,5 (instead of --seed)

A --param applies to every policy that has that knob. --trace/--log FILE write one file per
run: FILE with ".<policy>" (and ".seed<N>" for several seeds) before its extension.

example:
  scx-playground compare --policy simple,fifo --cpus 8 --workload desktop --seeds 1..3
`,
  list: `usage: scx-playground list [policies|machines|workloads] [--json]
       scx-playground list machines --detail NAME

Lists the built-in policies, machines and workloads with one-line descriptions.
  --detail NAME   (machines) draw that machine's topology
  --json          print the lists as JSON
`,
  machine: `usage: scx-playground machine NAME|FILE.json [--export]

Draws a machine's topology: cores, SMT siblings, clusters, LLCs and NUMA nodes.

  --export   print the machine as a machine file instead (every number, defaults
             included): edit it and load it back with --machine FILE.json
`,
  help: `usage: scx-playground help [command]
`,
};

/** Usage text of a command (the overview for undefined), or undefined if there is none. */
export function helpText(command?: string): string | undefined {
  return TEXTS[command ?? "main"];
}

export const COMMANDS = ["run", "compare", "list", "machine", "help"] as const;
