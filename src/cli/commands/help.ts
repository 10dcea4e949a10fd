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
  --log FILE                 also write every callback and helper call as JSON Lines
  --fallback                 (run) after an ejection, keep simulating under the default
                             policy, as the kernel falls back to the fair class`;

const TEXTS: Record<string, string> = {
  main: `scx-playground — run sched_ext scheduling policies on a simulated machine

usage: scx-playground <command> [options]

commands:
  run       run one simulation and print its summary
  compare   run several policies on the same machine/workload/seeds, side by side
  bench     run a matrix: policies × machines × workloads × seeds, on all cores
  merge     join the results files of a sharded bench
  report    write a self-contained HTML report of bench results
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
by side. With several seeds a cell is the mean over the seeds ± its 95 % confidence interval
(Student t), and a Δ column after each policy gives the difference to the first policy, paired
by seed, marked * when significant (paired t-test, p < 0.05). Ejected runs are left out.
${RUN_OPTIONS.replace("a built-in policy or an AssemblyScript policy file", "comma-separated policies (names or files)").replace("set a policy knob (repeatable); VALUE is a number or true/false", "set a knob (repeatable); KEY=V1,V2,... sweeps it (a column each)")}
  --seeds LIST               seeds to run each policy with: 1..10 or 1,2,5 (instead of --seed)
  --csv                      print the statistics as CSV (one row per policy and metric)
  --markdown                 print the table as Markdown
  --json                     print { "results": [ one run result per policy and seed ],
                             "summaries": [ … ], "statistics": { … } }

A --param applies to every policy that has that knob; a knob whose name ends in _ns also takes
durations (50us, 1ms). --trace/--log FILE write one file per run: FILE with ".<policy>" (and
".seed<N>" for several seeds) before its extension.

example:
  scx-playground compare --policy simple,lavd --cpus 8 --workload desktop --seeds 1..10
`,
  bench: `usage: scx-playground bench --policy P1,P2,... (--machine M1,M2,... | --cpus N1,N2,...)
                          --workload W1,W2,... [--seeds 1..20] [options]

Runs every cell of the matrix policies × knob settings × machines × workloads × seeds on a pool
of worker threads, shows progress on stderr, writes results as they finish, and prints a table
per machine and workload at the end (as compare does). An ejected policy is a result; a cell
whose simulation fails is reported and the bench goes on (exit status 1 at the end).

  --policy LIST              built-in policies or .ts files (comma-separated or repeated)
  --param KEY=V1,V2,...      set or sweep a knob (repeatable; sweeps multiply the matrix);
                             _ns knobs also take durations: --param slice_ns=50us,1ms,20ms
  --machine LIST             machine presets or files (comma-separated or repeated)
  --cpus LIST                N identical CPUs each (with or instead of --machine)
  --workload LIST            workload presets or files
  --duration TIME            simulated time of every cell (default: each workload's own, else 10s)
  --seeds LIST               1..20 or 1,2,5 (default: --seed, default 1)
  --jobs N                   worker threads (default: one per core)
  --out FILE                 write { "results": [...], "summaries", "errors", "bench" } to FILE;
                             finished cells go to FILE.partial as they finish
  --resume                   keep the finished cells of FILE (and FILE.partial); run the rest
  --shard I/N                run only part I of N of the matrix (cells k with k mod N = I-1)
  --json | --csv | --markdown  print the results document / the statistics as CSV / Markdown
  --progress MODE            auto (a bar on a terminal, lines otherwise), bar, plain or none
  --trace FILE, --log FILE   one file per cell: FILE.<policy>.<machine>.<workload>.seed<N>.ext

examples:
  scx-playground bench --policy simple,lavd --machine apple-m1,i7-13700 --workload desktop,server \\
      --seeds 1..20 --out results.json
  scx-playground bench ... --out results.json --resume     # after an interruption
  scx-playground bench ... --shard 2/4 --out part2.json     # one job of four
`,
  merge: `usage: scx-playground merge A.json B.json ... [--out ALL.json]

Joins results files (the shards of a bench): the union of their results, with the summaries
recomputed. A cell found in two files is kept once if both results agree and is an error if
they differ. Warns when cells of the bench's matrix are missing. Without --out, prints to stdout.
`,
  report: `usage: scx-playground report RESULTS.json [MORE.json ...] [--out report.html] [--title TEXT]

Writes a self-contained HTML report (inline CSS, SVG and JS; nothing from the network) of bench,
merge or compare --json results: statistics tables, latency CDFs per policy pooled over seeds,
and bar charts of each headline metric across machines and workloads. Default --out: beside the
first file, with .html for its extension.
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

export const COMMANDS = [
  "run",
  "compare",
  "bench",
  "merge",
  "report",
  "list",
  "machine",
  "help",
] as const;
